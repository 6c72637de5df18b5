import { z } from 'zod';
import { toleranceExceeded } from '../plan/region-limits.js';
import { RegionLimitsSchema } from '../plan/region-limits-schema.js';
import { targetKey } from '../plan/target.js';
import { type TargetResult, TargetResultSchema } from './target-result.js';

/**
 * The rollout's running record, kept in S3 between stages: every target's result so far and the
 * per-region limits. Only the stage descriptor travels through the state machine, so the execution's
 * payloads stay small at any estate size.
 */
export const RolloutLedgerSchema = z.object({
  stackName: z.string(),
  operation: z.enum(['DEPLOY', 'DELETE']),
  concurrencyMode: z.enum(['STRICT', 'SOFT']),
  regions: z.array(RegionLimitsSchema),
  stageCount: z.number().int().min(0),
  /** Stages whose results are recorded. */
  stagesDone: z.number().int().min(0),
  /** Seconds before a stack's first poll in the next stage (learned from the stages so far). */
  firstPollSeconds: z.number().int().min(0).optional(),
  /** Set once a region passed its failure tolerance. */
  stoppedBy: z.object({ region: z.string(), failures: z.number(), tolerance: z.number() }).optional(),
  results: z.array(TargetResultSchema),
  /** The stack set operation this rollout runs (its progress is recorded in the stack set store). */
  stackSet: z.object({ name: z.string(), operationId: z.string() }).optional(),
  /** Set once a stop was asked for: no further stage starts, the rest is CANCELLED. */
  stoppedByUser: z.boolean().optional(),
});
/** The rollout's running record. */
export type RolloutLedger = z.infer<typeof RolloutLedgerSchema>;

/** Failed targets per region. */
export function failuresByRegion(ledger: RolloutLedger): Map<string, number> {
  const failures = new Map<string, number>();
  for (const r of ledger.results) {
    if (r.status === 'FAILED') failures.set(r.region, (failures.get(r.region) ?? 0) + 1);
  }
  return failures;
}

/** The first region (in visiting order) whose failures passed its tolerance, if any. */
export function regionOverTolerance(ledger: RolloutLedger): RolloutLedger['stoppedBy'] {
  const failures = failuresByRegion(ledger);
  for (const limits of ledger.regions) {
    const f = failures.get(limits.region) ?? 0;
    if (toleranceExceeded(limits, f))
      return { region: limits.region, failures: f, tolerance: limits.failureTolerance };
  }
  return undefined;
}

/** Adds results, replacing any earlier result for the same target (a target is reported once). */
export function recordResults(ledger: RolloutLedger, results: readonly TargetResult[]): RolloutLedger {
  const byKey = new Map(ledger.results.map((r) => [targetKey(r), r]));
  for (const r of results) byKey.set(targetKey(r), r);
  return { ...ledger, results: [...byKey.values()] };
}
