import jsonataCompiler from 'jsonata';
import { BOOLEAN, type Field, NULL, NUMBER, type Shape, STRING, shapeAt, UNKNOWN, unionOf } from './shape.js';

/**
 * What a JSONata expression's value is, worked out from its parsed form (jsonata's `.ast()`) and the
 * shapes of the data it reads. An operator or a built-in function decides the kind whatever its
 * operands are (`+` gives a number, `=` a boolean, `&` a string, `$count` a number); a path to
 * `$states.input…`, `$states.result…`, `$states.errorOutput…`, `$states.context…` or a variable has
 * the shape of what it reaches; object and array constructors are built from their parts. Anything
 * else (lambdas, filters, wildcards, user functions, `$lookup`…) is `unknown`.
 */

/** The roots a JSONata expression reads, as shapes (`unknown` where nothing is known). */
export interface JsonataRoots {
  readonly input?: Shape;
  readonly result?: Shape;
  readonly errorOutput?: Shape;
  readonly context?: Shape;
  readonly variables?: ReadonlyMap<string, Shape>;
}

/** One node of jsonata's parsed expression (the fields this module reads). */
interface JsonataNode {
  readonly type: string;
  readonly value?: unknown;
  readonly lhs?: JsonataNode | readonly (readonly [JsonataNode, JsonataNode])[];
  readonly rhs?: JsonataNode;
  readonly expression?: JsonataNode;
  readonly expressions?: readonly JsonataNode[];
  readonly steps?: readonly JsonataNode[];
  readonly stages?: readonly { readonly type: string; readonly expr?: JsonataNode }[];
  readonly predicate?: readonly unknown[];
  readonly group?: unknown;
  readonly keepArray?: boolean;
  readonly procedure?: JsonataNode;
  readonly arguments?: readonly JsonataNode[];
  readonly condition?: JsonataNode;
  readonly then?: JsonataNode;
  readonly else?: JsonataNode;
}

/** The parsed form of a body, or undefined when it does not parse (reported elsewhere). */
export function parseJsonata(body: string): JsonataNode | undefined {
  // Machines repeat the same expressions, and each is looked at while rendering and again by the
  // flow checks: parse each body once.
  if (asts.has(body)) return asts.get(body);
  let ast: JsonataNode | undefined;
  try {
    ast = jsonataCompiler(body).ast() as JsonataNode;
  } catch {
    ast = undefined;
  }
  if (asts.size > 10_000) asts.clear();
  asts.set(body, ast);
  return ast;
}

const asts = new Map<string, JsonataNode | undefined>();

/** The shape of a JSONata expression body's value. */
export function jsonataShape(body: string, roots: JsonataRoots): Shape {
  const ast = parseJsonata(body);
  if (ast === undefined) return UNKNOWN;
  const bound = new Set<string>();
  collectBindings(ast, bound);
  return shapeOf(ast, roots, bound);
}

const ARRAY_OF_STRINGS: Shape = { kind: 'array', element: STRING };

