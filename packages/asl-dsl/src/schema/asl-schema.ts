import { z } from 'zod';
import type {
  ChoiceComparisons,
  ChoiceExpression,
  JsonObject,
  JsonValue,
  State,
  StateGraph,
  StateMachineDefinition,
} from '../model/index.js';

/*
 * A zod schema of the complete current Amazon States Language: every field of every state type in
 * both query languages (JSONPath and JSONata). Objects are strict because AWS rejects unknown fields.
 * Value-level rules that need context (which query language a state uses, whether a path is a
 * Reference Path, whether a Next names a state) belong to `validate()`, which reports them with codes.
 */

/** Any JSON value (payload templates, Result, Output...). */
export const jsonValueSchema: z.ZodType<JsonValue> = z.json();
const json = jsonValueSchema;
const jsonObject: z.ZodType<JsonObject> = z.record(z.string(), json);
/** A number, or a string for a JSONata `{% %}` expression or a `${Name}` substitution placeholder. */
const numberOrExpression = z.union([z.number(), z.string()]);
const path = z.string();
const nullablePath = z.union([z.string(), z.null()]);
const queryLanguage = z.enum(['JSONPath', 'JSONata']);

const common = {
  Comment: z.string().optional(),
  QueryLanguage: queryLanguage.optional(),
};
const transition = {
  Next: z.string().optional(),
  End: z.boolean().optional(),
};
const io = {
  InputPath: nullablePath.optional(),
  OutputPath: nullablePath.optional(),
};
const outputs = {
  Output: json.optional(),
  Assign: jsonObject.optional(),
};
const result = {
  // Any JSON: AWS deploys an array (or any value) as Parameters and passes it on as the effective input.
  Parameters: json.optional(),
  ResultSelector: jsonObject.optional(),
  ResultPath: nullablePath.optional(),
};

/** A Retry entry. */
export const retrierSchema = z.strictObject({
  ErrorEquals: z.array(z.string()),
  IntervalSeconds: z.number().optional(),
  MaxAttempts: z.number().optional(),
  BackoffRate: z.number().optional(),
  MaxDelaySeconds: z.number().optional(),
  JitterStrategy: z.enum(['FULL', 'NONE']).optional(),
  Comment: z.string().optional(),
});

/** A Catch entry. */
export const catcherSchema = z.strictObject({
  ErrorEquals: z.array(z.string()),
  Next: z.string(),
  ResultPath: nullablePath.optional(),
  Output: json.optional(),
  Assign: jsonObject.optional(),
  Comment: z.string().optional(),
});

const errorHandling = {
  Retry: z.array(retrierSchema).optional(),
  Catch: z.array(catcherSchema).optional(),
};

/** Every comparison operator of the model, no more, no fewer (the `satisfies` keeps the two lists in step). */
const comparisons = {
  StringEquals: z.string().optional(),
  StringEqualsPath: path.optional(),
  StringLessThan: z.string().optional(),
  StringLessThanPath: path.optional(),
  StringGreaterThan: z.string().optional(),
  StringGreaterThanPath: path.optional(),
  StringLessThanEquals: z.string().optional(),
  StringLessThanEqualsPath: path.optional(),
  StringGreaterThanEquals: z.string().optional(),
  StringGreaterThanEqualsPath: path.optional(),
  StringMatches: z.string().optional(),
  NumericEquals: z.number().optional(),
  NumericEqualsPath: path.optional(),
  NumericLessThan: z.number().optional(),
  NumericLessThanPath: path.optional(),
  NumericGreaterThan: z.number().optional(),
  NumericGreaterThanPath: path.optional(),
  NumericLessThanEquals: z.number().optional(),
  NumericLessThanEqualsPath: path.optional(),
  NumericGreaterThanEquals: z.number().optional(),
  NumericGreaterThanEqualsPath: path.optional(),
  BooleanEquals: z.boolean().optional(),
  BooleanEqualsPath: path.optional(),
  TimestampEquals: z.string().optional(),
  TimestampEqualsPath: path.optional(),
  TimestampLessThan: z.string().optional(),
  TimestampLessThanPath: path.optional(),
  TimestampGreaterThan: z.string().optional(),
  TimestampGreaterThanPath: path.optional(),
  TimestampLessThanEquals: z.string().optional(),
  TimestampLessThanEqualsPath: path.optional(),
  TimestampGreaterThanEquals: z.string().optional(),
  TimestampGreaterThanEqualsPath: path.optional(),
  IsNull: z.boolean().optional(),
  IsPresent: z.boolean().optional(),
  IsNumeric: z.boolean().optional(),
  IsString: z.boolean().optional(),
  IsBoolean: z.boolean().optional(),
  IsTimestamp: z.boolean().optional(),
} satisfies Record<keyof ChoiceComparisons, z.ZodType>;

