import type { JsonPrimitive } from '../../model/json.js';

/** Where a reference starts. */
export type RefRoot = 'input' | 'result' | 'errorOutput' | 'context' | 'variable';

/** One step of a reference: a field name or an array index. */
export type RefSegment = string | number;

/** What a reference recorded: its root and the field names / indexes accessed from there. */
export interface RefData {
  readonly root: RefRoot;
  /** The variable name, when `root` is `variable`. */
  readonly variable?: string;
  readonly segments: readonly RefSegment[];
}

/** The key under which a reference proxy exposes its recorded path. */
export const REF_DATA: unique symbol = Symbol('@stackset-lite/asl-dsl/ref');

/** Phantom key carrying the referenced value's type; never present at run time. */
declare const refValueType: unique symbol;

/**
 * A typed reference into execution data (state input, task result, error output, a variable or the
 * context object). Rendered as `$.a.b` in JSONPath or `$states.input.a.b` in JSONata.
 * `T` is the type of the value it points at, so a reference to a `string[]` cannot be used where a
 * `number` is expected.
 */
export interface PathRef<out T> {
  // A function, so inferring `T` back keeps `undefined` (an optional `T` would lose it).
  readonly [refValueType]?: () => T;
  readonly [REF_DATA]: RefData;
}

/**
 * A recording proxy over `T`: every field / index access yields a further proxy, and each proxy is
 * also a {@link PathRef} to the value at that position. Field names are checked by TypeScript.
 * Evaluated lazily (one level per access), so deep schemas stay cheap to type-check.
 */
export type PathProxy<T> = PathRef<T> & ProxyFields<T>;

/**
 * The navigable fields of `T`. A path steps through `undefined`/`null`, but what it reaches is then
 * `| undefined` too: the field may be missing (AWS fails such a reference at run time), so a target
 * that needs a value does not accept it.
 */
type ProxyFields<T> = unknown extends T
  ? UntypedFields
  : TypedFields<NonNullable<T>, undefined extends T ? undefined : null extends T ? undefined : never>;

type TypedFields<T, Missing> = [T] extends [readonly (infer E)[]]
  ? { readonly [index in SmallIndex]: PathProxy<E | Missing> } & {
      readonly [index: number]: PathProxy<E | Missing>;
    }
  : [T] extends [JsonPrimitive]
    ? unknown
    : [T] extends [object]
      ? ObjectFields<T, Missing>
      : unknown;

/**
 * The fields of an object type, or of every member of a union of object types (a discriminated union
 * such as `{ url } | { bucket, key }`): a field some members lack is typed `| undefined`, like the
 * data, instead of being unreachable.
 */
type ObjectFields<T, Missing> = {
  readonly [K in AllKeys<T> & string]-?: PathProxy<ValueAt<T, K> | Missing>;
};

type AllKeys<T> = T extends unknown ? keyof T : never;

type ValueAt<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : undefined) : never;

/**
 * Literal indexes typed as always present, so `input.accounts[0].id` compiles under
 * `noUncheckedIndexedAccess` (a path to a missing item fails at run time, as in AWS).
 */
type SmallIndex =
  | 0
  | 1
  | 2
  | 3
  | 4
  | 5
  | 6
  | 7
  | 8
  | 9
  | 10
  | 11
  | 12
  | 13
  | 14
  | 15
  | 16
  | 17
  | 18
  | 19
  | 20
  | 21
  | 22
  | 23
  | 24
  | 25
  | 26
  | 27
  | 28
  | 29
  | 30
  | 31;

/** Fields of data whose type is not known: any name or index, each `unknown`. */
interface UntypedFields {
  readonly [key: string]: PathProxy<unknown>;
  readonly [index: number]: PathProxy<unknown>;
}

const INDEX = /^(0|[1-9]\d*)$/;

function proxyFor(data: RefData): unknown {
  return new Proxy(Object.create(null) as object, {
    get(_target, property) {
      if (property === REF_DATA) return data;
      // Symbols (Symbol.toPrimitive, Symbol.iterator, vitest's inspectors...) are not data fields.
      if (typeof property === 'symbol') return undefined;
      const segment: RefSegment = INDEX.test(property) ? Number(property) : property;
      return proxyFor({ ...data, segments: [...data.segments, segment] });
    },
    has(_target, property) {
      return property === REF_DATA;
    },
    set() {
      throw new TypeError('references are read-only: assign variables with the `assign` option');
    },
  });
}

/**
 * Creates a recording proxy at a root. Mostly used internally: state option callbacks receive ready
 * proxies (`input`, `result`, `vars`, `ctx`). Use {@link ref} to build one by hand.
 */
export function createPathProxy<T>(root: RefRoot, variable?: string): PathProxy<T> {
  const data: RefData = variable === undefined ? { root, segments: [] } : { root, variable, segments: [] };
  return proxyFor(data) as PathProxy<T>;
}

/** True when `value` is a reference built through a proxy. */
export function isPathRef(value: unknown): value is PathRef<unknown> {
  return typeof value === 'object' && value !== null && REF_DATA in value;
}

/** The recorded path of a reference. */
export function refData(ref: PathRef<unknown>): RefData {
  return ref[REF_DATA];
}

/**
 * Builds a typed reference into the state input from a callback over a recording proxy:
 * `ref<Input>()(i => i.accounts[0].id)` is `$.accounts[0].id` in JSONPath and
 * `$states.input.accounts[0].id` in JSONata; `i.acounts` does not compile.
 */
export function ref<T>(): <R>(select: (input: PathProxy<T>) => PathRef<R>) => PathRef<R> {
  return (select) => select(createPathProxy<T>('input'));
}

/**
 * Reinterprets a reference as pointing at a value of type `T`. An explicit escape hatch for data the
 * schemas do not describe (e.g. `ctx.Execution.Input` when the input is untyped).
 */
export function castRef<T>(reference: PathRef<unknown>): PathRef<T> {
  return reference as PathRef<T>;
}
