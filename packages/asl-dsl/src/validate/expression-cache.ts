import jsonata from 'jsonata';
import type { IntrinsicArgument, IntrinsicCall } from '../paths/intrinsic-ast.js';
import { checkIntrinsicCall, type IntrinsicProblem } from '../paths/intrinsic-check.js';
import { parseIntrinsic } from '../paths/intrinsic-parser.js';
import type { JsonPathAst } from '../paths/jsonpath-ast.js';
import { parseJsonPath } from '../paths/jsonpath-parser.js';
import { isReferencePathAst } from '../paths/reference-path.js';

/*
 * Parsing is the costly part of validation, and real definitions repeat the same few expressions
 * (`$.detail`, `{% $states.input %}`) many times: each distinct text is parsed once per process.
 */

const CACHE_LIMIT = 20_000;

function cached<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    value = compute(key);
    cache.set(key, value);
  }
  return value;
}

/** A JSONPath parse: the AST facts the validator needs, or why it failed. */
export type PathParse =
  | { readonly ok: true; readonly ast: JsonPathAst; readonly isReference: boolean }
  | { readonly ok: false; readonly message: string };

const pathCache = new Map<string, PathParse>();

/** Parses a JSONPath once per distinct text. */
export function parsePath(text: string): PathParse {
  return cached(pathCache, text, (source) => {
    try {
      const ast = parseJsonPath(source);
      return { ok: true, ast, isReference: isReferencePathAst(ast) };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  });
}

/** An intrinsic parse: the variables it reads and its signature problems, or why it failed. */
export type IntrinsicParse =
  | {
      readonly ok: true;
      readonly call: IntrinsicCall;
      readonly variables: readonly string[];
      readonly problems: readonly IntrinsicProblem[];
    }
  | { readonly ok: false; readonly message: string };

const intrinsicCache = new Map<string, IntrinsicParse>();

/** Parses and checks an intrinsic function expression once per distinct text. */
export function parseIntrinsicExpression(text: string): IntrinsicParse {
  return cached(intrinsicCache, text, (source) => {
    try {
      const call = parseIntrinsic(source);
      const variables: string[] = [];
      collectIntrinsicVariables(call, variables);
      return { ok: true, call, variables, problems: checkIntrinsicCall(call) };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  });
}

function collectIntrinsicVariables(arg: IntrinsicArgument, into: string[]): void {
  if (arg.kind === 'path' && arg.path.root.kind === 'variable') into.push(arg.path.root.name);
  else if (arg.kind === 'call') for (const inner of arg.arguments) collectIntrinsicVariables(inner, into);
}

/** A JSONata parse: the workflow variables it reads, or why it failed. */
export type JsonataParse =
  | { readonly ok: true; readonly variables: readonly string[] }
  | { readonly ok: false; readonly message: string };

const jsonataCache = new Map<string, JsonataParse>();

/** True when `text` is a JSONata expression string (`{% ... %}`). */
export function isJsonataExpression(text: string): boolean {
  return text.length >= 4 && text.startsWith('{%') && text.endsWith('%}');
}

/** Parses the body of a `{% ... %}` string with the jsonata library, once per distinct text. */
export function parseJsonataExpression(text: string): JsonataParse {
  return cached(jsonataCache, text, (source) => {
    const body = source.slice(2, -2);
    if (body.trim() === '') return { ok: false, message: 'empty JSONata expression' };
    try {
      const ast = jsonata(body).ast() as unknown as JsonataNode;
      const reads = new Set<string>();
      const bound = new Set<string>();
      walkJsonata(ast, reads, bound);
      return { ok: true, variables: [...reads].filter((name) => !bound.has(name)) };
    } catch (error) {
      const e = error as { message?: string; position?: number };
      const at = typeof e.position === 'number' ? ` (at character ${e.position})` : '';
      return { ok: false, message: `${e.message ?? String(error)}${at}` };
    }
  });
}

/** The jsonata AST, loosely: every node is an object with a `type`. */
interface JsonataNode {
  type?: string;
  value?: unknown;
  [key: string]: unknown;
}

/** JSONata's built-in functions and Step Functions' additions: names that are not workflow variables. */
const JSONATA_BUILTINS = new Set(
  (
    'sum count max min average string substring substringBefore substringAfter lowercase uppercase length ' +
    'trim pad contains split join match replace eval base64encode base64decode encodeUrlComponent encodeUrl ' +
    'decodeUrlComponent decodeUrl number abs floor ceil round power sqrt random formatNumber formatBase ' +
    'formatInteger parseInteger boolean not exists keys lookup spread merge sift each error assert type sort ' +
    'reverse shuffle distinct zip append map filter single reduce now millis fromMillis toMillis ' +
    'partition range hash uuid parse states'
  ).split(' '),
);

function walkJsonata(node: unknown, reads: Set<string>, bound: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) walkJsonata(item, reads, bound);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as JsonataNode;
  if (n.type === 'variable' && typeof n.value === 'string') {
    if (n.value !== '' && !JSONATA_BUILTINS.has(n.value)) reads.add(n.value);
  } else if (n.type === 'bind') {
    const lhs = n.lhs as JsonataNode | undefined;
    if (lhs && typeof lhs.value === 'string') bound.add(lhs.value);
    walkJsonata(n.rhs, reads, bound);
    return;
  } else if (n.type === 'lambda') {
    for (const arg of (n.arguments as JsonataNode[] | undefined) ?? []) {
      if (typeof arg.value === 'string') bound.add(arg.value);
    }
    walkJsonata(n.body, reads, bound);
    return;
  } else if (n.type === 'function' || n.type === 'partial') {
    // The procedure is a function name; only its arguments read data.
    walkJsonata(n.arguments, reads, bound);
    return;
  }
  // Focus (`@$x`) and index (`#$i`) bindings name positional variables, not workflow variables.
  if (typeof n.focus === 'string') bound.add(n.focus);
  if (typeof n.index === 'string') bound.add(n.index);
  for (const key in n) {
    if (key === 'position' || key === 'value' || key === 'type') continue;
    const child = n[key];
    if (child !== null && typeof child === 'object') walkJsonata(child, reads, bound);
  }
}
