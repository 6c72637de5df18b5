import type { JsonValue } from '../../model/json.js';
import { parseIntrinsic } from '../../paths/intrinsic-parser.js';
import { parseJsonPath } from '../../paths/jsonpath-parser.js';
import { joinPointer } from '../errors.js';
import { checkJsonataClaim } from '../jsonata.js';
import { claimedShape, type JsonataKind, jsonataShape, kindOf } from './jsonata-shape.js';
import { BOOLEAN, NUMBER, type Shape, STRING, shapeAt, shapeOfJson, UNKNOWN, unionOf } from './shape.js';

/** A simple reference read out of a rendered path or expression: a root and plain steps. */
export interface Reference {
  readonly root: 'input' | 'result' | 'errorOutput' | 'context' | 'variable';
  readonly variable?: string;
  readonly segments: readonly (string | number)[];
}

/**
 * The shapes a rendered field can reach: `dollar` is what `$` means in a JSONPath field (the effective
 * input, the result, the error output, the item...); the others are JSONata's `$states.*` and the
 * context object and variables both languages share.
 */
export interface ShapeScope {
  readonly dollar: Shape;
  readonly input: Shape;
  readonly result?: Shape;
  readonly errorOutput?: Shape;
  readonly context: Shape;
  readonly variables: ReadonlyMap<string, Shape>;
}

/** A JSONPath (`$.a[0].b`, `$$.Execution.Id`, `$var.x`) as plain steps; `undefined` for anything else. */
export function jsonPathReference(path: string): Reference | undefined {
  // Machines repeat the same few paths: parse each once.
  if (references.has(path)) return references.get(path);
  const reference = parseReference(path);
  if (references.size > 10_000) references.clear();
  references.set(path, reference);
  return reference;
}

const references = new Map<string, Reference | undefined>();

function parseReference(path: string): Reference | undefined {
  let ast: ReturnType<typeof parseJsonPath>;
  try {
    ast = parseJsonPath(path);
  } catch {
    return undefined;
  }
  const segments: (string | number)[] = [];
  for (const segment of ast.segments) {
    if (segment.scope !== 'child') return undefined;
    const selector = segment.selector;
    if (selector.kind === 'name') segments.push(selector.name);
    else if (selector.kind === 'index' && selector.index >= 0) segments.push(selector.index);
    else return undefined;
  }
  const root = ast.root;
  return root.kind === 'variable'
    ? { root: 'variable', variable: root.name, segments }
    : { root: root.kind === 'context' ? 'context' : 'input', segments };
}

const JSONATA_STEP = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\.`([^`]*)`|\[(\d+)\])/;

/** The body of a `{% … %}` JSONata expression that is one plain reference, as a {@link Reference}. */
export function jsonataReference(body: string): Reference | undefined {
  const head = /^\$states\.(input|result|errorOutput|context)|^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(body);
  if (head === null) return undefined;
  const segments: (string | number)[] = [];
  let rest = body.slice(head[0].length);
  while (rest.length > 0) {
    const next = JSONATA_STEP.exec(rest);
    if (next === null) return undefined;
    segments.push(next[1] ?? next[2] ?? Number(next[3]));
    rest = rest.slice(next[0].length);
  }
  return head[1] !== undefined
    ? { root: head[1] as Reference['root'], segments }
    : { root: 'variable', variable: head[2] as string, segments };
}

/** Every `$states.input…` reference inside a JSONata expression body (what the state reads). */
export function jsonataInputReads(body: string): Reference[] {
  const reads: Reference[] = [];
  for (const match of body.matchAll(/\$states\.input((?:\.[A-Za-z_][A-Za-z0-9_]*|\.`[^`]*`|\[\d+\])*)/g)) {
    const reference = jsonataReference(`$states.input${match[1] ?? ''}`);
    if (reference !== undefined) reads.push(reference);
  }
  return reads;
}

/** The body of a `{% … %}` string, or undefined. */
export function jsonataBody(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.startsWith('{%') && trimmed.endsWith('%}') ? trimmed.slice(2, -2).trim() : undefined;
}

/** The shape a reference reaches in a scope. */
export function referenceShape(reference: Reference, scope: ShapeScope, jsonata: boolean): Shape {
  let base: Shape | undefined;
  switch (reference.root) {
    case 'input':
      base = jsonata ? scope.input : scope.dollar;
      break;
    case 'result':
      base = scope.result;
      break;
    case 'errorOutput':
      base = scope.errorOutput;
      break;
    case 'context':
      base = scope.context;
      break;
    default:
      base = scope.variables.get(reference.variable ?? '');
  }
  return base === undefined ? UNKNOWN : shapeAt(base, reference.segments);
}

/** What each intrinsic function returns, where it is one kind of value. */
const INTRINSIC_RESULTS: Readonly<Record<string, Shape>> = {
  'States.Format': STRING,
  'States.JsonToString': STRING,
  'States.Base64Encode': STRING,
  'States.Base64Decode': STRING,
  'States.Hash': STRING,
  'States.UUID': STRING,
  'States.ArrayLength': NUMBER,
  'States.MathAdd': NUMBER,
  'States.MathRandom': NUMBER,
  'States.ArrayContains': BOOLEAN,
  'States.StringSplit': { kind: 'array', element: STRING },
  'States.ArrayRange': { kind: 'array', element: NUMBER },
};

