import type { OperationRef } from '../shared/schemas.js';
import {
  type TargetFinalStatus,
  TargetFinalStatus as TargetFinalStatusSchema,
  type TargetResult,
} from './schemas.js';

/** Targets that share one root cause. */
export interface FailureGroup {
  cause: string;
  targets: { accountId: string; region: string; status: TargetFinalStatus }[];
}

/** Everything notify says about an operation; the same object is written to S3 as the full report. */
export interface OperationReport {
  operation: OperationRef;
  generatedAt: string;
  total: number;
  counts: Record<TargetFinalStatus, number>;
  byWave: { wave: number; counts: Record<TargetFinalStatus, number> }[];
  byRegion: { region: string; counts: Record<TargetFinalStatus, number> }[];
  failureGroups: FailureGroup[];
  results: TargetResult[];
}

const FAILED_STATUSES = new Set<TargetFinalStatus>(['FAILED', 'NEEDS_INTERVENTION']);

/** Builds the report: counts overall, per wave and per region, and failures grouped by root cause. */
export function buildOperationReport(
  operation: OperationRef,
  results: TargetResult[],
  now: Date,
): OperationReport {
  const counts = emptyCounts();
  const waves = new Map<number, Record<TargetFinalStatus, number>>();
  const regions = new Map<string, Record<TargetFinalStatus, number>>();
  const groups = new Map<string, FailureGroup>();
  for (const result of results) {
    counts[result.status]++;
    if (result.wave !== undefined) bump(waves, result.wave, result.status);
    bump(regions, result.region, result.status);
    if (FAILED_STATUSES.has(result.status)) {
      const cause = causeOf(result);
      const key = normalise(cause);
      const group = groups.get(key) ?? { cause: key, targets: [] };
      group.targets.push({ accountId: result.accountId, region: result.region, status: result.status });
      groups.set(key, group);
    }
  }
  return {
    operation,
    generatedAt: now.toISOString(),
    total: results.length,
    counts,
    byWave: [...waves].sort(([a], [b]) => a - b).map(([wave, c]) => ({ wave, counts: c })),
    byRegion: [...regions].map(([region, c]) => ({ region, counts: c })),
    // Largest blast radius first.
    failureGroups: [...groups.values()].sort((a, b) => b.targets.length - a.targets.length),
    results,
  };
}

/** "FAILED 3, SKIPPED 1" — only the non-zero counts, in a fixed order. */
export function formatCounts(counts: Record<TargetFinalStatus, number>): string {
  const parts = TargetFinalStatusSchema.options.filter((s) => counts[s] > 0).map((s) => `${s} ${counts[s]}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Zero for every status. */
export function emptyCounts(): Record<TargetFinalStatus, number> {
  return Object.fromEntries(TargetFinalStatusSchema.options.map((s) => [s, 0])) as Record<
    TargetFinalStatus,
    number
  >;
}

function bump<K>(map: Map<K, Record<TargetFinalStatus, number>>, key: K, status: TargetFinalStatus): void {
  const counts = map.get(key) ?? emptyCounts();
  counts[status]++;
  map.set(key, counts);
}

function causeOf(result: TargetResult): string {
  if (result.rootCause) {
    const { resourceType, logicalResourceId, status, reason } = result.rootCause;
    return `${resourceType} ${logicalResourceId} ${status}: ${reason}`;
  }
  return result.reason ?? (result.stackStatus ? `stack ended ${result.stackStatus}` : 'no reason recorded');
}

/**
 * One cause, whatever account or request it hit: account ids, ARNs' account fields and request ids are
 * masked so "cannot assume arn:aws:iam::123456789012:role/x" groups across accounts.
 */
function normalise(cause: string): string {
  return cause
    .replace(/\b\d{12}\b/g, '<account>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\s+/g, ' ')
    .trim();
}
