const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds of an RFC 3339 timestamp as ASL accepts it (upper-case T, an explicit offset or Z),
 * or undefined when the string is not one.
 */
export function parseTimestamp(s: string): number | undefined {
  if (!RFC3339.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

const patternCache = new Map<string, RegExp>();

/**
 * StringMatches: `*` matches any run of characters; `\*` and `\\` are a literal star and backslash.
 */
export function stringMatches(value: string, pattern: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    let src = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i] as string;
      if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
        src += `\\${pattern[i + 1]}`;
        i++;
      } else if (c === '*') src += '.*';
      else src += c.replace(/[.+?^${}()|[\]\\/]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`, 's');
    patternCache.set(pattern, re);
  }
  return re.test(value);
}