/** The shape of a `key.$` value of a JSONPath payload: a path or an intrinsic call. */
function dynamicShape(text: string, scope: ShapeScope): Shape {
  if (text.startsWith('$')) {
    const reference = jsonPathReference(text);
    return reference === undefined ? UNKNOWN : referenceShape(reference, scope, false);
  }
  try {
    return INTRINSIC_RESULTS[parseIntrinsic(text).name] ?? UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

/** The shape a rendered JSONPath payload (Parameters, ResultSelector, ItemSelector...) produces. */
export function jsonPathPayloadShape(payload: JsonValue, scope: ShapeScope): Shape {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return shapeOfJson(payload);
  const fields = new Map<string, { shape: Shape; optional: boolean }>();
  for (const [key, value] of Object.entries(payload)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      fields.set(key.slice(0, -2), { shape: dynamicShape(value, scope), optional: false });
    } else {
      fields.set(key, { shape: jsonPathPayloadShape(value, scope), optional: false });
    }
  }
  return { kind: 'object', fields };
}

/**
 * The shape a rendered JSONata value (Arguments, Output, Items...) produces: each `{% … %}` string's
 * from its parsed expression (see `jsonata-shape.ts`). `at` is the value's JSON pointer, given when the
 * kinds `jsonata.number`-style tags claim are in `claims`: an expression the checks cannot work out
 * then has the claimed kind (a claim the expression contradicts was rejected by `checkStateClaims`).
 */
export function jsonataValueShape(
  value: JsonValue,
  scope: ShapeScope,
  claims?: ReadonlyMap<string, JsonataKind>,
  at?: string,
): Shape {
  const body = jsonataBody(value);
  if (body !== undefined) {
    const shape = jsonataShape(body, scope);
    const claim = at === undefined ? undefined : claims?.get(at);
    return claim !== undefined && kindOf(shape) === undefined ? claimedShape(claim) : shape;
  }
  const below = (key: string | number) => (at === undefined ? undefined : joinPointer(at, key));
  if (Array.isArray(value))
    return {
      kind: 'tuple',
      items: value.map((item, index) => jsonataValueShape(item, scope, claims, below(index))),
    };
  if (typeof value === 'object' && value !== null) {
    const fields = new Map<string, { shape: Shape; optional: boolean }>();
    for (const [key, item] of Object.entries(value)) {
      fields.set(key, { shape: jsonataValueShape(item, scope, claims, below(key)), optional: false });
    }
    return { kind: 'object', fields };
  }
  return shapeOfJson(value);
}

/**
 * Checks each claimed JSONata expression of a rendered state (every field, not its sub-graphs)
 * against what it gives with the data it reads.
 * @throws AslDslError `JsonataKindMismatch` naming the state, the field's pointer and both kinds.
 */
export function checkStateClaims(
  state: JsonValue,
  scope: ShapeScope,
  claims: ReadonlyMap<string, JsonataKind>,
  stateName: string,
  at: string,
): void {
  const body = jsonataBody(state);
  if (body !== undefined) {
    const claim = claims.get(at);
    if (claim !== undefined) {
      checkJsonataClaim(body, claim, kindOf(jsonataShape(body, scope)), { stateName, pointer: at });
    }
    return;
  }
  if (typeof state !== 'object' || state === null) return;
  for (const [key, item] of Array.isArray(state) ? state.entries() : Object.entries(state)) {
    if (key === 'Branches' || key === 'ItemProcessor') continue;
    checkStateClaims(item, scope, claims, stateName, joinPointer(at, key));
  }
}

/** The `$`-rooted paths a rendered JSONPath payload reads (keys ending in `.$`, intrinsic arguments). */
export function jsonPathPayloadReads(payload: JsonValue, at: string, into: FieldRead[]): void {
  if (typeof payload !== 'object' || payload === null) return;
  if (Array.isArray(payload)) {
    payload.forEach((item, index) => {
      jsonPathPayloadReads(item, `${at}/${index}`, into);
    });
    return;
  }
  for (const [key, value] of Object.entries(payload)) {
    const here = `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key.endsWith('.$') && typeof value === 'string') {
      for (const path of pathsIn(value)) into.push({ path, field: here });
    } else {
      jsonPathPayloadReads(value, here, into);
    }
  }
}

/** One `$`-rooted path a field reads, and where the field is (a pointer below the state). */
export interface FieldRead {
  readonly path: string;
  readonly field: string;
}

/** The `$`-rooted paths in a `key.$` value: the path itself, or an intrinsic call's path arguments. */
export function pathsIn(text: string): string[] {
  if (text.startsWith('$'))
    return text.startsWith('$.') || text === '$' || text.startsWith('$[') ? [text] : [];
  try {
    return intrinsicPaths(parseIntrinsic(text));
  } catch {
    return [];
  }
}

function intrinsicPaths(call: ReturnType<typeof parseIntrinsic>): string[] {
  const paths: string[] = [];
  for (const argument of call.arguments) {
    if (argument.kind === 'path' && argument.path.root.kind === 'input') paths.push(argument.path.source);
    else if (argument.kind === 'call') paths.push(...intrinsicPaths(argument));
  }
  return paths;
}

/** The union of what each of several rendered shapes could be (several edges into one state). */
export function joinShapes(shapes: readonly Shape[]): Shape {
  return shapes.length === 0 ? UNKNOWN : unionOf(shapes);
}
