import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import {
  type FilterExpression,
  type FilterOperand,
  type JsonPathSegment,
  type JsonPathSelector,
  JsonPathSyntaxError,
  parseJsonPath,
} from '@stackset-lite/asl-dsl/paths';
import { StatesError } from '../errors/states-error.js';
import { getOwn } from './own-property.js';

/** Where a path starts: the state's data (`$`), the context object (`$$`) or a variable (`$name`). */
export type PathRoot = { kind: 'data' } | { kind: 'context' } | { kind: 'variable'; name: string };

/** A parsed JSONPath (the DSL's AST); `definite` paths select at most one value (reference paths). */
export interface ParsedPath {
  source: string;
  root: PathRoot;
  segments: readonly JsonPathSegment[];
  definite: boolean;
}

const cache = new Map<string, ParsedPath>();

/** Parses (and caches) a JSONPath with the DSL's parser; syntax errors are States.Runtime. */
export function parsePath(source: string): ParsedPath {
  const hit = cache.get(source);
  if (hit) return hit;
  let ast: ReturnType<typeof parseJsonPath>;
  try {
    ast = parseJsonPath(source);
  } catch (e) {
    // A bad path in a definition fails the state at run time, as AWS would have refused it earlier.
    if (e instanceof JsonPathSyntaxError) throw new StatesError('States.Runtime', e.message);
    throw e;
  }
  const root: PathRoot =
    ast.root.kind === 'input'
      ? { kind: 'data' }
      : ast.root.kind === 'context'
        ? { kind: 'context' }
        : { kind: 'variable', name: ast.root.name };
  for (const s of ast.segments) {
    if (s.selector.kind === 'function') {
      throw new StatesError(
        'States.Runtime',
        `Unsupported by Step Functions: the JSONPath function ${s.selector.name}() in '${source}'`,
      );
    }
  }
  const definite = ast.segments.every(
    (s) => s.scope === 'child' && (s.selector.kind === 'name' || s.selector.kind === 'index'),
  );
  const parsed: ParsedPath = { source, root, segments: ast.segments, definite };
  cache.set(source, parsed);
  return parsed;
}

/** A sentinel for "the path selected nothing", distinct from a JSON `null`. */
export const NOT_FOUND: unique symbol = Symbol('NOT_FOUND');

/**
 * Evaluates a parsed path against a root value with Jayway semantics (what AWS runs): a definite path
 * yields its value or NOT_FOUND; an indefinite path (wildcards, filters, slices, deep scans) yields
 * the array of matches.
 */
export function selectPath(path: ParsedPath, root: JsonValue): JsonValue | typeof NOT_FOUND {
  if (path.definite) {
    let cur: JsonValue = root;
    for (const seg of path.segments) {
      const sel = seg.selector;
      if (sel.kind === 'name') {
        if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return NOT_FOUND;
        const next: JsonValue | undefined = getOwn(cur, sel.name);
        if (next === undefined) return NOT_FOUND;
        cur = next;
      } else if (sel.kind === 'index') {
        if (!Array.isArray(cur)) return NOT_FOUND;
        const next = cur[sel.index < 0 ? cur.length + sel.index : sel.index];
        if (next === undefined) return NOT_FOUND;
        cur = next;
      }
    }
    return cur;
  }
  return selectAll(path.segments, root, root);
}

function selectAll(segments: readonly JsonPathSegment[], start: JsonValue, root: JsonValue): JsonValue[] {
  let current: JsonValue[] = [start];
  for (const seg of segments) {
    const next: JsonValue[] = [];
    for (const v of current) {
      if (seg.scope === 'descendant') {
        for (const node of descendantsAndSelf(v)) applySelector(seg.selector, node, next, root);
      } else applySelector(seg.selector, v, next, root);
    }
    current = next;
  }
  return current;
}

function descendantsAndSelf(v: JsonValue): JsonValue[] {
  const out: JsonValue[] = [];
  const walk = (x: JsonValue) => {
    out.push(x);
    if (Array.isArray(x)) for (const y of x) walk(y);
    else if (x !== null && typeof x === 'object') for (const y of Object.values(x)) walk(y);
  };
  walk(v);
  return out;
}

