import type { JsonPrimitive } from '../model/json.js';
import { JSONATA_EXPRESSION, type JsonataExpression, type JsonataInterpolation } from './jsonata.js';
import type { PathRef } from './refs/path-ref.js';

/**
 * A value of type `T` as an argument of a JSONata helper: a typed reference, a JSONata expression of
 * that type, or a literal. An array argument may also be a literal array of such values (it renders
 * as a JSONata array constructor).
 */
export type JsonataArg<T> = PathRef<T> | JsonataExpression<T> | JsonataLiteral<T>;

/** A literal of type `T`: a JSON primitive, or an array of arguments; any of these for `unknown`. */
type JsonataLiteral<T> = unknown extends T
  ? JsonPrimitive | readonly JsonataArg<unknown>[]
  :
      | (T extends JsonPrimitive ? T : never)
      | (T extends readonly (infer E)[] ? readonly JsonataArg<E>[] : never);

/** Something JSONata can compare with `<`, `>`: numbers or strings. */
type Ordered = number | string;

/** A JSONata expression made of fixed text between values. */
function expression<T>(strings: readonly string[], values: readonly unknown[]): JsonataExpression<T> {
  return {
    [JSONATA_EXPRESSION]: { strings, values: values as readonly JsonataInterpolation[] },
  } as JsonataExpression<T>;
}

/** `$name(a, b, …)`: a call of a built-in function. */
function call<T>(name: string, args: readonly unknown[]): JsonataExpression<T> {
  const given = args.filter((arg) => arg !== undefined);
  if (given.length === 0) return expression<T>([`$${name}()`], []);
  return expression<T>([`$${name}(`, ...given.slice(1).map(() => ', '), ')'], given);
}

/** `a op b op c`: operands joined by an operator (each operand that is an expression is parenthesized). */
function operator<T>(op: string, operands: readonly unknown[]): JsonataExpression<T> {
  return expression<T>(['', ...operands.slice(1).map(() => ` ${op} `), ''], operands);
}

