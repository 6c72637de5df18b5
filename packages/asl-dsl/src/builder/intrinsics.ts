import type { JsonPrimitive } from '../model/json.js';
import { AslDslError } from './errors.js';
import { isPathRef, type PathRef, refData } from './refs/path-ref.js';
import { type RenderEnv, renderRef } from './refs/render-ref.js';
import type { Resolved } from './resolved.js';

/** The key under which an intrinsic call keeps its function name and arguments. */
export const INTRINSIC_CALL: unique symbol = Symbol('@stackset-lite/asl-dsl/intrinsic');

declare const intrinsicResultType: unique symbol;

/** One argument of an intrinsic call: a literal, a reference or a nested call. */
export type IntrinsicArg = JsonPrimitive | PathRef<unknown> | IntrinsicValue<unknown>;

/**
 * A call of one of the 18 intrinsic functions, typed by what it returns. JSONPath states only.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
export interface IntrinsicValue<out T> {
  readonly [intrinsicResultType]?: () => T;
  readonly [INTRINSIC_CALL]: { readonly name: string; readonly args: readonly IntrinsicArg[] };
}

/** A value of type `T` as an intrinsic argument: a literal (for JSON primitives), a reference or a call. */
export type Arg<T> =
  | PathRef<T>
  | IntrinsicValue<T>
  | (unknown extends T ? JsonPrimitive : Extract<T, JsonPrimitive>);

/** The algorithms of `States.Hash`. */
export type HashAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

function call<T>(name: string, args: readonly IntrinsicArg[]): IntrinsicValue<T> {
  return { [INTRINSIC_CALL]: { name: `States.${name}`, args } } as IntrinsicValue<T>;
}

function requireInteger(name: string, position: number, value: IntrinsicArg): void {
  if (typeof value === 'number' && !Number.isInteger(value)) {
    throw new AslDslError(
      'InvalidIntrinsicCall',
      `States.${name} argument ${position + 1} must be an integer, got ${value}`,
    );
  }
}

const placeholderCount = (template: string): number => template.split('{}').length - 1;