function isObject(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function applySelector(sel: JsonPathSelector, v: JsonValue, out: JsonValue[], root: JsonValue): void {
  switch (sel.kind) {
    case 'name':
      if (isObject(v) && Object.hasOwn(v, sel.name)) out.push(v[sel.name] as JsonValue);
      return;
    case 'index':
      if (Array.isArray(v)) {
        const x = v[sel.index < 0 ? v.length + sel.index : sel.index];
        if (x !== undefined) out.push(x);
      }
      return;
    case 'wildcard':
      if (Array.isArray(v)) out.push(...v);
      else if (isObject(v)) out.push(...Object.values(v));
      return;
    case 'union':
      for (const m of sel.members) {
        if (m.kind === 'index') applySelector({ kind: 'index', index: m.index }, v, out, root);
        else applySelector({ kind: 'name', name: m.name }, v, out, root);
      }
      return;
    case 'slice': {
      if (!Array.isArray(v)) return;
      const len = v.length;
      const step = sel.step ?? 1;
      if (step <= 0) return;
      const norm = (x: number | undefined, d: number) =>
        x === undefined ? d : x < 0 ? Math.max(len + x, 0) : Math.min(x, len);
      for (let i = norm(sel.start, 0); i < norm(sel.end, len); i += step) out.push(v[i] as JsonValue);
      return;
    }
    case 'filter': {
      const items = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
      for (const item of items) if (filterMatches(sel.expression, item, root)) out.push(item);
      return;
    }
    case 'function':
      return;
  }
}

function operandValues(o: FilterOperand, current: JsonValue, root: JsonValue): JsonValue[] | undefined {
  if (o.kind === 'literal') return [o.value];
  if (o.kind === 'regex') return undefined;
  const start = o.relativeTo === 'current' ? current : root;
  const definite = o.segments.every(
    (s) => s.scope === 'child' && (s.selector.kind === 'name' || s.selector.kind === 'index'),
  );
  const found = selectAll(o.segments, start, root);
  if (definite) return found.length === 0 ? [] : [found[0] as JsonValue];
  return [found];
}

function same(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function filterMatches(e: FilterExpression, item: JsonValue, root: JsonValue): boolean {
  switch (e.kind) {
    case 'or':
      return filterMatches(e.left, item, root) || filterMatches(e.right, item, root);
    case 'and':
      return filterMatches(e.left, item, root) && filterMatches(e.right, item, root);
    case 'not':
      return !filterMatches(e.operand, item, root);
    case 'exists':
      return selectAll(e.path.segments, e.path.relativeTo === 'current' ? item : root, root).length > 0;
    case 'comparison': {
      const lv = operandValues(e.left, item, root);
      if (!lv || lv.length === 0) return false;
      const a = lv[0] as JsonValue;
      if (e.operator === '=~') {
        if (e.right.kind !== 'regex' || typeof a !== 'string') return false;
        return new RegExp(e.right.pattern, e.right.flags).test(a);
      }
      const rv = operandValues(e.right, item, root);
      if (!rv || rv.length === 0) return false;
      const b = rv[0] as JsonValue;
      switch (e.operator) {
        case '==':
          return same(a, b);
        case '!=':
          return !same(a, b);
        case '<':
        case '<=':
        case '>':
        case '>=': {
          if (
            !(
              (typeof a === 'number' && typeof b === 'number') ||
              (typeof a === 'string' && typeof b === 'string')
            )
          )
            return false;
          return e.operator === '<'
            ? a < b
            : e.operator === '<='
              ? a <= b
              : e.operator === '>'
                ? a > b
                : a >= b;
        }
        case 'in':
          return Array.isArray(b) && b.some((x) => same(x, a));
        case 'nin':
          return Array.isArray(b) && !b.some((x) => same(x, a));
        case 'subsetof':
          return Array.isArray(a) && Array.isArray(b) && a.every((x) => b.some((y) => same(x, y)));
        case 'anyof':
          return Array.isArray(a) && Array.isArray(b) && a.some((x) => b.some((y) => same(x, y)));
        case 'noneof':
          return Array.isArray(a) && Array.isArray(b) && !a.some((x) => b.some((y) => same(x, y)));
        case 'size':
          return (
            typeof b === 'number' &&
            (Array.isArray(a) ? a.length === b : typeof a === 'string' ? a.length === b : false)
          );
        case 'empty': {
          const empty = Array.isArray(a) ? a.length === 0 : typeof a === 'string' ? a.length === 0 : false;
          return b === empty;
        }
      }
    }
  }
  return false;
}
