import type { JsonValue } from '../../model/json.js';

/**
 * The build-time picture of a JSON value, worked out from the zod schemas: what the checks of
 * `toModel()` compare along every transition. `unknown` is a value nothing is known about (an untyped
 * input, a task without `outputSchema`, a JSONata expression): it satisfies, and is satisfied by,
 * anything.
 */
export type Shape =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'string' | 'number' | 'boolean' | 'null' }
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'array'; readonly element: Shape }
  | { readonly kind: 'tuple'; readonly items: readonly Shape[] }
  | {
      readonly kind: 'object';
      readonly fields: ReadonlyMap<string, Field>;
      /** The shape of keys not listed (a record, a catchall), if any are allowed. */
      readonly rest?: Shape;
    }
  | { readonly kind: 'union'; readonly members: readonly Shape[] };

/** One field of an object shape. */
export interface Field {
  readonly shape: Shape;
  readonly optional: boolean;
}

export const UNKNOWN: Shape = { kind: 'unknown' };
export const STRING: Shape = { kind: 'string' };
export const NUMBER: Shape = { kind: 'number' };
export const BOOLEAN: Shape = { kind: 'boolean' };
export const NULL: Shape = { kind: 'null' };

/** An object shape from required fields. */
export function objectShape(fields: Readonly<Record<string, Shape>>): Shape {
  return {
    kind: 'object',
    fields: new Map(Object.entries(fields).map(([key, shape]) => [key, { shape, optional: false }])),
  };
}

/** The error output a Catch sees (`{ Error, Cause }`). */
export const ERROR_OUTPUT: Shape = objectShape({ Error: STRING, Cause: STRING });

/** The union of some shapes; `unknown` absorbs the rest, nested unions are flattened. */
export function unionOf(shapes: readonly Shape[]): Shape {
  const members: Shape[] = [];
  for (const shape of shapes) {
    if (shape.kind === 'unknown') return UNKNOWN;
    for (const member of shape.kind === 'union' ? shape.members : [shape]) {
      if (!members.some((known) => sameShape(known, member))) members.push(member);
    }
  }
  if (members.length === 1) return members[0] as Shape;
  if (members.length === 0) return UNKNOWN;
  return members.length > MAX_UNION ? UNKNOWN : { kind: 'union', members };
}

/**
 * A union wider than this is `unknown`: loops and Catch edges joining at every state would otherwise
 * double the shapes downstream at each join. Each transition is still checked with its own shape;
 * only what flows on from such a join is no longer known (it passes, like an untyped payload).
 */
const MAX_UNION = 4;

function sameShape(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'literal' && b.kind === 'literal') return a.value === b.value;
  return a.kind === 'string' || a.kind === 'number' || a.kind === 'boolean' || a.kind === 'null';
}

/** The shape of a JSON literal (a Pass `Result`, a payload constant). */
export function shapeOfJson(value: JsonValue): Shape {
  if (value === null) return NULL;
  if (Array.isArray(value)) return { kind: 'tuple', items: value.map(shapeOfJson) };
  if (typeof value === 'object') {
    return {
      kind: 'object',
      fields: new Map(
        Object.entries(value).map(([key, item]) => [key, { shape: shapeOfJson(item), optional: false }]),
      ),
    };
  }
  return { kind: 'literal', value };
}

/** What one step of a path reaches: the shape there, or why nothing is there. */
export type Step =
  | { readonly found: Shape; readonly optional: boolean }
  | { readonly missing: 'field' | 'not-an-object' | 'not-an-array'; readonly got: Shape };

/**
 * One step into a shape: a field name or an array index. Through a union, the step must succeed on
 * every member that is not `null` (a field some object members lack is a missing field).
 */
export function step(shape: Shape, segment: string | number): Step {
  switch (shape.kind) {
    case 'unknown':
      return { found: UNKNOWN, optional: false };
    case 'union': {
      const found: Shape[] = [];
      let optional = false;
      for (const member of shape.members) {
        if (member.kind === 'null') {
          optional = true;
          continue;
        }
        const reached = step(member, segment);
        if ('missing' in reached) return reached;
        found.push(reached.found);
        optional ||= reached.optional;
      }
      return { found: unionOf(found), optional };
    }
    case 'object': {
      if (typeof segment === 'number') return { missing: 'not-an-array', got: shape };
      const field = shape.fields.get(segment);
      if (field !== undefined) return { found: field.shape, optional: field.optional };
      if (shape.rest !== undefined) return { found: shape.rest, optional: true };
      return { missing: 'field', got: shape };
    }
    case 'array':
      return typeof segment === 'number'
        ? { found: shape.element, optional: true }
        : { missing: 'not-an-object', got: shape };
    case 'tuple':
      if (typeof segment !== 'number') return { missing: 'not-an-object', got: shape };
      return segment < shape.items.length
        ? { found: shape.items[segment] as Shape, optional: false }
        : { missing: 'field', got: shape };
    default:
      return { missing: typeof segment === 'number' ? 'not-an-array' : 'not-an-object', got: shape };
  }
}

