import type { StateMachineDefinition } from '../model/index.js';
import {
  elementShape,
  fieldShape,
  isIndexKey,
  isWritable,
  orderedKeys,
  stateKeys,
} from './canonical-entries.js';
import type { ShapeRef } from './definition-shape.js';

/** Set while copying when some key is one JavaScript would move to the front (see `isIndexKey`). */
export interface CopyReport {
  indexKeys: boolean;
}

/**
 * A deep copy of a state machine model whose objects have their keys inserted in canonical order
 * (the order `serializeDefinition` writes), with `undefined` fields removed.
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

function copy(value: unknown, shape: ShapeRef, startAt: unknown, report: CopyReport): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const element = elementShape(shape);
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      items[i] = isWritable(item) ? copy(item, element, undefined, report) : null;
    }
    return items;
  }
  const object = value as Record<string, unknown>;
  const keys = shape === 'states' ? stateKeys(object, startAt) : orderedKeys(object, shape);
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const child = object[key];
    if (!isWritable(child)) continue;
    const copied = copy(child, fieldShape(shape, key), object.StartAt, report);
    if (key === '__proto__') {
      // A plain assignment would set the prototype instead of creating the (legitimate JSON) key.
      Object.defineProperty(result, key, {
        value: copied,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      if (!report.indexKeys && isIndexKey(key)) report.indexKeys = true;
      result[key] = copied;
    }
  }
  return result;
}