/** A nested JSONPath boolean expression (inside And / Or / Not). */
export const choiceExpressionSchema: z.ZodType<ChoiceExpression> = z.strictObject({
  Variable: path.optional(),
  ...comparisons,
  And: z.array(z.lazy(() => choiceExpressionSchema)).optional(),
  Or: z.array(z.lazy(() => choiceExpressionSchema)).optional(),
  Not: z.lazy(() => choiceExpressionSchema).optional(),
});

/** A top-level Choice rule, JSONPath (`Variable` + comparison) or JSONata (`Condition`). */
export const choiceRuleSchema = z.strictObject({
  Variable: path.optional(),
  ...comparisons,
  And: z.array(choiceExpressionSchema).optional(),
  Or: z.array(choiceExpressionSchema).optional(),
  Not: choiceExpressionSchema.optional(),
  Condition: z.union([z.string(), z.boolean()]).optional(),
  Next: z.string(),
  Assign: jsonObject.optional(),
  Output: json.optional(),
  Comment: z.string().optional(),
});

const itemReaderSchema = z.strictObject({
  Resource: z.string(),
  ReaderConfig: z
    .strictObject({
      InputType: z.enum(['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET']).optional(),
      CSVHeaderLocation: z.enum(['FIRST_ROW', 'GIVEN']).optional(),
      CSVHeaders: z.array(z.string()).optional(),
      CSVDelimiter: z.enum(['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB']).optional(),
      ManifestType: z.enum(['ATHENA_DATA', 'S3_INVENTORY', 'CSV']).optional(),
      MaxItems: numberOrExpression.optional(),
      MaxItemsPath: path.optional(),
      ItemsPointer: z.string().optional(),
    })
    .optional(),
  Parameters: jsonObject.optional(),
  Arguments: json.optional(),
});

const itemBatcherSchema = z.strictObject({
  MaxItemsPerBatch: numberOrExpression.optional(),
  MaxItemsPerBatchPath: path.optional(),
  MaxInputBytesPerBatch: numberOrExpression.optional(),
  MaxInputBytesPerBatchPath: path.optional(),
  BatchInput: json.optional(),
});

const resultWriterSchema = z.strictObject({
  Resource: z.string().optional(),
  Parameters: jsonObject.optional(),
  Arguments: json.optional(),
  WriterConfig: z
    .strictObject({
      OutputType: z.enum(['JSON', 'JSONL']).optional(),
      Transformation: z.enum(['NONE', 'COMPACT', 'FLATTEN']).optional(),
    })
    .optional(),
});

const taskSchema = z.strictObject({
  Type: z.literal('Task'),
  ...common,
  ...transition,
  ...io,
  ...result,
  ...outputs,
  ...errorHandling,
  Resource: z.string(),
  Arguments: json.optional(),
  TimeoutSeconds: numberOrExpression.optional(),
  TimeoutSecondsPath: path.optional(),
  HeartbeatSeconds: numberOrExpression.optional(),
  HeartbeatSecondsPath: path.optional(),
  Credentials: jsonObject.optional(),
});

const passSchema = z.strictObject({
  Type: z.literal('Pass'),
  ...common,
  ...transition,
  ...io,
  ...outputs,
  Result: json.optional(),
  Parameters: json.optional(),
  ResultPath: nullablePath.optional(),
});

