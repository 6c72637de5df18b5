import type { JsonValue } from '@stackset-lite/asl-dsl/model';

/** Where a path starts: the state's data (`$`), the context object (`$$`) or a variable (`$name`). */
export type PathRoot = { kind: 'data' } | { kind: 'context' } | { kind: 'variable'; name: string };

/** One step of a JSONPath. */
export type PathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'descendant'; key: string | null }
  | { kind: 'union'; members: (string | number)[] }
  | { kind: 'slice'; start: number | null; end: number | null; step: number }
  | { kind: 'filter'; filter: PathFilter };

/** A `[?(@.field op literal)]` filter (or `[?(@.field)]` existence). */
export interface PathFilter {
  field: string[];
  op: '==' | '!=' | '<' | '<=' | '>' | '>=' | 'exists';
  value: JsonValue;
}

/** A parsed JSONPath; `definite` paths select at most one value (ASL "reference paths"). */
export interface ParsedPath {
  source: string;
  root: PathRoot;
  segments: PathSegment[];
  definite: boolean;
}

/** Thrown for a syntactically invalid path; callers turn it into the ASL error of their field. */
export class PathSyntaxError extends Error {
  constructor(path: string, reason: string) {
    super(`Invalid JSONPath '${path}': ${reason}`);
    this.name = 'PathSyntaxError';
  }
}

const cache = new Map<string, ParsedPath>();

/** Parses (and caches) a JSONPath as ASL uses it: `$...`, `$$...` or `$variable...`. */
export function parsePath(source: string): ParsedPath {
  const hit = cache.get(source);
  if (hit) return hit;
  const parsed = parseUncached(source);
  cache.set(source, parsed);
  return parsed;
}

const IDENT = /[A-Za-z0-9_\-\u00C0-\uFFFF]/;

function parseUncached(src: string): ParsedPath {
  if (!src.startsWith('$')) throw new PathSyntaxError(src, "a path must start with '$'");
  let i = 1;
  let root: PathRoot = { kind: 'data' };
  if (src[1] === '$') {
    root = { kind: 'context' };
    i = 2;
  } else if (src[1] !== undefined && IDENT.test(src[1])) {
    let j = 1;
    while (j < src.length && IDENT.test(src[j] ?? '')) j++;
    root = { kind: 'variable', name: src.slice(1, j) };
    i = j;
  }
  const segments: PathSegment[] = [];
  let definite = true;
  while (i < src.length) {
    const c = src[i];
    if (c === '.') {
      if (src[i + 1] === '.') {
        i += 2;
        if (src[i] === '*') {
          i++;
          segments.push({ kind: 'descendant', key: null });
        } else if (src[i] === '[') {
          segments.push({ kind: 'descendant', key: null });
        } else {
          const start = i;
          while (i < src.length && IDENT.test(src[i] ?? '')) i++;
          if (i === start) throw new PathSyntaxError(src, `expected a name after '..' at ${start}`);
          segments.push({ kind: 'descendant', key: src.slice(start, i) });
        }
        definite = false;
        continue;
      }
      i++;
      if (src[i] === '*') {
        i++;
        segments.push({ kind: 'wildcard' });
        definite = false;
        continue;
      }
      const start = i;
      while (i < src.length && src[i] !== '.' && src[i] !== '[') i++;
      if (i === start) throw new PathSyntaxError(src, `empty name at ${start}`);
      segments.push({ kind: 'key', key: src.slice(start, i) });
      continue;
    }
    if (c === '[') {
      const close = findBracketEnd(src, i);
      const body = src.slice(i + 1, close).trim();
      i = close + 1;
      const seg = parseBracket(src, body);
      if (seg.kind !== 'key' && seg.kind !== 'index') definite = false;
      segments.push(seg);
      continue;
    }
    throw new PathSyntaxError(src, `unexpected '${c}' at ${i}`);
  }
  return { source: src, root, segments, definite };
}

function findBracketEnd(src: string, open: number): number {
  let quote: string | null = null;
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0 && c === ']') return i;
    }
  }
  throw new PathSyntaxError(src, `unclosed '[' at ${open}`);
}

function unquote(s: string): string | null {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === "'" || t[0] === '"') && t[t.length - 1] === t[0]) {
    return t.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return null;
}

function parseBracket(src: string, body: string): PathSegment {
  if (body === '*') return { kind: 'wildcard' };
  if (body.startsWith('?')) return { kind: 'filter', filter: parseFilter(src, body) };
  const parts = splitTopLevel(body);
  if (parts.length > 1) {
    return {
      kind: 'union',
      members: parts.map((p) => {
        const q = unquote(p);
        if (q !== null) return q;
        const n = Number(p);
        if (!Number.isInteger(n)) throw new PathSyntaxError(src, `bad union member '${p}'`);
        return n;
      }),
    };
  }
  const q = unquote(body);
  if (q !== null) return { kind: 'key', key: q };
  if (body.includes(':')) {
    const [a, b, c] = body.split(':').map((x) => x.trim());
    const num = (x: string | undefined): number | null => (x === undefined || x === '' ? null : Number(x));
    const step = num(c) ?? 1;
    return { kind: 'slice', start: num(a), end: num(b), step };
  }
  const n = Number(body);
  if (body !== '' && Number.isInteger(n)) return { kind: 'index', index: n };
  throw new PathSyntaxError(src, `unsupported bracket expression '[${body}]'`);
}

