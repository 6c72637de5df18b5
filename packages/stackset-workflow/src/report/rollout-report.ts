import { countByStatus, type StatusCounts, sortResults } from './rollout-summary.js';
import type { TargetResult } from './target-result.js';

/** One target in the report a user reads (and `simulate --json` prints). */
export interface ReportedTarget {
  account: string;
  region: string;
  status: TargetResult['status'];
  reason?: string;
  rootCause?: string;
}

/** What a rollout did, target by target, with counts that add up to the number of targets. */
export interface RolloutReport {
  /** SUCCEEDED unless a region passed its failure tolerance (FAILED) or a stack set operation was stopped (STOPPED). */
  status: 'SUCCEEDED' | 'FAILED' | 'STOPPED';
  /** Why the rollout failed. */
  cause?: string;
  targets: ReportedTarget[];
  summary: StatusCounts;
}

/** Builds the report from the final results: sorted, each target once, summary counts. */
export function buildReport(results: readonly TargetResult[], failure?: string): RolloutReport {
  const targets = sortResults(results).map((r) => ({
    account: r.account,
    region: r.region,
    status: r.status,
    ...(r.reason !== undefined && { reason: r.reason }),
    ...(r.rootCause !== undefined && { rootCause: r.rootCause }),
  }));
  return {
    status: failure ? 'FAILED' : 'SUCCEEDED',
    ...(failure && { cause: failure }),
    targets,
    summary: countByStatus(results),
  };
}
