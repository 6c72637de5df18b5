import type { ChoiceComparisons, ChoiceExpression } from '../model/choice-rule.js';
import { AslDslError } from './errors.js';
import { checkRawPath } from './raw-expression.js';
import { childEnv } from './refs/field-env.js';
import { isPathRef, type PathRef, refData } from './refs/path-ref.js';
import { type RenderEnv, renderRef } from './refs/render-ref.js';

/** A raw JSONPath string, the escape hatch where a typed reference does not fit. Checked at build time. */
export type RawPath = `$${string}`;

/** A reference to a value of type `T` (or a raw JSONPath). Optional fields are accepted. */
export type Operand<T> = PathRef<T | null | undefined> | RawPath;

type Comparison = {
  readonly kind: 'comparison';
  readonly operator: keyof ChoiceComparisons;
  readonly variable: Operand<unknown>;
  readonly value: string | number | boolean | Operand<unknown>;
};

/**
 * A JSONPath Choice condition built with {@link cond}: a comparison, or And/Or/Not of conditions.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html#amazon-states-language-choice-state-rules
 */
export type Condition =
  | Comparison
  | { readonly kind: 'and' | 'or'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'not'; readonly condition: Condition };

function compare(
  operator: keyof ChoiceComparisons,
  variable: Operand<unknown>,
  value: Comparison['value'],
): Condition {
  // A reference selects the operator's `…Path` form; for non-string operators a string value can only
  // be a raw path, while for String operators a string is always a literal (it may well start with '$').
  const pathForm = isPathRef(value) || (typeof value === 'string' && !operator.startsWith('String'));
  return {
    kind: 'comparison',
    operator: (pathForm ? `${operator}Path` : operator) as keyof ChoiceComparisons,
    variable,
    value,
  };
}