/** The shape a path of known steps reaches, or `unknown` where a step fails (checked elsewhere). */
export function shapeAt(shape: Shape, segments: readonly (string | number)[]): Shape {
  let here = shape;
  for (const segment of segments) {
    const reached = step(here, segment);
    if ('missing' in reached) return UNKNOWN;
    here = reached.found;
  }
  return here;
}

/**
 * `shape` with `value` placed at `segments` (JSONPath `ResultPath`): the fields on the way are
 * created or replaced, like AWS does.
 */
export function placeAt(shape: Shape, segments: readonly (string | number)[], value: Shape): Shape {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string | number, ...(string | number)[]];
  if (typeof head === 'number' || shape.kind === 'unknown') {
    // An index, or an input nothing is known about: what else is there stays unknown.
    return shape.kind === 'unknown' && typeof head === 'string'
      ? {
          kind: 'object',
          fields: new Map([[head, { shape: placeAt(UNKNOWN, rest, value), optional: false }]]),
          rest: UNKNOWN,
        }
      : UNKNOWN;
  }
  if (shape.kind === 'union') return unionOf(shape.members.map((member) => placeAt(member, segments, value)));
  const base = shape.kind === 'object' ? shape.fields : EMPTY_FIELDS;
  const inner =
    base.get(head)?.shape ?? (shape.kind === 'object' && shape.rest !== undefined ? shape.rest : undefined);
  // A layer over the input's fields rather than a copy: a machine that adds a field per state would
  // otherwise copy ever-growing field maps (quadratic in the number of states).
  const fields = new LayeredFields(base, head, {
    shape: placeAt(inner ?? objectShape({}), rest, value),
    optional: false,
  });
  return shape.kind === 'object' && shape.rest !== undefined
    ? { kind: 'object', fields, rest: shape.rest }
    : { kind: 'object', fields };
}

const EMPTY_FIELDS: ReadonlyMap<string, Field> = new Map();

/** Layers deeper than this are flattened into one map (keeps lookups short). */
const MAX_LAYERS = 16;

/** An object's fields as one field set over another's: what ResultPath placing makes. */
class LayeredFields implements ReadonlyMap<string, Field> {
  readonly #parent: ReadonlyMap<string, Field>;
  readonly #key: string;
  readonly #field: Field;
  readonly #depth: number;
  #flat: Map<string, Field> | undefined;

  constructor(parent: ReadonlyMap<string, Field>, key: string, field: Field) {
    const depth = parent instanceof LayeredFields ? parent.#depth + 1 : 1;
    this.#parent = depth > MAX_LAYERS ? new Map(parent) : parent;
    this.#depth = depth > MAX_LAYERS ? 1 : depth;
    this.#key = key;
    this.#field = field;
  }

  get(key: string): Field | undefined {
    return key === this.#key ? this.#field : this.#parent.get(key);
  }

  has(key: string): boolean {
    return key === this.#key || this.#parent.has(key);
  }

  #merged(): Map<string, Field> {
    if (this.#flat === undefined) {
      this.#flat = new Map(this.#parent);
      this.#flat.set(this.#key, this.#field);
    }
    return this.#flat;
  }

  get size(): number {
    return this.#merged().size;
  }

  keys(): MapIterator<string> {
    return this.#merged().keys();
  }

  values(): MapIterator<Field> {
    return this.#merged().values();
  }

  entries(): MapIterator<[string, Field]> {
    return this.#merged().entries();
  }

  [Symbol.iterator](): MapIterator<[string, Field]> {
    return this.#merged()[Symbol.iterator]();
  }

  forEach(callback: (value: Field, key: string, map: ReadonlyMap<string, Field>) => void): void {
    for (const [key, value] of this.#merged()) callback(value, key, this);
  }
}

/** A short human description of a shape, for error messages. */
export function describeShape(shape: Shape, depth = 0): string {
  switch (shape.kind) {
    case 'literal':
      return JSON.stringify(shape.value);
    case 'array':
      return `${describeShape(shape.element, depth + 1)}[]`;
    case 'tuple':
      return `[${shape.items.map((item) => describeShape(item, depth + 1)).join(', ')}]`;
    case 'object': {
      if (depth > 0) return 'an object';
      const keys = [...shape.fields.keys()];
      return keys.length === 0
        ? 'an object'
        : `an object with ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}`;
    }
    case 'union':
      return shape.members.map((member) => describeShape(member, depth + 1)).join(' | ');
    default:
      return shape.kind === 'unknown' ? 'anything' : `a ${shape.kind}`;
  }
}
