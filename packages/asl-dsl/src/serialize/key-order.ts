/**
 * The order keys are written in: per ASL object kind (see `definition-shape.ts`), user data sorted,
 * states in reading order.
 * @module
 */
import { DEFINITION_SHAPES, type ShapeName, type ShapeRef } from './definition-shape.js';
import { stateOrder } from './state-order.js';

/** Whether JSON can hold the value as an object member (JSON.stringify drops the others). */
export function isWritable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** The shape of an array's elements. */
export function elementShape(shape: ShapeRef): ShapeRef {
  return shape.endsWith('[]') ? (shape.slice(0, -2) as ShapeName) : 'payload';
}

/** Keys after all known ones; ties broken by code-unit order. */
const UNKNOWN = 1_000_000;

type KeyComparator = (a: string, b: string) => number;

/** A comparator per ASL object kind: known fields by position, then the rest by code units. */
const COMPARATORS: ReadonlyMap<string, KeyComparator> = new Map(
  Object.entries(DEFINITION_SHAPES).map(([name, shape]) => {
    const rank = new Map(shape.order.map((key, index) => [key, index] as const));
    const compare: KeyComparator = (a, b) =>
      (rank.get(a) ?? UNKNOWN) - (rank.get(b) ?? UNKNOWN) || (a < b ? -1 : a > b ? 1 : 0);
    return [name, compare] as const;
  }),
);

/** Whether keys are already in code-unit order (the common case for user data). */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

/** Whether keys are already in the order `compare` defines. */
function isOrdered(keys: readonly string[], compare: KeyComparator): boolean {
  for (let i = 1; i < keys.length; i++)
    if (compare(keys[i - 1] as string, keys[i] as string) > 0) return false;
  return true;
}

/**
 * The keys of an object in canonical order (see `definition-shape.ts`): the known fields of its ASL
 * kind in their fixed order, then any other key in UTF-16 code-unit order. User data (`payload`) is
 * in code-unit order throughout. The `States` map is ordered by `stateKeys` instead. Returns
 * `Object.keys(object)` itself, unsorted, when it is already in canonical order.
 */
export function orderedKeys(object: object, shape: ShapeRef): string[] {
  const keys = Object.keys(object);
  if (keys.length < 2) return keys;
  const compare = COMPARATORS.get(shape);
  if (compare === undefined) return isSorted(keys) ? keys : keys.slice().sort();
  return isOrdered(keys, compare) ? keys : keys.slice().sort(compare);
}

/** The state names of a `States` map in reading order (see `state-order.ts`). */
export function stateKeys(states: Readonly<Record<string, unknown>>, startAt: unknown): string[] {
  return stateOrder(startAt, states);
}

/** The shape of the value of `key` in an object of `shape`. */
export function fieldShape(shape: ShapeRef, key: string): ShapeRef {
  if (shape === 'states') return 'state';
  const known = DEFINITION_SHAPES[shape as ShapeName] as (typeof DEFINITION_SHAPES)[ShapeName] | undefined;
  return known?.fields[key] ?? 'payload';
}

/**
 * Whether JavaScript enumerates this key before all others whatever the insertion order: an array
 * index ("0" to "4294967294").
 */
export function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57) return false;
  if (key === '0') return true;
  return first !== 48 && /^\d+$/.test(key) && Number(key) < 4_294_967_295;
}