function splitTopLevel(body: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ',') {
      out.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(body.slice(start).trim());
  return out;
}

const FILTER = /^\?\(\s*@((?:\.[A-Za-z0-9_-]+|\['[^']*'\])*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)$/;

function parseFilter(src: string, body: string): PathFilter {
  const m = FILTER.exec(body);
  if (!m) throw new PathSyntaxError(src, `unsupported filter '${body}'`);
  const field = [...(m[1] ?? '').matchAll(/\.([A-Za-z0-9_-]+)|\['([^']*)'\]/g)].map(
    (x) => x[1] ?? x[2] ?? '',
  );
  if (!m[2]) return { field, op: 'exists', value: null };
  const raw = (m[3] ?? '').trim();
  const q = unquote(raw);
  let value: JsonValue;
  if (q !== null) value = q;
  else {
    try {
      value = JSON.parse(raw) as JsonValue;
    } catch {
      throw new PathSyntaxError(src, `unsupported filter literal '${raw}'`);
    }
  }
  return { field, op: m[2] as PathFilter['op'], value };
}

/** A sentinel for "the path selected nothing", distinct from a JSON `null`. */
export const NOT_FOUND: unique symbol = Symbol('NOT_FOUND');

/**
 * Evaluates a parsed path against a root value. A definite path yields its value or NOT_FOUND;
 * an indefinite path (wildcards, filters, slices, descendants) yields the array of matches.
 */
export function selectPath(path: ParsedPath, root: JsonValue): JsonValue | typeof NOT_FOUND {
  if (path.definite) {
    let cur: JsonValue = root;
    for (const seg of path.segments) {
      if (seg.kind === 'key') {
        if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return NOT_FOUND;
        const next: JsonValue | undefined = cur[seg.key];
        if (next === undefined) return NOT_FOUND;
        cur = next;
      } else if (seg.kind === 'index') {
        if (!Array.isArray(cur)) return NOT_FOUND;
        const next = cur[seg.index < 0 ? cur.length + seg.index : seg.index];
        if (next === undefined) return NOT_FOUND;
        cur = next;
      }
    }
    return cur;
  }
  let current: JsonValue[] = [root];
  for (const seg of path.segments) {
    const next: JsonValue[] = [];
    for (const v of current) applySegment(seg, v, next);
    current = next;
  }
  return current;
}

function applySegment(seg: PathSegment, v: JsonValue, out: JsonValue[]): void {
  switch (seg.kind) {
    case 'key':
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && v[seg.key] !== undefined) {
        out.push(v[seg.key] as JsonValue);
      }
      return;
    case 'index':
      if (Array.isArray(v)) {
        const x = v[seg.index < 0 ? v.length + seg.index : seg.index];
        if (x !== undefined) out.push(x);
      }
      return;
    case 'wildcard':
      if (Array.isArray(v)) out.push(...v);
      else if (v !== null && typeof v === 'object') out.push(...Object.values(v));
      return;
    case 'union':
      for (const m of seg.members) {
        if (typeof m === 'number') applySegment({ kind: 'index', index: m }, v, out);
        else applySegment({ kind: 'key', key: m }, v, out);
      }
      return;
    case 'slice': {
      if (!Array.isArray(v)) return;
      const len = v.length;
      const norm = (x: number | null, d: number) =>
        x === null ? d : x < 0 ? Math.max(len + x, 0) : Math.min(x, len);
      const start = norm(seg.start, 0);
      const end = norm(seg.end, len);
      for (let i = start; i < end; i += Math.max(1, seg.step)) out.push(v[i] as JsonValue);
      return;
    }
    case 'filter': {
      const items = Array.isArray(v) ? v : v !== null && typeof v === 'object' ? Object.values(v) : [];
      for (const item of items) if (matchesFilter(seg.filter, item)) out.push(item);
      return;
    }
    case 'descendant':
      collectDescendants(seg.key, v, out);
      return;
  }
}

function collectDescendants(key: string | null, v: JsonValue, out: JsonValue[]): void {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) {
      if (key === null) out.push(x);
      collectDescendants(key, x, out);
    }
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    if (key === null || k === key) out.push(x);
    collectDescendants(key, x, out);
  }
}

function matchesFilter(f: PathFilter, item: JsonValue): boolean {
  let cur: JsonValue | undefined = item;
  for (const k of f.field) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return false;
    cur = cur[k];
    if (cur === undefined) return false;
  }
  if (f.op === 'exists') return true;
  const a = cur;
  const b = f.value;
  switch (f.op) {
    case '==':
      return JSON.stringify(a) === JSON.stringify(b);
    case '!=':
      return JSON.stringify(a) !== JSON.stringify(b);
    default:
      if (typeof a === 'number' && typeof b === 'number') {
        return f.op === '<' ? a < b : f.op === '<=' ? a <= b : f.op === '>' ? a > b : a >= b;
      }
      if (typeof a === 'string' && typeof b === 'string') {
        return f.op === '<' ? a < b : f.op === '<=' ? a <= b : f.op === '>' ? a > b : a >= b;
      }
      return false;
  }
}
