import type { JsonValue, StateMachineDefinition } from '../model/index.js';
import { canonicalEntries, elementShape, isWritable, statesEntries } from './canonical-entries.js';
import type { ShapeRef } from './definition-shape.js';

/**
 * A deep copy of a state machine model whose objects have their keys inserted in canonical order
 * (the order `serializeDefinition` writes), with `undefined` fields removed.
 *
 * For embedding the definition as an object, e.g. a CloudFormation `Definition`, where another tool
 * serializes it. (JavaScript enumerates integer-like keys such as `"1"` first whatever the insertion
 * order, so only `serializeDefinition` guarantees the order of such keys.)
 */
export function canonicalDefinition(model: StateMachineDefinition): StateMachineDefinition {
  return copy(model, 'machine', undefined) as unknown as StateMachineDefinition;
}

function copy(value: unknown, shape: ShapeRef, startAt: unknown): JsonValue {
  if (value === null || typeof value !== 'object') return value as JsonValue;
  if (Array.isArray(value)) {
    const element = elementShape(shape);
    return value.map((item) => (isWritable(item) ? copy(item, element, undefined) : null));
  }
  const object = value as Record<string, unknown>;
  const entries = shape === 'states' ? statesEntries(object, startAt) : canonicalEntries(object, shape);
  const result: Record<string, JsonValue> = {};
  for (const [key, child, childShape] of entries) result[key] = copy(child, childShape, object.StartAt);
  return result;
}
