import { DEFINITION_SHAPES, type ShapeName, type ShapeRef } from './definition-shape.js';
import { compareCodeUnits, stateOrder } from './state-order.js';

/** One field of an object in canonical order, with the shape its value has. */
export type CanonicalEntry = readonly [key: string, value: unknown, shape: ShapeRef];

/** Whether JSON can hold the value as an object member (JSON.stringify drops the others). */
export function isWritable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** The shape of an array's elements. */
export function elementShape(shape: ShapeRef): ShapeRef {
  return shape.endsWith('[]') ? (shape.slice(0, -2) as ShapeName) : 'payload';
}

/**
 * The writable fields of an object in canonical order (see `definition-shape.ts`): the known fields
 * of its ASL kind in their fixed order, then any other field as user data in code-unit order.
 */
export function canonicalEntries(
  object: Readonly<Record<string, unknown>>,
  shape: ShapeRef,
): CanonicalEntry[] {
  const entries: CanonicalEntry[] = [];
  const known = shape in DEFINITION_SHAPES ? DEFINITION_SHAPES[shape as ShapeName] : undefined;
  if (known === undefined) {
    if (shape === 'states') {
      // The `States` map alone carries no StartAt: callers go through `statesEntries`.
      return statesEntries(object, undefined);
    }
    for (const key of Object.keys(object).sort(compareCodeUnits)) {
      const value = object[key];
      if (isWritable(value)) entries.push([key, value, 'payload']);
    }
    return entries;
  }
  for (const key of known.order) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    if (isWritable(value)) entries.push([key, value, known.fields[key] ?? 'payload']);
  }
  if (entries.length < Object.keys(object).length) {
    const order = new Set(known.order);
    for (const key of Object.keys(object)
      .filter((k) => !order.has(k))
      .sort(compareCodeUnits)) {
      const value = object[key];
      if (isWritable(value)) entries.push([key, value, 'payload']);
    }
  }
  return entries;
}

/** The states of one graph in reading order (see `state-order.ts`). */
export function statesEntries(states: Readonly<Record<string, unknown>>, startAt: unknown): CanonicalEntry[] {
  const entries: CanonicalEntry[] = [];
  for (const name of stateOrder(startAt, states)) {
    const value = states[name];
    if (isWritable(value)) entries.push([name, value, 'state']);
  }
  return entries;
}
