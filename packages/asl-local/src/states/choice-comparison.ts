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