/**
 * Typed Choice conditions. Each comparison takes a reference to a value of the right type and a
 * literal or another reference; a reference selects the `…Path` operator (e.g. `StringEqualsPath`).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export const cond = {
  /** `StringEquals` / `StringEqualsPath`. */
  stringEquals: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    compare('StringEquals', variable, value),
  /** `StringLessThan` / `StringLessThanPath`. */
  stringLessThan: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    compare('StringLessThan', variable, value),
  /** `StringGreaterThan` / `StringGreaterThanPath`. */
  stringGreaterThan: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    compare('StringGreaterThan', variable, value),
  /** `StringLessThanEquals` / `StringLessThanEqualsPath`. */
  stringLessThanEquals: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    compare('StringLessThanEquals', variable, value),
  /** `StringGreaterThanEquals` / `StringGreaterThanEqualsPath`. */
  stringGreaterThanEquals: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    compare('StringGreaterThanEquals', variable, value),
  /** `StringMatches`: `*` matches any run of characters; escape a literal `*` as `\\*`. No Path form. */
  stringMatches: (variable: Operand<string>, pattern: string): Condition => ({
    kind: 'comparison',
    operator: 'StringMatches',
    variable,
    value: pattern,
  }),
  /** `NumericEquals` / `NumericEqualsPath`. */
  numericEquals: (variable: Operand<number>, value: number | Operand<number>): Condition =>
    compare('NumericEquals', variable, value),
  /** `NumericLessThan` / `NumericLessThanPath`. */
  numericLessThan: (variable: Operand<number>, value: number | Operand<number>): Condition =>
    compare('NumericLessThan', variable, value),
  /** `NumericGreaterThan` / `NumericGreaterThanPath`. */
  numericGreaterThan: (variable: Operand<number>, value: number | Operand<number>): Condition =>
    compare('NumericGreaterThan', variable, value),
  /** `NumericLessThanEquals` / `NumericLessThanEqualsPath`. */
  numericLessThanEquals: (variable: Operand<number>, value: number | Operand<number>): Condition =>
    compare('NumericLessThanEquals', variable, value),
  /** `NumericGreaterThanEquals` / `NumericGreaterThanEqualsPath`. */
  numericGreaterThanEquals: (variable: Operand<number>, value: number | Operand<number>): Condition =>
    compare('NumericGreaterThanEquals', variable, value),
  /** `BooleanEquals` / `BooleanEqualsPath`. */
  booleanEquals: (variable: Operand<boolean>, value: boolean | Operand<boolean>): Condition =>
    compare('BooleanEquals', variable, value),
  /** `TimestampEquals` / `TimestampEqualsPath` (RFC 3339 timestamps). */
  timestampEquals: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    timestamp('TimestampEquals', variable, value),
  /** `TimestampLessThan` / `TimestampLessThanPath`. */
  timestampLessThan: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    timestamp('TimestampLessThan', variable, value),
  /** `TimestampGreaterThan` / `TimestampGreaterThanPath`. */
  timestampGreaterThan: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    timestamp('TimestampGreaterThan', variable, value),
  /** `TimestampLessThanEquals` / `TimestampLessThanEqualsPath`. */
  timestampLessThanEquals: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    timestamp('TimestampLessThanEquals', variable, value),
  /** `TimestampGreaterThanEquals` / `TimestampGreaterThanEqualsPath`. */
  timestampGreaterThanEquals: (variable: Operand<string>, value: string | Operand<string>): Condition =>
    timestamp('TimestampGreaterThanEquals', variable, value),
  /** `IsNull`. @default true */
  isNull: (variable: Operand<unknown>, expected = true): Condition => test('IsNull', variable, expected),
  /** `IsPresent`. @default true */
  isPresent: (variable: Operand<unknown>, expected = true): Condition =>
    test('IsPresent', variable, expected),
  /** `IsNumeric`. @default true */
  isNumeric: (variable: Operand<unknown>, expected = true): Condition =>
    test('IsNumeric', variable, expected),
  /** `IsString`. @default true */
  isString: (variable: Operand<unknown>, expected = true): Condition => test('IsString', variable, expected),
  /** `IsBoolean`. @default true */
  isBoolean: (variable: Operand<unknown>, expected = true): Condition =>
    test('IsBoolean', variable, expected),
  /** `IsTimestamp`. @default true */
  isTimestamp: (variable: Operand<unknown>, expected = true): Condition =>
    test('IsTimestamp', variable, expected),
  /** `And`: every condition holds. */
  and: (...conditions: Condition[]): Condition => ({ kind: 'and', conditions }),
  /** `Or`: at least one condition holds. */
  or: (...conditions: Condition[]): Condition => ({ kind: 'or', conditions }),
  /** `Not`. */
  not: (condition: Condition): Condition => ({ kind: 'not', condition }),
} as const;

function timestamp(
  operator: keyof ChoiceComparisons,
  variable: Operand<string>,
  value: string | Operand<string>,
): Condition {
  // Timestamp literals never start with '$', so a string starting with '$' is a raw path.
  const path = isPathRef(value) || value.startsWith('$');
  return {
    kind: 'comparison',
    operator: (path ? `${operator}Path` : operator) as keyof ChoiceComparisons,
    variable,
    value,
  };
}

function test(operator: keyof ChoiceComparisons, variable: Operand<unknown>, expected: boolean): Condition {
  return { kind: 'comparison', operator, variable, value: expected };
}

function renderOperand(operand: Operand<unknown>, env: RenderEnv): string {
  if (typeof operand === 'string') {
    checkRawPath(operand, env);
    return operand;
  }
  return renderRef(refData(operand), env);
}

/** Renders a condition as a JSONPath Choice expression. */
export function renderCondition(condition: Condition, env: RenderEnv): ChoiceExpression {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      if (condition.conditions.length === 0) {
        throw new AslDslError('MissingField', `${condition.kind === 'and' ? 'And' : 'Or'} needs conditions`, {
          stateName: env.stateName,
          pointer: env.pointer,
        });
      }
      const key = condition.kind === 'and' ? 'And' : 'Or';
      return {
        [key]: condition.conditions.map((inner, index) =>
          renderCondition(inner, childEnv(childEnv(env, key), index)),
        ),
      };
    }
    case 'not':
      return {
        Not: renderCondition(condition.condition, childEnv(env, 'Not')),
      };
    case 'comparison': {
      // Operand pointers are built only if an error is raised.
      const variable = renderOperand(condition.variable, childEnv(env, 'Variable'));
      // Only the `…Path` operators take a reference; the others take the literal as given.
      const value = condition.operator.endsWith('Path')
        ? renderOperand(condition.value as Operand<unknown>, childEnv(env, condition.operator))
        : condition.value;
      return { Variable: variable, [condition.operator]: value };
    }
  }
}

