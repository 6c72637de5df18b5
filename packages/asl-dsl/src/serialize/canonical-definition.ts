import type { StateMachineDefinition } from '../model/index.js';
import type { ShapeRef } from './definition-shape.js';
import { elementShape, fieldShape, isIndexKey, isWritable, orderedKeys, stateKeys } from './key-order.js';

/** Set while copying when some key is one JavaScript would move to the front (see `isIndexKey`). */
export interface CopyReport {
  indexKeys: boolean;
}

/**
 * A state machine model whose objects have their keys inserted in canonical order (the order
 * `serializeDefinition` writes), with `undefined` fields removed. Parts of the model that are
 * already canonical are shared with it, not copied: treat both as immutable.
 *
 * For embedding the definition as an object, e.g. a CloudFormation `Definition`, where another tool
 * serializes it. (JavaScript enumerates integer-like keys such as `"1"` first whatever the insertion
 * order, so only `serializeDefinition` guarantees the order of such keys.)
 */
export function canonicalDefinition(model: StateMachineDefinition): StateMachineDefinition {
  return canonicalCopy(model, { indexKeys: false }) as StateMachineDefinition;
}

/** `canonicalDefinition`, reporting whether an index-like key was seen. */
export function canonicalCopy(model: StateMachineDefinition, report: CopyReport): unknown {
  return copy(model, 'machine', undefined, report);
}

/**
 * Copies what is not yet canonical. A subtree whose keys are already in canonical order and holds
 * nothing JSON drops is returned as is (not copied): builders and parsed JSON are mostly canonical
 * already, so this saves most of the allocation.
 */
function copy(value: unknown, shape: ShapeRef, startAt: unknown, report: CopyReport): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const element = elementShape(shape);
    let items: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const copied = isWritable(item) ? copy(item, element, undefined, report) : null;
      if (items === undefined && copied !== item) items = value.slice(0, i);
      if (items !== undefined) items.push(copied);
    }
    return items ?? value;
  }
  const object = value as Record<string, unknown>;
  const own = Object.keys(object);
  const keys = shape === 'states' ? stateKeys(object, startAt) : orderedKeys(object, shape, own);
  const reordered = keys !== own && !sameOrder(keys, own);
  // The copied values, allocated only once something differs: most objects are shared as they are.
  let values: unknown[] | undefined = reordered ? new Array<unknown>(keys.length) : undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!report.indexKeys && isIndexKey(key)) report.indexKeys = true;
    const child = object[key];
    let copied: unknown;
    if (child !== null && typeof child === 'object') {
      copied = copy(child, fieldShape(shape, key), object.StartAt, report);
    } else {
      // Primitives need no shape; undefined, functions and symbols are dropped as JSON drops them.
      copied = isWritable(child) ? child : undefined;
    }
    if (values === undefined && (copied !== child || copied === undefined)) {
      // Everything before `i` was kept as is; this key's value changed or is dropped.
      values = new Array<unknown>(keys.length);
      for (let j = 0; j < i; j++) values[j] = object[keys[j] as string];
    }
    if (values !== undefined) values[i] = copied;
  }
  if (values === undefined) return object;
  const result: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const copied = values[i];
    if (copied === undefined) continue;
    if (key === '__proto__') {
      // A plain assignment would set the prototype instead of creating the (legitimate JSON) key.
      Object.defineProperty(result, key, {
        value: copied,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      result[key] = copied;
    }
  }
  return result;
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
