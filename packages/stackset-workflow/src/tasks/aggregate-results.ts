import { z } from 'zod';
import { targetKey } from '../plan/target.js';
import { type RolloutLedger, RolloutLedgerSchema } from '../report/rollout-ledger.js';
import { buildReport } from '../report/rollout-report.js';
import type { StatusCounts } from '../report/rollout-summary.js';
import type { TargetResult } from '../report/target-result.js';
import type { ObjectStore } from '../store/object-store.js';
import { readStored } from '../store/stored-json.js';
import { StoredPlanSchema } from './plan-rollout.js';
import { RolloutCursorSchema, runKeys } from './rollout-cursor.js';
import { parseTaskEvent } from './task-event.js';

/** aggregateResults' event. */
export const AggregateResultsEventSchema = z.object({
  rollout: RolloutCursorSchema,
  operation: z.object({ name: z.string(), executionId: z.string(), action: z.enum(['DEPLOY', 'DELETE']) }),
  notify: z.object({ topicArn: z.string(), reportBucket: z.string() }),
});

/** aggregateResults' result: the outcome, the counts, and notify's complete event. */
export interface AggregatedOutcome {
  status: 'SUCCEEDED' | 'FAILED';
  /** Why the rollout failed (the Fail state's Cause). */
  cause: string;
  summary: StatusCounts;
  targetCount: number;
  report: { bucket: string; key: string };
  notifyRequest: {
    operation: z.infer<typeof AggregateResultsEventSchema>['operation'];
    resultsLocation: { bucket: string; key: string };
    topicArn: string;
    reportBucket: string;
    reportKeyPrefix: string;
  };
}

/** Every planned target once: recorded results, plus CANCELLED for targets of stages never run. */
export function finalResults(ledger: RolloutLedger, plan: z.output<typeof StoredPlanSchema>): TargetResult[] {
  const byKey = new Map(ledger.results.map((r) => [targetKey(r), r]));
  const stop = ledger.stoppedBy;
  const reason = stop
    ? `cancelled: ${stop.region} passed its failure tolerance (${stop.failures} failed, ${stop.tolerance} tolerated)`
    : 'cancelled: the rollout ended before this target';
  for (const stage of plan.stages) {
    for (const t of stage.targets) {
      const key = targetKey(t);
      if (!byKey.has(key)) {
        byKey.set(key, {
          account: t.account,
          region: t.region,
          status: 'CANCELLED',
          reason,
          wave: stage.wave,
        });
      }
    }
  }
  return [...byKey.values()];
}

/**
 * Ends the rollout: marks never-run targets CANCELLED, writes the report and notify's result list to
 * S3, and decides the outcome by the tolerance rule.
 */
export function createAggregateResultsHandler(deps: { store: ObjectStore }) {
  return async (event: unknown): Promise<AggregatedOutcome> => {
    const { rollout, operation, notify } = parseTaskEvent(AggregateResultsEventSchema, event);
    const { bucket, runId } = rollout;
    const plan = await readStored(deps.store, bucket, runKeys.plan(runId), StoredPlanSchema);
    const ledger = await readStored(deps.store, bucket, runKeys.ledger(runId), RolloutLedgerSchema);
    const results = finalResults(ledger, plan);
    const stop = ledger.stoppedBy;
    const cause = stop
      ? `region ${stop.region} passed its failure tolerance: ${stop.failures} failed, ${stop.tolerance} tolerated`
      : '';
    const report = buildReport(results, cause || undefined);
    const reportKey = runKeys.report(runId);
    await deps.store.putText(bucket, reportKey, JSON.stringify(report));
    // notify's own result shape (accountId, root cause as an object) for its grouping by cause.
    const notifyResults = results.map((r) => ({
      accountId: r.account,
      region: r.region,
      status: r.status,
      ...(r.wave !== undefined && { wave: r.wave }),
      ...(r.reason !== undefined && { reason: r.reason }),
      ...(r.stackStatus !== undefined && { stackStatus: r.stackStatus }),
      ...(r.rootCauseDetail !== undefined && { rootCause: r.rootCauseDetail }),
    }));
    const resultsKey = `runs/${runId}/results.json`;
    await deps.store.putText(bucket, resultsKey, JSON.stringify(notifyResults));
    return {
      status: report.status,
      cause,
      summary: report.summary,
      targetCount: results.length,
      report: { bucket, key: reportKey },
      notifyRequest: {
        operation,
        resultsLocation: { bucket, key: resultsKey },
        topicArn: notify.topicArn,
        reportBucket: notify.reportBucket,
        reportKeyPrefix: `runs/${runId}/notification/`,
      },
    };
  };
}
