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

/** Per ASL object kind: each known field's position, and the comparator that orders keys by it. */
interface KeyRanking {
  readonly rank: ReadonlyMap<string, number>;
  readonly compare: KeyComparator;
}

/** A ranking per ASL object kind: known fields by position, then the rest by code units. */
const RANKINGS: ReadonlyMap<string, KeyRanking> = new Map(
  Object.entries(DEFINITION_SHAPES).map(([name, shape]) => {
    const rank = new Map(shape.order.map((key, index) => [key, index] as const));
    const compare: KeyComparator = (a, b) =>
      (rank.get(a) ?? UNKNOWN) - (rank.get(b) ?? UNKNOWN) || (a < b ? -1 : a > b ? 1 : 0);
    return [name, { rank, compare }] as const;
  }),
);

/** Whether keys are already in code-unit order (the common case for user data). */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

/**
 * Whether keys are already in the order `ranking` defines. One rank lookup per key (this runs for
 * every object serialized, and most are already in order).
 */
function isOrdered(keys: readonly string[], rank: ReadonlyMap<string, number>): boolean {
  let previous = -1;
  for (let i = 0; i < keys.length; i++) {
    const current = rank.get(keys[i] as string) ?? UNKNOWN;
    if (current < previous) return false;
    if (current === UNKNOWN && previous === UNKNOWN && (keys[i - 1] as string) > (keys[i] as string)) {
      return false;
    }
    previous = current;
  }
  return true;
}

/**
 * The keys of an object in canonical order (see `definition-shape.ts`): the known fields of its ASL
 * kind in their fixed order, then any other key in UTF-16 code-unit order. User data (`payload`) is
 * in code-unit order throughout. The `States` map is ordered by `stateKeys` instead. Returns
 * `keys` (by default `Object.keys(object)`) itself, unsorted, when it is already in canonical order.
 */
export function orderedKeys(object: object, shape: ShapeRef, keys: string[] = Object.keys(object)): string[] {
  if (keys.length < 2) return keys;
  const ranking = RANKINGS.get(shape);
  if (ranking === undefined) return isSorted(keys) ? keys : keys.slice().sort();
  return isOrdered(keys, ranking.rank) ? keys : keys.slice().sort(ranking.compare);
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
