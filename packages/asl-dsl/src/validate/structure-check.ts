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

/**
 * Checks `value`, found at `parent` + `key` (`key` undefined: at `parent` itself). The pointer is only
 * built when a diagnostic or a nested container needs it: most fields are fine primitives.
 */
type Check = (value: unknown, parent: string, key: string | number | undefined, out: Diagnostic[]) => void;

const at = (parent: string, key: string | number | undefined): string =>
  key === undefined ? parent : pointerTo(parent, key);

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
  compiled.set(schema, (value, parent, key, out) => (real as Check)(value, parent, key, out));
  real = build(definitionOf(schema));
  compiled.set(schema, real);
  return real;
}

/** Reports `value` at its location as not being what `expected` says. */
function mismatch(
  out: Diagnostic[],
  parent: string,
  key: string | number | undefined,
  expected: string,
  value: unknown,
) {
  const location = at(parent, key);
  fail(out, location, `${fieldName(location)} must be ${expected}, got ${describe(value)}`);
}

function primitive(expected: string): Check {
  return (value, parent, key, out) => {
    if (describe(value) !== expected) mismatch(out, parent, key, `a ${expected}`, value);
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
      return (value, parent, key, out) => {
        if (value !== undefined) inner(value, parent, key, out);
      };
    }
    case 'nullable': {
      const inner = compile(def.innerType as z.ZodType);
      return (value, parent, key, out) => {
        if (value !== null) inner(value, parent, key, out);
      };
    }
    case 'lazy':
      return compile((def.getter as () => z.ZodType)());
    case 'literal': {
      const allowed = def.values as unknown[];
      const text = allowed.map((v) => JSON.stringify(v)).join(' or ');
      return (value, parent, key, out) => {
        if (!allowed.includes(value)) {
          const location = at(parent, key);
          fail(out, location, `${fieldName(location)} must be ${text}`);
        }
      };
    }
    case 'enum': {
      const allowed = Object.values(def.entries as Record<string, unknown>);
      const text = allowed.map((v) => JSON.stringify(v)).join(', ');
      return (value, parent, key, out) => {
        if (!allowed.includes(value)) {
          const location = at(parent, key);
          fail(out, location, `${fieldName(location)} must be one of ${text}, got ${JSON.stringify(value)}`);
        }
      };
    }
    case 'array': {
      const element = compile(def.element as z.ZodType);
      return (value, parent, key, out) => {
        if (!Array.isArray(value)) {
          mismatch(out, parent, key, 'an array', value);
          return;
        }
        const location = at(parent, key);
        for (let i = 0; i < value.length; i++) element(value[i], location, i, out);
      };
    }
    case 'record': {
      const valueCheck = compile(def.valueType as z.ZodType);
      return (value, parent, key, out) => {
        if (describe(value) !== 'object') {
          mismatch(out, parent, key, 'an object', value);
          return;
        }
        const location = at(parent, key);
        const object = value as Record<string, unknown>;
        for (const name in object) valueCheck(object[name], location, name, out);
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
  return (value, parent, key, out) => {
    if (describe(value) !== 'object') {
      mismatch(out, parent, key, 'an object', value);
      return;
    }
    const location = at(parent, key);
    const object = value as Record<string, unknown>;
    for (const name of required) {
      if (object[name] === undefined) fail(out, pointerTo(location, name), `field '${name}' is required`);
    }
    // Walk the object's own keys (a handful) rather than the schema's (dozens per state type).
    for (const name in object) {
      const field = object[name];
      const check = checks.get(name);
      if (check === undefined) {
        if (strict) fail(out, pointerTo(location, name), `field '${name}' is not supported here`);
      } else if (field !== undefined) check(field, location, name, out);
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
  return (value, parent, key, out) => {
    if (describe(value) !== 'object') {
      mismatch(out, parent, key, 'an object', value);
      return;
    }
    const check = byValue.get((value as Record<string, unknown>)[discriminator]);
    if (check) check(value, parent, key, out);
    else fail(out, pointerTo(at(parent, key), discriminator), `${discriminator} must be ${expected}`);
  };
}

const PRIMITIVES = new Set(['string', 'number', 'boolean', 'null']);

function buildUnion(def: ZodDefinition): Check {
  const options = (def.options as z.ZodType[]).map(compile);
  const kinds = (def.options as z.ZodType[]).map((o) => definitionOf(o).type);
  const expected = `a ${kinds.join(' or ')}`;
  if (kinds.every((k) => PRIMITIVES.has(k))) {
    const allowed = new Set(kinds);
    return (value, parent, key, out) => {
      if (!allowed.has(describe(value))) mismatch(out, parent, key, expected, value);
    };
  }
  return (value, parent, key, out) => {
    for (const option of options) {
      const scratch: Diagnostic[] = [];
      option(value, parent, key, scratch);
      if (scratch.length === 0) return;
    }
    mismatch(out, parent, key, expected, value);
  };
}

const checkDefinition = compile(aslSchema);

/** Structural (schema) diagnostics of a definition, equivalent to `aslSchema.safeParse` but fast. */
export function checkStructure(definition: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkDefinition(definition, '', undefined, out);
  return out;
}

/** {@link checkStructure}, appending to an existing list. */
export function checkStructureInto(definition: unknown, out: Diagnostic[]): void {
  checkDefinition(definition, '', undefined, out);
}
