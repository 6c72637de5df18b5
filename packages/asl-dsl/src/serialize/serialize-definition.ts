import type { StateMachineDefinition } from '../model/index.js';
import { canonicalCopy } from './canonical-definition.js';
import type { ShapeRef } from './definition-shape.js';
import { elementShape, fieldShape, isWritable, orderedKeys, stateKeys } from './key-order.js';

/** How `serializeDefinition` lays out its JSON. */
export interface SerializeOptions {
  /**
   * No whitespace at all: the smallest output, e.g. for `DefinitionString` or an API call.
   * @default false
   */
  compact?: boolean;
  /**
   * Spaces per indentation level when not compact (0 to 10).
   * @default 2
   */
  indent?: number;
}

/**
 * Serializes a state machine model to Amazon States Language JSON.
 *
 * Pure and deterministic: the same machine always gives byte-identical output, whatever order its
 * objects' keys were set in. ASL objects are written in a fixed field order (machine: Comment,
 * QueryLanguage, StartAt, TimeoutSeconds, Version, States; state: Type first, Next/End last; see
 * `definition-shape.ts`), states in the order a reader follows them from StartAt, and user data
 * (Parameters, Arguments, Assign...) with keys sorted. Fields set to `undefined` are left out, as
 * `JSON.stringify` does. The result has no trailing newline.
 *
 * @example
 * serializeDefinition({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
 * @see https://states-language.net/spec.html
 */
export function serializeDefinition(model: StateMachineDefinition, options: SerializeOptions = {}): string {
  const unit = options.compact ? '' : ' '.repeat(Math.max(0, Math.min(10, options.indent ?? 2)));
  const report = { indexKeys: false };
  const canonical = canonicalCopy(model, report);
  // The native serializer is several times faster; it keeps insertion order except for index-like
  // keys ("0", "12"), which JavaScript always enumerates first, so those take the slower writer.
  if (!report.indexKeys) return JSON.stringify(canonical, null, unit);
  return write(model, 'machine', undefined, '', unit);
}

function write(value: unknown, shape: ShapeRef, startAt: unknown, pad: string, unit: string): string {
  if (value === null || typeof value !== 'object') {
    // Strings, numbers and booleans: JSON.stringify's own escaping and number formatting.
    return JSON.stringify(value) ?? 'null';
  }
  const inner = pad + unit;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const element = elementShape(shape);
    const parts = value.map((item) =>
      isWritable(item) ? write(item, element, undefined, inner, unit) : 'null',
    );
    return unit === '' ? `[${parts.join(',')}]` : `[\n${inner}${parts.join(`,\n${inner}`)}\n${pad}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = shape === 'states' ? stateKeys(object, startAt) : orderedKeys(object, shape);
  const separator = unit === '' ? ':' : ': ';
  const parts: string[] = [];
  for (const key of keys) {
    const child = object[key];
    if (!isWritable(child)) continue;
    parts.push(
      JSON.stringify(key) + separator + write(child, fieldShape(shape, key), object.StartAt, inner, unit),
    );
  }
  if (parts.length === 0) return '{}';
  return unit === '' ? `{${parts.join(',')}}` : `{\n${inner}${parts.join(`,\n${inner}`)}\n${pad}}`;
}
