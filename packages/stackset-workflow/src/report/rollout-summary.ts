import { TARGET_STATUSES, type TargetResult, type TargetStatus } from './target-result.js';

/** Count of targets by final status; every status is present, zeros included. */
export type StatusCounts = Record<TargetStatus, number>;

/** Counts targets by final status. */
export function countByStatus(results: readonly TargetResult[]): StatusCounts {
  const counts = Object.fromEntries(TARGET_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/** Results sorted by account then region, so reports are stable from run to run. */
export function sortResults(results: readonly TargetResult[]): TargetResult[] {
  return [...results].sort((a, b) =>
    a.account === b.account ? a.region.localeCompare(b.region) : a.account.localeCompare(b.account),
  );
}
