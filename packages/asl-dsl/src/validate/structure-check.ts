import type { z } from 'zod';
import { aslSchema, jsonValueSchema } from '../schema/asl-schema.js';
import type { Diagnostic } from './diagnostic.js';
import { pointerTo } from './json-pointer.js';

/*
 * zod's safeParse of a 1,000-state definition takes several milliseconds, most of the validator's
 * budget. The validator instead runs this checker, compiled once from `aslSchema` itself by reading
 * each zod definition, so the schema stays the single source of truth. It supports exactly the zod
 * kinds `aslSchema` uses; a test asserts it agrees with `aslSchema.safeParse` over the corpus.
 */

type Check = (value: unknown, location: string, out: Diagnostic[]) => void;

interface ZodDefinition {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
  getter?: () => z.ZodType;
}

const definitionOf = (schema: z.ZodType): ZodDefinition =>
  (schema as unknown as { _zod: { def: ZodDefinition } })._zod.def;

const fail = (out: Diagnostic[], location: string, message: string) =>
  out.push({ code: 'SCHEMA_VALIDATION_FAILED', severity: 'ERROR', message, location });

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

const fieldName = (location: string): string => location.slice(location.lastIndexOf('/') + 1) || 'definition';

/** Any JSON value: what JSON.parse produced needs no check, and walking payloads would cost the most. */
const acceptJson: Check = () => {};
const compiled = new Map<z.ZodType, Check>([[jsonValueSchema, acceptJson]]);

function compile(schema: z.ZodType): Check {
  const existing = compiled.get(schema);
  if (existing) return existing;
  // Recursive schemas reach themselves: hand out a forwarder until the real check exists.
  let real: Check | undefined;
  compiled.set(schema, (value, location, out) => (real as Check)(value, location, out));
  real = build(definitionOf(schema));
  compiled.set(schema, real);
  return real;
}

function primitive(expected: string): Check {
  return (value, location, out) => {
    const actual = describe(value);
    if (actual !== expected)
      fail(out, location, `${fieldName(location)} must be a ${expected}, got ${actual}`);
  };
}

function build(def: ZodDefinition): Check {
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return primitive(def.type);
    case 'null':
      return primitive('null');
    case 'optional': {
      const inner = compile(def.innerType as z.ZodType);
      return (value, location, out) => {
        if (value !== undefined) inner(value, location, out);
      };
    }
    case 'nullable': {
      const inner = compile(def.innerType as z.ZodType);
      return (value, location, out) => {
        if (value !== null) inner(value, location, out);
      };
    }
    case 'lazy':
      return compile((def.getter as () => z.ZodType)());
    case 'literal': {
      const allowed = def.values as unknown[];
      return (value, location, out) => {
        if (!allowed.includes(value)) {
          fail(
            out,
            location,
            `${fieldName(location)} must be ${allowed.map((v) => JSON.stringify(v)).join(' or ')}`,
          );
        }
      };
    }
    case 'enum': {
      const allowed = Object.values(def.entries as Record<string, unknown>);
      return (value, location, out) => {
        if (!allowed.includes(value)) {
          fail(
            out,
            location,
            `${fieldName(location)} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`,
          );
        }
      };
    }
    case 'array': {
      const element = compile(def.element as z.ZodType);
      return (value, location, out) => {
        if (!Array.isArray(value)) {
          fail(out, location, `${fieldName(location)} must be an array, got ${describe(value)}`);
          return;
        }
        for (let i = 0; i < value.length; i++) element(value[i], pointerTo(location, i), out);
      };
    }
    case 'record': {
      const valueCheck = compile(def.valueType as z.ZodType);
      return (value, location, out) => {
        if (describe(value) !== 'object') {
          fail(out, location, `${fieldName(location)} must be an object, got ${describe(value)}`);
          return;
        }
        const object = value as Record<string, unknown>;
        for (const key in object) valueCheck(object[key], pointerTo(location, key), out);
      };
    }
    case 'object':
      return buildObject(def);
    case 'union':
      return def.discriminator ? buildDiscriminated(def) : buildUnion(def);
    default:
      throw new Error(`structure-check: unsupported zod type '${def.type}' in aslSchema`);
  }
}

function buildObject(def: ZodDefinition): Check {
  const shape = def.shape as Record<string, z.ZodType>;
  const checks = new Map<string, Check>();
  for (const key of Object.keys(shape)) checks.set(key, compile(shape[key] as z.ZodType));
  const required = Object.keys(shape).filter(
    (key) => definitionOf(shape[key] as z.ZodType).type !== 'optional',
  );
  const strict = def.catchall !== undefined && definitionOf(def.catchall).type === 'never';
  return (value, location, out) => {
    if (describe(value) !== 'object') {
      fail(out, location, `${fieldName(location)} must be an object, got ${describe(value)}`);
      return;
    }
    const object = value as Record<string, unknown>;
    for (const key of required) {
      if (object[key] === undefined) fail(out, pointerTo(location, key), `field '${key}' is required`);
    }
    // Walk the object's own keys (a handful) rather than the schema's (dozens per state type).
    for (const key in object) {
      const field = object[key];
      const check = checks.get(key);
      if (check === undefined) {
        if (strict) fail(out, pointerTo(location, key), `field '${key}' is not supported here`);
      } else if (field !== undefined) check(field, pointerTo(location, key), out);
    }
  };
}

function buildDiscriminated(def: ZodDefinition): Check {
  const discriminator = def.discriminator as string;
  const byValue = new Map<unknown, Check>();
  const names: string[] = [];
  for (const option of def.options as z.ZodType[]) {
    const shape = definitionOf(option).shape as Record<string, z.ZodType>;
    for (const literal of definitionOf(shape[discriminator] as z.ZodType).values as unknown[]) {
      byValue.set(literal, compile(option));
      names.push(`'${String(literal)}'`);
    }
  }
  const expected = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return (value, location, out) => {
    if (describe(value) !== 'object') {
      fail(out, location, `${fieldName(location)} must be an object, got ${describe(value)}`);
      return;
    }
    const check = byValue.get((value as Record<string, unknown>)[discriminator]);
    if (check) check(value, location, out);
    else fail(out, pointerTo(location, discriminator), `${discriminator} must be ${expected}`);
  };
}

const PRIMITIVES = new Set(['string', 'number', 'boolean', 'null']);

function buildUnion(def: ZodDefinition): Check {
  const options = (def.options as z.ZodType[]).map(compile);
  const kinds = (def.options as z.ZodType[]).map((o) => definitionOf(o).type);
  if (kinds.every((k) => PRIMITIVES.has(k))) {
    const allowed = new Set(kinds);
    return (value, location, out) => {
      if (!allowed.has(describe(value))) {
        fail(out, location, `${fieldName(location)} must be a ${kinds.join(' or ')}, got ${describe(value)}`);
      }
    };
  }
  return (value, location, out) => {
    for (const option of options) {
      const scratch: Diagnostic[] = [];
      option(value, location, scratch);
      if (scratch.length === 0) return;
    }
    fail(out, location, `${fieldName(location)} must be a ${kinds.join(' or ')}, got ${describe(value)}`);
  };
}

const checkDefinition = compile(aslSchema);

/** Structural (schema) diagnostics of a definition, equivalent to `aslSchema.safeParse` but fast. */
export function checkStructure(definition: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkDefinition(definition, '', out);
  return out;
}

/** {@link checkStructure}, appending to an existing list. */
export function checkStructureInto(definition: unknown, out: Diagnostic[]): void {
  checkDefinition(definition, '', out);
}