/**
 * Typed JSONata: built-in functions and operators as helpers whose TypeScript type follows from
 * their arguments' types, rendering to JSONata text (`$.count(input.accounts)` renders
 * `$count($states.input.accounts)` and is a number). Arguments are references (`input.x`,
 * `machine.vars.x`), other helpers, `jsonata` expressions and literals. JSONata states only.
 * @see https://docs.jsonata.org/overview
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
export const $ = {
  // Numbers.
  /** `$count(array)`: the number of items. */
  count: (array: JsonataArg<readonly unknown[]>): JsonataExpression<number> => call('count', [array]),
  /** `$sum(numbers)`. */
  sum: (numbers: JsonataArg<readonly number[]>): JsonataExpression<number> => call('sum', [numbers]),
  /** `$max(numbers)`. */
  max: (numbers: JsonataArg<readonly number[]>): JsonataExpression<number> => call('max', [numbers]),
  /** `$min(numbers)`. */
  min: (numbers: JsonataArg<readonly number[]>): JsonataExpression<number> => call('min', [numbers]),
  /** `$average(numbers)`. */
  average: (numbers: JsonataArg<readonly number[]>): JsonataExpression<number> => call('average', [numbers]),
  /** `$length(string)`: the number of characters. */
  length: (text: JsonataArg<string>): JsonataExpression<number> => call('length', [text]),
  /** `$number(value)`: a number from a numeric string, a boolean or a number. */
  number: (value: JsonataArg<string | number | boolean>): JsonataExpression<number> =>
    call('number', [value]),
  /** `$round(number, precision?)`. */
  round: (value: JsonataArg<number>, precision?: JsonataArg<number>): JsonataExpression<number> =>
    call('round', [value, precision]),
  /** `$floor(number)`. */
  floor: (value: JsonataArg<number>): JsonataExpression<number> => call('floor', [value]),
  /** `$ceil(number)`. */
  ceil: (value: JsonataArg<number>): JsonataExpression<number> => call('ceil', [value]),
  /** `$abs(number)`. */
  abs: (value: JsonataArg<number>): JsonataExpression<number> => call('abs', [value]),
  /** `$millis()`: milliseconds since the epoch, the same for the whole expression. */
  millis: (): JsonataExpression<number> => call('millis', []),
  /** `a + b`. */
  add: (a: JsonataArg<number>, b: JsonataArg<number>): JsonataExpression<number> => operator('+', [a, b]),
  /** `a - b`. */
  subtract: (a: JsonataArg<number>, b: JsonataArg<number>): JsonataExpression<number> =>
    operator('-', [a, b]),
  /** `a * b`. */
  multiply: (a: JsonataArg<number>, b: JsonataArg<number>): JsonataExpression<number> =>
    operator('*', [a, b]),
  /** `a / b`. */
  divide: (a: JsonataArg<number>, b: JsonataArg<number>): JsonataExpression<number> => operator('/', [a, b]),
  /** `a % b`. */
  modulo: (a: JsonataArg<number>, b: JsonataArg<number>): JsonataExpression<number> => operator('%', [a, b]),

  // Strings.
  /** `$string(value)`: a value as a string (objects and arrays as JSON). */
  string: (value: JsonataArg<unknown>): JsonataExpression<string> => call('string', [value]),
  /** `a & b & …`: the values joined as strings. */
  concat: (...parts: [JsonataArg<unknown>, ...JsonataArg<unknown>[]]): JsonataExpression<string> =>
    operator('&', parts),
  /** `$join(strings, separator?)`. */
  join: (strings: JsonataArg<readonly string[]>, separator?: JsonataArg<string>): JsonataExpression<string> =>
    call('join', [strings, separator]),
  /** `$split(string, separator)`: always an array, even of one string. */
  split: (text: JsonataArg<string>, separator: JsonataArg<string>): JsonataExpression<string[]> =>
    call('split', [text, separator]),
  /** `$lowercase(string)`. */
  lowercase: (text: JsonataArg<string>): JsonataExpression<string> => call('lowercase', [text]),
  /** `$uppercase(string)`. */
  uppercase: (text: JsonataArg<string>): JsonataExpression<string> => call('uppercase', [text]),
  /** `$trim(string)`. */
  trim: (text: JsonataArg<string>): JsonataExpression<string> => call('trim', [text]),
  /** `$substring(string, start, length?)`. */
  substring: (
    text: JsonataArg<string>,
    start: JsonataArg<number>,
    length?: JsonataArg<number>,
  ): JsonataExpression<string> => call('substring', [text, start, length]),
  /** `$substringBefore(string, chars)`. */
  substringBefore: (text: JsonataArg<string>, chars: JsonataArg<string>): JsonataExpression<string> =>
    call('substringBefore', [text, chars]),
  /** `$substringAfter(string, chars)`. */
  substringAfter: (text: JsonataArg<string>, chars: JsonataArg<string>): JsonataExpression<string> =>
    call('substringAfter', [text, chars]),
  /** `$now()`: the current time as an ISO 8601 string, the same for the whole expression. */
  now: (): JsonataExpression<string> => call('now', []),
  /** `$uuid()` (Step Functions): a version 4 UUID. */
  uuid: (): JsonataExpression<string> => call('uuid', []),

  // Booleans.
  /** `$exists(value)`: whether the value is there (a path to a missing field gives false). */
  exists: (value: JsonataArg<unknown>): JsonataExpression<boolean> => call('exists', [value]),
  /** `$boolean(value)`: JSONata's truthiness of a value. */
  boolean: (value: JsonataArg<unknown>): JsonataExpression<boolean> => call('boolean', [value]),
  /** `$not(value)`. */
  not: (value: JsonataArg<unknown>): JsonataExpression<boolean> => call('not', [value]),
  /** `$contains(string, substring)`. */
  contains: (text: JsonataArg<string>, part: JsonataArg<string>): JsonataExpression<boolean> =>
    call('contains', [text, part]),
  /** `a = b`. */
  eq: <T extends JsonPrimitive>(a: JsonataArg<T>, b: JsonataArg<NoInfer<T>>): JsonataExpression<boolean> =>
    operator('=', [a, b]),
  /** `a != b`. */
  ne: <T extends JsonPrimitive>(a: JsonataArg<T>, b: JsonataArg<NoInfer<T>>): JsonataExpression<boolean> =>
    operator('!=', [a, b]),
  /** `a > b`. */
  gt: <T extends Ordered>(a: JsonataArg<T>, b: JsonataArg<NoInfer<T>>): JsonataExpression<boolean> =>
    operator('>', [a, b]),
  /** `a >= b`. */
  gte: <T extends Ordered>(a: JsonataArg<T>, b: JsonataArg<NoInfer<T>>): JsonataExpression<boolean> =>
    operator('>=', [a, b]),
  /** `a < b`. */
  lt: <T extends Ordered>(a: JsonataArg<T>, b: JsonataArg<NoInfer<T>>): JsonataExpression<boolean> =>
    operator('<', [a, b]),
  /** `a <= b`. */
  lte: <T extends Ordered>(a: JsonataArg<T>, b: JsonataArg<NoInfer<T>>): JsonataExpression<boolean> =>
    operator('<=', [a, b]),
  /** `a and b and …`. */
  and: (...operands: [JsonataArg<boolean>, ...JsonataArg<boolean>[]]): JsonataExpression<boolean> =>
    operator('and', operands),
  /** `a or b or …`. */
  or: (...operands: [JsonataArg<boolean>, ...JsonataArg<boolean>[]]): JsonataExpression<boolean> =>
    operator('or', operands),

  // Choices.
  /** `condition ? then : otherwise`. */
  cond: <A, B>(
    condition: JsonataArg<boolean>,
    then: JsonataArg<A>,
    otherwise: JsonataArg<B>,
  ): JsonataExpression<A | B> => expression(['', ' ? ', ' : ', ''], [condition, then, otherwise]),
} as const;