/**
 * What the built-in functions return, where it is one kind whatever the arguments (JSONata's own,
 * and the ones Step Functions adds: `$hash`, `$random`, `$uuid`). Functions that return a sequence
 * (`$keys`, `$filter`, `$map`...) are left out: a one-item sequence is that item, not an array.
 * @see https://docs.jsonata.org/string-functions
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
const FUNCTION_RESULTS: Readonly<Record<string, Shape>> = {
  count: NUMBER,
  sum: NUMBER,
  max: NUMBER,
  min: NUMBER,
  average: NUMBER,
  length: NUMBER,
  number: NUMBER,
  abs: NUMBER,
  floor: NUMBER,
  ceil: NUMBER,
  round: NUMBER,
  power: NUMBER,
  sqrt: NUMBER,
  random: NUMBER,
  millis: NUMBER,
  toMillis: NUMBER,
  string: STRING,
  substring: STRING,
  substringBefore: STRING,
  substringAfter: STRING,
  lowercase: STRING,
  uppercase: STRING,
  trim: STRING,
  pad: STRING,
  join: STRING,
  replace: STRING,
  base64encode: STRING,
  base64decode: STRING,
  encodeUrl: STRING,
  encodeUrlComponent: STRING,
  decodeUrl: STRING,
  decodeUrlComponent: STRING,
  formatNumber: STRING,
  formatBase: STRING,
  formatInteger: STRING,
  now: STRING,
  fromMillis: STRING,
  type: STRING,
  hash: STRING,
  uuid: STRING,
  boolean: BOOLEAN,
  not: BOOLEAN,
  exists: BOOLEAN,
  contains: BOOLEAN,
  split: ARRAY_OF_STRINGS,
};

const NUMERIC_OPERATORS = new Set(['+', '-', '*', '/', '%']);
const BOOLEAN_OPERATORS = new Set(['=', '!=', '<', '<=', '>', '>=', 'and', 'or', 'in']);

function shapeOf(node: JsonataNode, roots: JsonataRoots, bound: ReadonlySet<string>): Shape {
  switch (node.type) {
    case 'number':
      return NUMBER;
    case 'string':
      return STRING;
    case 'value':
      return node.value === null ? NULL : typeof node.value === 'boolean' ? BOOLEAN : UNKNOWN;
    case 'binary': {
      const operator = String(node.value);
      if (NUMERIC_OPERATORS.has(operator)) return NUMBER;
      if (BOOLEAN_OPERATORS.has(operator)) return BOOLEAN;
      return operator === '&' ? STRING : UNKNOWN;
    }
    case 'unary':
      if (node.value === '-') return NUMBER;
      if (node.value === '[') return arrayShape(node.expressions ?? [], roots, bound);
      if (node.value === '{') return objectShape(node, roots, bound);
      return UNKNOWN;
    case 'function':
      return functionShape(node, bound);
    case 'apply':
      // `x ~> $f(…)` calls $f with x first: the same result as the call.
      return node.rhs?.type === 'function' ? functionShape(node.rhs, bound) : UNKNOWN;
    case 'condition': {
      const then = node.then === undefined ? UNKNOWN : shapeOf(node.then, roots, bound);
      // No else: the value is then undefined (a field is left out), which the `then` shape allows.
      return node.else === undefined ? then : unionOf([then, shapeOf(node.else, roots, bound)]);
    }
    case 'block': {
      const last = node.expressions?.at(-1);
      return last === undefined ? UNKNOWN : shapeOf(last, roots, bound);
    }
    case 'bind':
      return node.rhs === undefined ? UNKNOWN : shapeOf(node.rhs, roots, bound);
    case 'variable':
      return pathShape([node], roots, bound);
    case 'path':
      return pathShape(node.steps ?? [], roots, bound);
    default:
      return UNKNOWN;
  }
}

function functionShape(node: JsonataNode, bound: ReadonlySet<string>): Shape {
  const procedure = node.procedure;
  if (procedure?.type !== 'variable' || typeof procedure.value !== 'string') return UNKNOWN;
  // A function the expression defines itself (`$count := …`) is not the built-in one.
  if (bound.has(procedure.value)) return UNKNOWN;
  return FUNCTION_RESULTS[procedure.value] ?? UNKNOWN;
}

/**
 * An array constructor: a tuple of its items when each is a single value. An item that may be an
 * array (a path, a call) is flattened into the result by JSONata, so the items are then unknown.
 */
function arrayShape(items: readonly JsonataNode[], roots: JsonataRoots, bound: ReadonlySet<string>): Shape {
  const shapes: Shape[] = [];
  for (const item of items) {
    const shape = shapeOf(item, roots, bound);
    const single =
      item.type === 'unary' ||
      shape.kind === 'string' ||
      shape.kind === 'number' ||
      shape.kind === 'boolean' ||
      shape.kind === 'null' ||
      shape.kind === 'literal' ||
      shape.kind === 'object';
    if (!single) return { kind: 'array', element: UNKNOWN };
    shapes.push(shape);
  }
  return { kind: 'tuple', items: shapes };
}

/** An object constructor: its string-literal keys with their values' shapes. */
function objectShape(node: JsonataNode, roots: JsonataRoots, bound: ReadonlySet<string>): Shape {
  const pairs = Array.isArray(node.lhs) ? (node.lhs as readonly (readonly [JsonataNode, JsonataNode])[]) : [];
  const fields = new Map<string, Field>();
  for (const [key, value] of pairs) {
    // A computed key: which keys the object has is not known.
    if (key.type !== 'string' || typeof key.value !== 'string') {
      return { kind: 'object', fields: new Map(), rest: UNKNOWN };
    }
    fields.set(key.value, { shape: shapeOf(value, roots, bound), optional: false });
  }
  return { kind: 'object', fields };
}

