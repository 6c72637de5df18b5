import { z } from 'zod';
import { targetKey } from '../plan/target.js';
import { type RolloutLedger, RolloutLedgerSchema } from '../report/rollout-ledger.js';
import { buildReport } from '../report/rollout-report.js';
import type { StatusCounts } from '../report/rollout-summary.js';
import type { TargetResult } from '../report/target-result.js';
import { completeOperation } from '../stack-set/operation-progress.js';
import { requireStackSets, type StackSetTaskDeps } from '../stack-set/stack-set-task-deps.js';
import type { ObjectStore } from '../store/object-store.js';
import { readStored } from '../store/stored-json.js';
import { RolloutCursorSchema, runKeys } from './rollout-cursor.js';
import { type StoredPlan, StoredPlanSchema } from './stored-plan.js';
import { parseTaskEvent } from './task-event.js';

/** aggregateResults' event. */
export const AggregateResultsEventSchema = z.object({
  rollout: RolloutCursorSchema,
  operation: z.object({ name: z.string(), executionId: z.string(), action: z.enum(['DEPLOY', 'DELETE']) }),
  notify: z.object({ topicArn: z.string(), reportBucket: z.string() }),
});

/** aggregateResults' result: the outcome, the counts, and notify's complete event. */
export interface AggregatedOutcome {
  /** STOPPED: a stack set operation stopped at the user's request (in-flight targets settled, the rest CANCELLED). */
  status: 'SUCCEEDED' | 'FAILED' | 'STOPPED';
  /** Why the rollout failed or stopped (the Fail state's Cause). */
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
    /** A stack set operation: which instances changed status (`OUTDATED → CURRENT: 40 instances (…)`). */
    instanceStatusChanges?: string[];
    /** A stack set operation: how it ended, for the notification. */
    outcome?: string;
  };
}

/** Every planned target once: recorded results, plus CANCELLED for targets of stages never run. */
export function finalResults(ledger: RolloutLedger, plan: StoredPlan): TargetResult[] {
  const byKey = new Map(ledger.results.map((r) => [targetKey(r), r]));
  const stop = ledger.stoppedBy;
  const reason = stop
    ? `cancelled: ${stop.region} passed its failure tolerance (${stop.failures} failed, ${stop.tolerance} tolerated)`
    : ledger.stoppedByUser
      ? "cancelled: the operation was stopped at the user's request before this target started"
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
export function createAggregateResultsHandler(deps: { store: ObjectStore; stackSets?: StackSetTaskDeps }) {
  return async (event: unknown): Promise<AggregatedOutcome> => {
    const { rollout, operation, notify } = parseTaskEvent(AggregateResultsEventSchema, event);
    const { bucket, runId } = rollout;
    const plan = await readStored(deps.store, bucket, runKeys.plan(runId), StoredPlanSchema);
    const ledger = await readStored(deps.store, bucket, runKeys.ledger(runId), RolloutLedgerSchema);
    const results = finalResults(ledger, plan);
    const stop = ledger.stoppedBy;
    const cancelled = results.filter((r) => r.status === 'CANCELLED').length;
    const cause = stop
      ? `region ${stop.region} passed its failure tolerance: ${stop.failures} failed, ${stop.tolerance} tolerated`
      : ledger.stoppedByUser
        ? `stopped at the user's request: targets in flight settled, ${cancelled} not started were cancelled`
        : '';
    const stopped = !stop && ledger.stoppedByUser === true;
    const built = buildReport(results, stop ? cause : undefined);
    const report = stopped ? { ...built, status: 'STOPPED' as const, cause } : built;
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
    // A stack set operation ends here: the rest of its results and instances are recorded, it ends
    // SUCCEEDED, FAILED or STOPPED, its lease is given up and the next queued operation starts.
    let instanceStatusChanges: string[] | undefined;
    if (ledger.stackSet) {
      const { store, queue } = requireStackSets(deps.stackSets);
      ({ statusChanges: instanceStatusChanges } = await completeOperation(
        store,
        ledger.stackSet,
        results,
        { stopped, failed: stop !== undefined, cause },
        queue,
      ));
    }
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
        ...(instanceStatusChanges && {
          instanceStatusChanges,
          outcome: `${report.status}${cause ? `: ${cause}` : ''}`,
        }),
      },
    };
  };
}