/**
 * Typed helpers for the 18 intrinsic functions; each checks its arity and argument kinds in
 * TypeScript and, for literals, again at build time.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
export const States = {
  /** `States.Format(template, ...args)`: `{}` in the template is replaced by each argument in turn. */
  Format(template: string, ...args: Arg<unknown>[]): IntrinsicValue<string> {
    if (placeholderCount(template) !== args.length) {
      throw new AslDslError(
        'InvalidIntrinsicCall',
        `States.Format template has ${placeholderCount(template)} '{}' placeholder(s) but ${args.length} argument(s)`,
      );
    }
    return call('Format', [template, ...(args as IntrinsicArg[])]);
  },
  /** `States.StringToJson(string)`: parses a JSON string. */
  StringToJson<T = unknown>(json: Arg<string>): IntrinsicValue<T> {
    return call('StringToJson', [json]);
  },
  /** `States.JsonToString(value)`: serialises a value to a JSON string. */
  JsonToString(value: Arg<unknown>): IntrinsicValue<string> {
    return call('JsonToString', [value as IntrinsicArg]);
  },
  /** `States.Array(...values)`: builds an array. */
  Array<const A extends readonly Arg<unknown>[]>(
    ...values: A
  ): IntrinsicValue<{ -readonly [K in keyof A]: Resolved<A[K]> }> {
    return call('Array', values as readonly IntrinsicArg[]);
  },
  /** `States.ArrayPartition(array, size)`: splits an array into chunks of `size`. */
  ArrayPartition<T>(array: Arg<readonly T[]>, size: Arg<number>): IntrinsicValue<T[][]> {
    requireInteger('ArrayPartition', 1, size);
    if (typeof size === 'number' && size < 1) {
      throw new AslDslError(
        'InvalidIntrinsicCall',
        `States.ArrayPartition chunk size must be ≥ 1, got ${size}`,
      );
    }
    return call('ArrayPartition', [array as IntrinsicArg, size]);
  },
  /** `States.ArrayContains(array, value)`. */
  ArrayContains<T>(array: Arg<readonly T[]>, value: Arg<T>): IntrinsicValue<boolean> {
    return call('ArrayContains', [array as IntrinsicArg, value as IntrinsicArg]);
  },
  /** `States.ArrayRange(start, end, step)`: at most 1,000 items. */
  ArrayRange(start: Arg<number>, end: Arg<number>, step: Arg<number>): IntrinsicValue<number[]> {
    [start, end, step].forEach((value, position) => {
      requireInteger('ArrayRange', position, value);
    });
    if (typeof start === 'number' && typeof end === 'number' && typeof step === 'number') {
      if (step === 0) throw new AslDslError('InvalidIntrinsicCall', 'States.ArrayRange step must not be 0');
      const length = Math.floor((end - start) / step) + 1;
      if (length > 1000) {
        throw new AslDslError(
          'InvalidIntrinsicCall',
          `States.ArrayRange would produce ${length} items; AWS allows at most 1000`,
        );
      }
    }
    return call('ArrayRange', [start, end, step]);
  },
  /** `States.ArrayGetItem(array, index)`. */
  ArrayGetItem<T>(array: Arg<readonly T[]>, index: Arg<number>): IntrinsicValue<T> {
    requireInteger('ArrayGetItem', 1, index);
    return call('ArrayGetItem', [array as IntrinsicArg, index]);
  },
  /** `States.ArrayLength(array)`. */
  ArrayLength(array: Arg<readonly unknown[]>): IntrinsicValue<number> {
    return call('ArrayLength', [array as IntrinsicArg]);
  },
  /** `States.ArrayUnique(array)`: removes duplicates. */
  ArrayUnique<T>(array: Arg<readonly T[]>): IntrinsicValue<T[]> {
    return call('ArrayUnique', [array as IntrinsicArg]);
  },
  /** `States.Base64Encode(string)`. */
  Base64Encode(value: Arg<string>): IntrinsicValue<string> {
    return call('Base64Encode', [value]);
  },
  /** `States.Base64Decode(string)`. */
  Base64Decode(value: Arg<string>): IntrinsicValue<string> {
    return call('Base64Decode', [value]);
  },
  /** `States.Hash(value, algorithm)`. */
  Hash(value: Arg<unknown>, algorithm: Arg<HashAlgorithm>): IntrinsicValue<string> {
    return call('Hash', [value as IntrinsicArg, algorithm]);
  },
  /** `States.JsonMerge(a, b, false)`: shallow merge; AWS supports only `false` (no deep merge). */
  JsonMerge<A extends object, B extends object>(
    left: Arg<A>,
    right: Arg<B>,
    deep: false,
  ): IntrinsicValue<Omit<A, keyof B> & B> {
    return call('JsonMerge', [left as IntrinsicArg, right as IntrinsicArg, deep]);
  },
  /** `States.MathRandom(start, end[, seed])`: an integer in [start, end). */
  MathRandom(start: Arg<number>, end: Arg<number>, seed?: Arg<number>): IntrinsicValue<number> {
    const args: IntrinsicArg[] = seed === undefined ? [start, end] : [start, end, seed];
    args.forEach((value, position) => {
      requireInteger('MathRandom', position, value);
    });
    return call('MathRandom', args);
  },
  /** `States.MathAdd(a, b)`. */
  MathAdd(left: Arg<number>, right: Arg<number>): IntrinsicValue<number> {
    return call('MathAdd', [left, right]);
  },
  /** `States.StringSplit(string, delimiters)`. */
  StringSplit(value: Arg<string>, delimiter: Arg<string>): IntrinsicValue<string[]> {
    return call('StringSplit', [value, delimiter]);
  },
  /** `States.UUID()`: a v4 UUID. */
  UUID(): IntrinsicValue<string> {
    return call('UUID', []);
  },
} as const;

/** True when `value` is an intrinsic call built with {@link States}. */
export function isIntrinsicValue(value: unknown): value is IntrinsicValue<unknown> {
  return typeof value === 'object' && value !== null && INTRINSIC_CALL in value;
}

/** Escapes a string literal for an intrinsic argument (AWS escapes `'`, `{`, `}` and `\`). */
function quote(value: string, keepPlaceholders: boolean): string {
  const escapePart = (part: string) => part.replace(/[\\'{}]/g, (character) => `\\${character}`);
  const body = keepPlaceholders ? value.split('{}').map(escapePart).join('{}') : escapePart(value);
  return `'${body}'`;
}

/** Renders an intrinsic call as ASL text, e.g. `States.Format('Hello {}', $.name)`. */
export function renderIntrinsic(intrinsic: IntrinsicValue<unknown>, env: RenderEnv): string {
  if (env.queryLanguage === 'JSONata') {
    throw new AslDslError(
      'WrongQueryLanguageExpression',
      `intrinsic functions such as ${intrinsic[INTRINSIC_CALL].name} exist only in JSONPath states; use a JSONata function`,
      { stateName: env.stateName, pointer: env.pointer },
    );
  }
  const { name, args } = intrinsic[INTRINSIC_CALL];
  const rendered = args.map((arg, position) => {
    if (typeof arg === 'string') return quote(arg, name === 'States.Format' && position === 0);
    if (arg === null) return 'null';
    if (typeof arg === 'number' || typeof arg === 'boolean') return String(arg);
    if (isPathRef(arg)) return renderRef(refData(arg), env);
    return renderIntrinsic(arg, env);
  });
  return `${name}(${rendered.join(', ')})`;
}