/**
 * A path from a known root through plain field names and literal indexes (`$states.input.a[0].b`,
 * `$polls.count`): the shape there. A step through an array maps over it in JSONata, and filters,
 * wildcards or grouping reshape the result: those give `unknown`.
 */
function pathShape(steps: readonly JsonataNode[], roots: JsonataRoots, bound: ReadonlySet<string>): Shape {
  const [head, ...rest] = steps;
  if (head?.type !== 'variable' || typeof head.value !== 'string' || hasStages(head)) return UNKNOWN;
  let base: Shape | undefined;
  let remaining = rest;
  if (head.value === 'states') {
    const [root, ...below] = rest;
    if (root?.type !== 'name' || hasStages(root)) return UNKNOWN;
    base = statesRoot(String(root.value), roots);
    remaining = below;
  } else if (head.value !== '' && !bound.has(head.value)) {
    base = roots.variables?.get(head.value);
  }
  if (base === undefined) return UNKNOWN;
  const segments: (string | number)[] = [];
  for (const step of remaining) {
    if (step.type !== 'name' || typeof step.value !== 'string') return UNKNOWN;
    segments.push(step.value);
    const stages = step.stages ?? [];
    if (step.predicate !== undefined || step.group !== undefined || step.keepArray === true) return UNKNOWN;
    for (const stage of stages) {
      const index = stage.type === 'filter' ? stage.expr : undefined;
      if (index?.type !== 'number' || !Number.isInteger(index.value) || (index.value as number) < 0) {
        return UNKNOWN;
      }
      segments.push(index.value as number);
    }
  }
  return walk(base, segments);
}

/** The shape at `segments`, or `unknown` when a step passes through an array by name (JSONata maps). */
function walk(base: Shape, segments: readonly (string | number)[]): Shape {
  let here = base;
  for (const segment of segments) {
    if (typeof segment === 'string' && (here.kind === 'array' || here.kind === 'tuple')) return UNKNOWN;
    here = shapeAt(here, [segment]);
  }
  return here;
}

function statesRoot(name: string, roots: JsonataRoots): Shape | undefined {
  switch (name) {
    case 'input':
      return roots.input;
    case 'result':
      return roots.result;
    case 'errorOutput':
      return roots.errorOutput;
    case 'context':
      return roots.context;
    default:
      return undefined;
  }
}

function hasStages(node: JsonataNode): boolean {
  return (node.stages?.length ?? 0) > 0 || node.predicate !== undefined || node.group !== undefined;
}

/** The names `:=` binds anywhere in the expression: a read of one is not the workflow variable. */
function collectBindings(node: unknown, into: Set<string>): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) collectBindings(item, into);
    return;
  }
  const record = node as JsonataNode & Record<string, unknown>;
  if (record.type === 'bind' && typeof record.lhs === 'object' && record.lhs !== null) {
    const target = record.lhs as JsonataNode;
    if (target.type === 'variable' && typeof target.value === 'string') into.add(target.value);
  }
  if (record.type === 'lambda') {
    for (const parameter of (record.arguments ?? []) as JsonataNode[]) {
      if (typeof parameter.value === 'string') into.add(parameter.value);
    }
  }
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'position' && typeof value === 'object') collectBindings(value, into);
  }
}

/** The kinds a JSONata expression can be claimed to give. */
export type JsonataKind = 'number' | 'string' | 'boolean' | 'array' | 'object';

/** The one kind a shape is, or undefined when it may be several (or nothing is known). */
export function kindOf(shape: Shape): JsonataKind | 'null' | undefined {
  switch (shape.kind) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'object':
    case 'array':
      return shape.kind;
    case 'tuple':
      return 'array';
    case 'literal':
      return typeof shape.value as 'string' | 'number' | 'boolean';
    case 'union': {
      const kinds = new Set(shape.members.map(kindOf));
      return kinds.size === 1 ? [...kinds][0] : undefined;
    }
    default:
      return undefined;
  }
}

/** The shape a claim stands for, where the expression itself says nothing. */
export function claimedShape(kind: JsonataKind): Shape {
  switch (kind) {
    case 'array':
      return { kind: 'array', element: UNKNOWN };
    case 'object':
      return { kind: 'object', fields: new Map(), rest: UNKNOWN };
    default:
      return { kind };
  }
}
