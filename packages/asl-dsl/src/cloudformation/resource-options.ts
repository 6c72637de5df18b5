import { z } from 'zod';
import { AslDslError } from '../builder/errors.js';
import {
  type CfnString,
  type CfnSubstitutionValue,
  cfnStringSchema,
  cfnSubstitutionValueSchema,
} from './cfn-value.js';

/**
 * Where and how much a state machine logs.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 */
export interface StateMachineLogging {
  /** Which events are logged. */
  level: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
  /**
   * Log state input and output too.
   * @default false
   */
  includeExecutionData?: boolean;
  /** The CloudWatch Logs log group ARN (ending in `:*`); required unless level is OFF. */
  logGroupArn?: CfnString;
}

/**
 * The DefinitionSubstitutions keys of a machine: the keys a builder machine declared (so a missing
 * or misspelt key is a compile error), any string for a plain model.
 */
export type SubstitutionKeys<M> = M extends { readonly substitutionKeys: readonly (infer K)[] }
  ? K extends string
    ? K
    : string
  : string;

/** Options every embedding of a machine shares; `K` are the substitution keys. */
export interface EmbeddingOptions<K extends string = string> {
  /**
   * Values for the definition's `${Name}` placeholders; every placeholder needs a key and every key
   * must be used. Typed from the builder machine's declared `substitutions`.
   * @default no substitutions (the definition must then have no placeholders)
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html#cfn-stepfunctions-statemachine-definitionsubstitutions
   */
  definitionSubstitutions?: Readonly<Record<K, CfnSubstitutionValue>>;
  /**
   * The state machine's name (at most 80 characters).
   * @default a name CloudFormation generates
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html#cfn-stepfunctions-statemachine-statemachinename
   */
  stateMachineName?: CfnString;
  /**
   * @default "STANDARD"
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html
   */
  type?: 'STANDARD' | 'EXPRESS';
  /**
   * CloudWatch Logs logging.
   * @default no logging configuration
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html#cfn-stepfunctions-statemachine-loggingconfiguration
   */
  logging?: StateMachineLogging;
  /**
   * Turn on AWS X-Ray tracing.
   * @default false
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html
   */
  tracing?: boolean;
  /**
   * Resource tags.
   * @default no tags
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html#cfn-stepfunctions-statemachine-tags
   */
  tags?: Readonly<Record<string, string>>;
}

const loggingSchema = z
  .object({
    level: z.enum(['ALL', 'ERROR', 'FATAL', 'OFF']),
    includeExecutionData: z.boolean().optional(),
    logGroupArn: cfnStringSchema.optional(),
  })
  .strict()
  .refine((logging) => logging.level === 'OFF' || logging.logGroupArn !== undefined, {
    message: 'logGroupArn is required unless level is OFF',
    path: ['logGroupArn'],
  });

/** The shared options, checked at the boundary (JavaScript callers get no compile-time check). */
export const embeddingOptionsShape = {
  definitionSubstitutions: z.record(z.string().min(1), cfnSubstitutionValueSchema).optional(),
  stateMachineName: cfnStringSchema.optional(),
  type: z.enum(['STANDARD', 'EXPRESS']).optional(),
  logging: loggingSchema.optional(),
  tracing: z.boolean().optional(),
  tags: z.record(z.string().min(1), z.string()).optional(),
};

/** The CloudFormation/SAM `LoggingConfiguration` / `Logging` property of a logging option. */
export function loggingProperty(logging: StateMachineLogging): Record<string, unknown> {
  return {
    Level: logging.level,
    ...(logging.includeExecutionData === undefined
      ? {}
      : { IncludeExecutionData: logging.includeExecutionData }),
    ...(logging.logGroupArn === undefined
      ? {}
      : { Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: logging.logGroupArn } }] }),
  };
}

/**
 * Parses options with a zod schema, turning the first problem into an `AslDslError` that names the
 * option (as a JSON pointer into the options object).
 */
export function parseOptions<T>(schema: z.ZodType<T>, options: unknown, helper: string): T {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path ?? [];
  const pointer = `/${path.map((part) => String(part).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
  throw new AslDslError(
    'InvalidFieldValue',
    `${helper} option ${path.join('.') || '(options)'}: ${issue?.message}`,
    {
      pointer,
    },
  );
}
