/**
 * StringMatches patterns, matched in time linear in the value and pattern lengths (a backtracking
 * regular expression for `*a*a*b` takes minutes on a few thousand characters).
 *
 * A pattern is literal segments separated by `*`; `\*` and `\\` are a literal star and backslash.
 * The value matches when the first segment is its prefix, the last its suffix, and the others occur
 * in order in between: taking each middle segment at its earliest occurrence (found with
 * Knuth–Morris–Pratt) never loses a match, so no position is ever revisited.
 */
interface CompiledGlob {
  /** The literal segments; `segments.length - 1` stars separate them. */
  segments: string[];
  /** KMP failure tables of the middle segments (index-aligned with `segments`). */
  failures: Int32Array[];
}

const cache = new Map<string, CompiledGlob>();
const CACHE_LIMIT = 1000;

function compile(pattern: string): CompiledGlob {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    const n = pattern[i + 1];
    if (c === '\\' && (n === '*' || n === '\\')) {
      current += n;
      i++;
    } else if (c === '*') {
      segments.push(current);
      current = '';
    } else current += c;
  }
  segments.push(current);
  return { segments, failures: segments.map(failureTable) };
}

/** KMP failure function: for each prefix, the length of its longest proper border. */
function failureTable(s: string): Int32Array {
  const f = new Int32Array(s.length);
  let k = 0;
  for (let i = 1; i < s.length; i++) {
    while (k > 0 && s[i] !== s[k]) k = f[k - 1] as number;
    if (s[i] === s[k]) k++;
    f[i] = k;
  }
  return f;
}

/** The index of the first occurrence of `needle` in `text` within [from, to), or -1 (KMP). */
function find(text: string, needle: string, f: Int32Array, from: number, to: number): number {
  if (needle.length === 0) return from;
  let k = 0;
  for (let i = from; i < to; i++) {
    while (k > 0 && text[i] !== needle[k]) k = f[k - 1] as number;
    if (text[i] === needle[k]) k++;
    if (k === needle.length) return i - k + 1;
  }
  return -1;
}

/** StringMatches: `*` matches any run of characters (including none). */
export function stringMatches(value: string, pattern: string): boolean {
  let g = cache.get(pattern);
  if (!g) {
    g = compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, g);
  }
  const { segments, failures } = g;
  const first = segments[0] as string;
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] as string;
  if (first.length + last.length > value.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let pos = first.length;
  const end = value.length - last.length;
  for (let s = 1; s < segments.length - 1; s++) {
    const seg = segments[s] as string;
    const at = find(value, seg, failures[s] as Int32Array, pos, end);
    if (at < 0) return false;
    pos = at + seg.length;
  }
  return true;
}
