import type { JsonObject, JsonValue } from './json.js';

/** The comparison operators of a JSONPath Choice rule, with the type of value each takes. */
export interface ChoiceComparisons {
  StringEquals?: string;
  StringEqualsPath?: string;
  StringLessThan?: string;
  StringLessThanPath?: string;
  StringGreaterThan?: string;
  StringGreaterThanPath?: string;
  StringLessThanEquals?: string;
  StringLessThanEqualsPath?: string;
  StringGreaterThanEquals?: string;
  StringGreaterThanEqualsPath?: string;
  StringMatches?: string;
  NumericEquals?: number;
  NumericEqualsPath?: string;
  NumericLessThan?: number;
  NumericLessThanPath?: string;
  NumericGreaterThan?: number;
  NumericGreaterThanPath?: string;
  NumericLessThanEquals?: number;
  NumericLessThanEqualsPath?: string;
  NumericGreaterThanEquals?: number;
  NumericGreaterThanEqualsPath?: string;
  BooleanEquals?: boolean;
  BooleanEqualsPath?: string;
  TimestampEquals?: string;
  TimestampEqualsPath?: string;
  TimestampLessThan?: string;
  TimestampLessThanPath?: string;
  TimestampGreaterThan?: string;
  TimestampGreaterThanPath?: string;
  TimestampLessThanEquals?: string;
  TimestampLessThanEqualsPath?: string;
  TimestampGreaterThanEquals?: string;
  TimestampGreaterThanEqualsPath?: string;
  IsNull?: boolean;
  IsPresent?: boolean;
  IsNumeric?: boolean;
  IsString?: boolean;
  IsBoolean?: boolean;
  IsTimestamp?: boolean;
}

/** Every comparison operator name of a JSONPath Choice rule, in the order the ASL specification lists them (the serializer writes Choice rules in this order). */
export const CHOICE_COMPARISON_OPERATORS = [
  'StringEquals',
  'StringEqualsPath',
  'StringLessThan',
  'StringLessThanPath',
  'StringGreaterThan',
  'StringGreaterThanPath',
  'StringLessThanEquals',
  'StringLessThanEqualsPath',
  'StringGreaterThanEquals',
  'StringGreaterThanEqualsPath',
  'StringMatches',
  'NumericEquals',
  'NumericEqualsPath',
  'NumericLessThan',
  'NumericLessThanPath',
  'NumericGreaterThan',
  'NumericGreaterThanPath',
  'NumericLessThanEquals',
  'NumericLessThanEqualsPath',
  'NumericGreaterThanEquals',
  'NumericGreaterThanEqualsPath',
  'BooleanEquals',
  'BooleanEqualsPath',
  'TimestampEquals',
  'TimestampEqualsPath',
  'TimestampLessThan',
  'TimestampLessThanPath',
  'TimestampGreaterThan',
  'TimestampGreaterThanPath',
  'TimestampLessThanEquals',
  'TimestampLessThanEqualsPath',
  'TimestampGreaterThanEquals',
  'TimestampGreaterThanEqualsPath',
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
] as const satisfies readonly (keyof ChoiceComparisons)[];

/**
 * A JSONPath boolean expression: one comparison on `Variable`, or And/Or/Not of nested expressions.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export interface ChoiceExpression extends ChoiceComparisons {
  Variable?: string;
  And?: ChoiceExpression[];
  Or?: ChoiceExpression[];
  Not?: ChoiceExpression;
}

/**
 * A top-level Choice rule: a JSONPath expression or a JSONata `Condition`, with the state to go to.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export interface ChoiceRule extends ChoiceExpression {
  /** JSONata: a `{% %}` expression (or literal boolean) that selects this rule. */
  Condition?: string | boolean;
  Next: string;
  Assign?: JsonObject;
  /** JSONata: the state output when this rule matches. */
  Output?: JsonValue;
  Comment?: string;
}
