const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds of an RFC 3339 timestamp as ASL accepts it (upper-case T, an explicit offset or Z),
 * or undefined when the string is not one.
 */
export function parseTimestamp(s: string): number | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  // Date.parse rolls 2016-02-30 over to March 1st; an ISO-8601 parser (AWS's) refuses it.
  const [y, mo, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  return t;
}
