import { z } from 'zod';
import { learnFirstPollSeconds, type PollSample } from '../plan/poll-schedule.js';
import { targetKey } from '../plan/target.js';
import {
  failuresByRegion,
  type RolloutLedger,
  RolloutLedgerSchema,
  recordResults,
  regionOverTolerance,
} from '../report/rollout-ledger.js';
import type { TargetResult } from '../report/target-result.js';
import { recordProgress } from '../stack-set/operation-progress.js';
import { requireStackSets, type StackSetTaskDeps } from '../stack-set/stack-set-task-deps.js';
import type { ObjectStore } from '../store/object-store.js';
import { readStored } from '../store/stored-json.js';
import { ChildOutputSchema, pollSampleOf, toTargetResult } from './child-outcome.js';
import { describeStage } from './plan-rollout.js';
import { type RolloutCursor, RolloutCursorSchema, runKeys } from './rollout-cursor.js';
import { readStageRunResults } from './stage-run-results.js';
import { StoredPlanSchema } from './stored-plan.js';
import { parseTaskEvent } from './task-event.js';

/** recordStage's event: the cursor and what the stage's Distributed Map returned (or its error). */
export const RecordStageEventSchema = z.object({
  rollout: RolloutCursorSchema,
  stageRun: z.unknown(),
});

/**
 * Records a finished stage: maps each child's final state to a target result (targets with no result
 * are FAILED, so nothing is lost), applies the failure tolerance and returns the cursor at the next
 * stage, or with no next stage when the rollout is done or stopped.
 */
export function createRecordStageHandler(deps: { store: ObjectStore; stackSets?: StackSetTaskDeps }) {
  return async (event: unknown): Promise<RolloutCursor> => {
    const { rollout, stageRun } = parseTaskEvent(RecordStageEventSchema, event);
    const stage = rollout.next;
    if (!stage) return rollout;
    const { bucket, runId } = rollout;
    const plan = await readStored(deps.store, bucket, runKeys.plan(runId), StoredPlanSchema);
    let ledger: RolloutLedger = await readStored(
      deps.store,
      bucket,
      runKeys.ledger(runId),
      RolloutLedgerSchema,
    );
    const plannedStage = plan.stages[stage.index];
    if (!plannedStage) throw new Error(`stage ${stage.index} is not in the plan of run ${runId}`);
    const planned = { targets: plannedStage.targets.slice(stage.offset, stage.offset + stage.count) };

    const results = new Map<string, TargetResult>();
    const samples: PollSample[] = [];
    for (const child of await readStageRunResults(stageRun, deps.store)) {
      const parsed = ChildOutputSchema.safeParse(
        child.output ?? { ...(child.input as object), error: child.error },
      );
      if (!parsed.success) continue;
      const result = toTargetResult({ ...parsed.data, wave: stage.wave });
      results.set(targetKey(result), result);
      const sample = pollSampleOf(parsed.data);
      if (sample) samples.push(sample);
    }
    const mapError = z.object({ Error: z.string(), Cause: z.string().optional() }).safeParse(stageRun);
    const missing = missingResult(mapError.success ? mapError.data : undefined);
    const stageResults = planned.targets.map(
      (t) =>
        results.get(targetKey(t)) ?? {
          account: t.account,
          region: t.region,
          ...missing,
          wave: stage.wave,
        },
    );
    ledger = recordResults(ledger, stageResults);
    // A stack set operation: the round's instances change status now, and a stop asked for
    // meanwhile ends the rollout after this round (what was in flight has settled).
    let stopRequested = false;
    if (ledger.stackSet) {
      const { store, queue } = requireStackSets(deps.stackSets);
      ({ stopRequested } = await recordProgress(store, ledger.stackSet, stageResults, queue.nowMs()));
    }
    const stageDone = stage.offset + stage.count >= plannedStage.targets.length;
    ledger = {
      ...ledger,
      stagesDone: stageDone ? stage.index + 1 : stage.index,
      firstPollSeconds: learnFirstPollSeconds(samples, stage.firstPollSeconds),
    };
    const stoppedBy = regionOverTolerance(ledger);
    if (stoppedBy) ledger = { ...ledger, stoppedBy };
    else if (stopRequested) ledger = { ...ledger, stoppedByUser: true };
    await deps.store.putText(bucket, runKeys.ledger(runId), JSON.stringify(ledger));

    const nextStage =
      stoppedBy || stopRequested ? undefined : stageDone ? plan.stages[stage.index + 1] : plannedStage;
    const { next: _done, ...cursor } = rollout;
    if (!nextStage) return cursor;
    return {
      ...cursor,
      next: await describeStage(
        cursor,
        nextStage,
        plan,
        failuresByRegion(ledger),
        ledger.concurrencyMode,
        deps.store,
        ledger.firstPollSeconds,
        nextStage === plannedStage ? stage.offset + stage.count : 0,
      ),
    };
  };
}

/**
 * A target the stage's Map returned no result for. When its items could not even be read, nothing was
 * attempted: CANCELLED. Otherwise the child may have deployed its stack before the run failed: FAILED,
 * saying the outcome is unknown (never reported as a failed deployment it may not be).
 */
function missingResult(mapError: { Error: string; Cause?: string | undefined } | undefined): {
  status: 'FAILED' | 'CANCELLED';
  reason: string;
} {
  if (!mapError) return { status: 'FAILED', reason: 'outcome unknown: no result from its child execution' };
  const what = `${mapError.Error}${mapError.Cause ? `: ${mapError.Cause}` : ''}`;
  if (mapError.Error === 'States.ItemReaderFailed') {
    return { status: 'CANCELLED', reason: `not attempted: the stage's items could not be read (${what})` };
  }
  return {
    status: 'FAILED',
    reason: `outcome unknown: the stage's Map Run failed before this target reported (${what}); its stack may have deployed: check it and rerun`,
  };
}