const JSONATA_OPERATORS: Record<string, string> = {
  Equals: '=',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
};

const TIMESTAMP_PATTERN = '/^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$/';

/** A `StringMatches` pattern (`*` wildcard, `\*` literal star) as an anchored JSONata regex literal. */
function matchesRegex(pattern: string): string {
  let body = '';
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index] ?? '';
    if (character === '\\' && pattern[index + 1] === '*') {
      body += '\\*';
      index++;
    } else if (character === '*') {
      body += '.*';
    } else {
      body += character.replace(/[.+?^${}()|[\]\\/]/g, (special) => `\\${special}`);
    }
  }
  return `/^${body}$/`;
}

function jsonataOperand(operand: Operand<unknown>, env: RenderEnv): string {
  if (typeof operand === 'string') {
    throw new AslDslError(
      'WrongQueryLanguageExpression',
      `raw JSONPath '${operand}' in a JSONata condition; use a reference`,
      {
        stateName: env.stateName,
        pointer: env.pointer,
      },
    );
  }
  return renderRef(refData(operand), env);
}

/**
 * Renders a condition as a JSONata boolean expression, so `cond` works in JSONata Choice states too.
 * Comparisons are guarded by a type test, as JSONPath comparisons are false (not an error) for a value
 * of another type; a missing variable is false rather than `States.Runtime`.
 */
export function renderConditionJsonata(condition: Condition, env: RenderEnv): string {
  switch (condition.kind) {
    case 'and':
    case 'or':
      if (condition.conditions.length === 0) {
        throw new AslDslError('MissingField', `${condition.kind === 'and' ? 'And' : 'Or'} needs conditions`, {
          stateName: env.stateName,
          pointer: env.pointer,
        });
      }
      return `(${condition.conditions.map((inner) => renderConditionJsonata(inner, env)).join(` ${condition.kind} `)})`;
    case 'not':
      return `$not(${renderConditionJsonata(condition.condition, env)})`;
    case 'comparison': {
      const variable = jsonataOperand(condition.variable, env);
      const operator = condition.operator.replace(/Path$/, '');
      const isPath = condition.operator.endsWith('Path');
      const value = isPath
        ? jsonataOperand(condition.value as Operand<unknown>, env)
        : JSON.stringify(condition.value);
      const test = (expression: string) => (condition.value === false ? `$not(${expression})` : expression);
      switch (operator) {
        case 'IsNull':
          return test(`(${variable} = null)`);
        case 'IsPresent':
          return test(`$exists(${variable})`);
        case 'IsNumeric':
          return test(`($type(${variable}) = "number")`);
        case 'IsString':
          return test(`($type(${variable}) = "string")`);
        case 'IsBoolean':
          return test(`($type(${variable}) = "boolean")`);
        case 'IsTimestamp':
          return test(`($type(${variable}) = "string" and $contains(${variable}, ${TIMESTAMP_PATTERN}))`);
        case 'StringMatches':
          return `($type(${variable}) = "string" and $contains(${variable}, ${matchesRegex(String(condition.value))}))`;
        case 'BooleanEquals':
          return `($type(${variable}) = "boolean" and ${variable} = ${value})`;
      }
      const family = /^(String|Numeric|Timestamp)(.*)$/.exec(operator);
      const symbol = JSONATA_OPERATORS[family?.[2] ?? ''];
      if (family === null || symbol === undefined) {
        throw new AslDslError('InvalidExpression', `no JSONata form for ${condition.operator}`, {
          stateName: env.stateName,
          pointer: env.pointer,
        });
      }
      if (family[1] === 'Timestamp') {
        return `($type(${variable}) = "string" and $toMillis(${variable}) ${symbol} $toMillis(${value}))`;
      }
      const type = family[1] === 'String' ? 'string' : 'number';
      return `($type(${variable}) = "${type}" and ${variable} ${symbol} ${value})`;
    }
  }
}