const choiceSchema = z.strictObject({
  Type: z.literal('Choice'),
  ...common,
  ...io,
  ...outputs,
  Choices: z.array(choiceRuleSchema),
  Default: z.string().optional(),
});

const waitSchema = z.strictObject({
  Type: z.literal('Wait'),
  ...common,
  ...transition,
  ...io,
  ...outputs,
  Seconds: numberOrExpression.optional(),
  SecondsPath: path.optional(),
  Timestamp: z.string().optional(),
  TimestampPath: path.optional(),
});

const succeedSchema = z.strictObject({
  Type: z.literal('Succeed'),
  ...common,
  ...io,
  Output: json.optional(),
});

const failSchema = z.strictObject({
  Type: z.literal('Fail'),
  ...common,
  Error: z.string().optional(),
  ErrorPath: path.optional(),
  Cause: z.string().optional(),
  CausePath: path.optional(),
});

/** A Parallel branch: a state graph. */
export const stateGraphSchema: z.ZodType<StateGraph> = z.strictObject({
  Comment: z.string().optional(),
  QueryLanguage: queryLanguage.optional(),
  StartAt: z.string(),
  get States() {
    return statesSchema;
  },
});

const itemProcessorSchema = z.strictObject({
  Comment: z.string().optional(),
  QueryLanguage: queryLanguage.optional(),
  ProcessorConfig: z
    .strictObject({
      Mode: z.enum(['INLINE', 'DISTRIBUTED']).optional(),
      ExecutionType: z.enum(['STANDARD', 'EXPRESS']).optional(),
    })
    .optional(),
  StartAt: z.string(),
  get States() {
    return statesSchema;
  },
});

const parallelSchema = z.strictObject({
  Type: z.literal('Parallel'),
  ...common,
  ...transition,
  ...io,
  ...result,
  ...outputs,
  ...errorHandling,
  Branches: z.array(stateGraphSchema),
  Arguments: json.optional(),
});

const mapSchema = z.strictObject({
  Type: z.literal('Map'),
  ...common,
  ...transition,
  ...io,
  ...result,
  ...outputs,
  ...errorHandling,
  ItemProcessor: itemProcessorSchema.optional(),
  Iterator: stateGraphSchema.optional(),
  ItemsPath: path.optional(),
  Items: json.optional(),
  ItemSelector: jsonObject.optional(),
  ItemReader: itemReaderSchema.optional(),
  ItemBatcher: itemBatcherSchema.optional(),
  ResultWriter: resultWriterSchema.optional(),
  MaxConcurrency: numberOrExpression.optional(),
  MaxConcurrencyPath: path.optional(),
  ToleratedFailureCount: numberOrExpression.optional(),
  ToleratedFailureCountPath: path.optional(),
  ToleratedFailurePercentage: numberOrExpression.optional(),
  ToleratedFailurePercentagePath: path.optional(),
  Label: z.string().optional(),
});

/** Any state, discriminated by `Type`. */
export const stateSchema: z.ZodType<State> = z.discriminatedUnion('Type', [
  taskSchema,
  passSchema,
  choiceSchema,
  waitSchema,
  succeedSchema,
  failSchema,
  parallelSchema,
  mapSchema,
]);

/** A `States` map: state name → state. */
const statesSchema: z.ZodType<Record<string, State>> = z.record(z.string(), stateSchema);

/**
 * The complete Amazon States Language, JSONPath and JSONata, as a zod schema. Use it on any ASL JSON:
 * `aslSchema.parse(JSON.parse(text))` gives a typed {@link StateMachineDefinition}.
 * @see https://states-language.net/spec.html
 */
export const aslSchema: z.ZodType<StateMachineDefinition> = z.strictObject({
  Comment: z.string().optional(),
  QueryLanguage: queryLanguage.optional(),
  StartAt: z.string(),
  get States() {
    return statesSchema;
  },
  Version: z.string().optional(),
  TimeoutSeconds: z.number().optional(),
});
