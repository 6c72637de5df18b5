import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import { setOwn } from './own-property.js';

/** Marks a value that is not plain data (the caller then takes the JSON text round trip). */
const NOT_PLAIN: unique symbol = Symbol('not plain JSON data');
/** Deeper values take the round trip (which also reports cycles). */
const MAX_DEPTH = 64;

/**
 * `JSON.parse(JSON.stringify(value))` without the text round trip, for plain data: strings,
 * booleans, null, finite numbers, arrays without holes, and objects whose prototype is
 * Object.prototype or null and that have no `toJSON`, at most 64 levels deep. Members that JSON
 * drops (undefined, functions, symbols) are dropped. Anything else (Dates, class instances, NaN,
 * holes, cycles) gives undefined: the caller serializes and parses as before. Each property is read
 * once, so serialize the copy, not the original (a getter runs once, as in the round trip).
 */
export function plainJsonCopy(value: unknown): JsonValue | undefined {
  const r = copy(value, 0);
  return r === NOT_PLAIN ? undefined : r;
}

function copy(v: unknown, depth: number): JsonValue | typeof NOT_PLAIN {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      // JSON has no -0: it reads back as 0.
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (v === null) return null;
  if (depth >= MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return NOT_PLAIN;
    const n = v.length;
    const out: JsonValue[] = [];
    for (let i = 0; i < n; i++) {
      if (!(i in v)) return NOT_PLAIN;
      const c = copy(v[i], depth + 1);
      if (c === NOT_PLAIN) return NOT_PLAIN;
      out.push(c);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in v) return NOT_PLAIN;
  const rec = v as Record<string, unknown>;
  const out: Record<string, JsonValue> = {};
  for (const k of Object.keys(rec)) {
    const member = rec[k];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    const c = copy(member, depth + 1);
    if (c === NOT_PLAIN) return NOT_PLAIN;
    setOwn(out, k, c);
  }
  return out;
}
