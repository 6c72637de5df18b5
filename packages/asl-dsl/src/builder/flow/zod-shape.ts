import type { ZodType } from 'zod';
import { BOOLEAN, type Field, NULL, NUMBER, type Shape, STRING, UNKNOWN, unionOf } from './shape.js';

/**
 * What a zod schema's output looks like, as a {@link Shape}. Schemas the checks cannot see into
 * (`z.custom`, `z.any`, transforms, lazy or recursive schemas, dates...) are `unknown`: they pass.
 * Reads zod 4's public definition objects (`schema._zod.def`).
 */
export function shapeOfSchema(schema: ZodType | undefined): Shape {
  return schema === undefined ? UNKNOWN : shapeOf(schema, 0);
}

interface ZodDefinition {
  readonly type: string;
  readonly [key: string]: unknown;
}

interface ZodLike {
  readonly _zod: { readonly def: ZodDefinition; readonly optout?: 'optional' };
}

const cache = new WeakMap<object, Shape>();

/** Nesting deeper than this is `unknown` (a guard against recursive schemas). */
const MAX_DEPTH = 24;

function shapeOf(schema: unknown, depth: number): Shape {
  if (depth > MAX_DEPTH || typeof schema !== 'object' || schema === null || !('_zod' in schema))
    return UNKNOWN;
  const cached = cache.get(schema);
  if (cached !== undefined) return cached;
  const shape = compute((schema as ZodLike)._zod.def, depth);
  cache.set(schema, shape);
  return shape;
}

function compute(def: ZodDefinition, depth: number): Shape {
  const inner = (key: string) => shapeOf(def[key], depth + 1);
  switch (def.type) {
    case 'string':
    case 'template_literal':
      return STRING;
    case 'number':
    case 'int':
    case 'nan':
      return NUMBER;
    case 'boolean':
      return BOOLEAN;
    case 'null':
      return NULL;
    case 'literal': {
      const values = (def.values as readonly unknown[]).filter(isLiteral);
      return unionOf(values.map((value) => (value === null ? NULL : { kind: 'literal', value })));
    }
    case 'enum':
      return unionOf(
        Object.values(def.entries as Record<string, string | number>).map((value) => ({
          kind: 'literal',
          value,
        })),
      );
    case 'array':
      return { kind: 'array', element: inner('element') };
    case 'tuple': {
      const items = (def.items as readonly unknown[]).map((item) => shapeOf(item, depth + 1));
      return def.rest === undefined || def.rest === null
        ? { kind: 'tuple', items }
        : { kind: 'array', element: unionOf([...items, inner('rest')]) };
    }
    case 'object': {
      const fields = new Map<string, Field>();
      for (const [key, field] of Object.entries(def.shape as Record<string, ZodLike>)) {
        fields.set(key, { shape: shapeOf(field, depth + 1), optional: field._zod.optout === 'optional' });
      }
      // A catchall (looseObject, passthrough) allows other keys; a plain object strips them.
      return def.catchall === undefined
        ? { kind: 'object', fields }
        : { kind: 'object', fields, rest: inner('catchall') };
    }
    case 'record':
      return { kind: 'object', fields: new Map(), rest: inner('valueType') };
    case 'union':
      return unionOf((def.options as readonly unknown[]).map((option) => shapeOf(option, depth + 1)));
    case 'intersection':
      return intersect(inner('left'), inner('right'));
    case 'optional':
    case 'nullable':
      return def.type === 'nullable' ? unionOf([inner('innerType'), NULL]) : inner('innerType');
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner('innerType');
    case 'pipe':
      // The output side of a pipe; a transform's output is not described by a schema.
      return inner('out');
    default:
      return UNKNOWN;
  }
}

function isLiteral(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Two object shapes merged (`z.intersection` of objects); anything else is `unknown`. */
function intersect(left: Shape, right: Shape): Shape {
  if (left.kind !== 'object' || right.kind !== 'object') return UNKNOWN;
  const fields = new Map(left.fields);
  for (const [key, field] of right.fields) fields.set(key, field);
  return { kind: 'object', fields };
}
