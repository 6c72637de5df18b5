import { z } from 'zod';
import { RolloutInputSchema } from '../input/rollout-input.js';
import { regionConcurrency } from '../plan/region-limits.js';
import { orderRegions, planStages, type Stage, type StagePlan } from '../plan/stage-plan.js';
import type { RolloutLedger } from '../report/rollout-ledger.js';
import type { ObjectStore } from '../store/object-store.js';
import { ListedTargetsSchema, readListedTargets } from './listed-targets.js';
import { type RolloutCursor, runKeys, type StageDescriptor } from './rollout-cursor.js';
import { parseTaskEvent } from './task-event.js';

/** The planRollout task's event. */
export const PlanRolloutEventSchema = z.object({
  input: RolloutInputSchema,
  targets: ListedTargetsSchema,
  runId: z.string().min(1),
  bucket: z.string().min(1),
  /** Seconds before the first DescribeStacks of a stack. @default 30 */
  firstPollSeconds: z.number().int().min(0).default(30),
  /** Put each stage's items in its descriptor, for a machine whose stages are inline Maps. @default false */
  inlineItems: z.boolean().default(false),
});

/** A Distributed Map runs at most 10,000 child executions at once. */
export const DISTRIBUTED_MAP_MAX_CONCURRENCY = 10_000;

/** A stored plan: the stages with their targets, read back by recordStage and aggregate. */
export interface StoredPlan extends StagePlan {
  firstPollSeconds: number;
}

/** Describes a stage for the state machine, with its concurrency given the failures so far. */
export async function describeStage(
  cursor: Pick<RolloutCursor, 'runId' | 'bucket' | 'inlineItems'>,
  stage: Stage,
  plan: StoredPlan,
  failures: ReadonlyMap<string, number>,
  mode: 'STRICT' | 'SOFT',
  store: ObjectStore,
  firstPollSeconds = plan.firstPollSeconds,
): Promise<StageDescriptor> {
  const { runId } = cursor;
  let concurrency = 0;
  for (const region of stage.regions) {
    const limits = plan.regions.find((r) => r.region === region);
    if (limits) concurrency += regionConcurrency(limits, failures.get(region) ?? 0, mode);
  }
  return {
    index: stage.index,
    wave: stage.wave,
    regions: stage.regions,
    count: stage.targets.length,
    itemsKey: runKeys.stageItems(runId, stage.index),
    resultsPrefix: runKeys.stageResults(runId, stage.index),
    maxConcurrency: Math.max(1, Math.min(concurrency, stage.targets.length, DISTRIBUTED_MAP_MAX_CONCURRENCY)),
    firstPollSeconds,
    ...(cursor.inlineItems && {
      items: JSON.parse(
        await store.getText(cursor.bucket, runKeys.stageItems(runId, stage.index)),
      ) as unknown[],
    }),
  };
}

/**
 * Plans the rollout: separates skipped targets, splits the rest into stages (waves × regions), writes
 * each stage's items and the initial ledger to S3 and returns the cursor at the first stage.
 */
export function createPlanRolloutHandler(deps: { store: ObjectStore }) {
  return async (event: unknown): Promise<RolloutCursor> => {
    const {
      input,
      targets: listed,
      runId,
      bucket,
      firstPollSeconds,
      inlineItems,
    } = parseTaskEvent(PlanRolloutEventSchema, event);
    const targets = await readListedTargets(listed, deps.store);
    const skipped = targets.filter((t) => t.status === 'SKIPPED');
    const deployable = new Map(
      targets.filter((t) => t.status !== 'SKIPPED').map((t) => [`${t.accountId}/${t.region}`, t]),
    );
    const regions = orderRegions(input.targets.regions, input.targets.regionOrder);
    // RetainStacks (as StackSets): the instances leave the rollout, their stacks stay; nothing to run.
    const retained = input.operation === 'DELETE' && input.retainStacks ? [...deployable.values()] : [];
    const stagePlan = planStages(
      retained.length
        ? []
        : [...deployable.values()].map((t) => ({ account: t.accountId, region: t.region })),
      regions,
      input.preferences,
    );
    const plan: StoredPlan = { ...stagePlan, firstPollSeconds };
    for (const stage of plan.stages) {
      // Items are listTargets' own target objects: deployStack reads parameterOverrides from them.
      const items = stage.targets.map((t) => deployable.get(`${t.account}/${t.region}`));
      await deps.store.putText(bucket, runKeys.stageItems(runId, stage.index), JSON.stringify(items));
    }
    const ledger: RolloutLedger = {
      stackName: input.stackName,
      operation: input.operation,
      concurrencyMode: input.preferences.concurrencyMode,
      regions: plan.regions,
      stageCount: plan.stages.length,
      stagesDone: 0,
      results: [
        ...skipped.map((t) => ({
          account: t.accountId,
          region: t.region,
          status: 'SKIPPED' as const,
          reason: t.reason ?? 'account is not ACTIVE',
        })),
        ...retained.map((t) => ({
          account: t.accountId,
          region: t.region,
          status: 'SUCCEEDED' as const,
          reason: 'stack retained (retainStacks): not deleted',
        })),
      ],
    };
    await deps.store.putText(bucket, runKeys.plan(runId), JSON.stringify(plan));
    await deps.store.putText(bucket, runKeys.ledger(runId), JSON.stringify(ledger));
    const first = plan.stages[0];
    const cursor = { runId, bucket, inlineItems, stageCount: plan.stages.length };
    if (!first) return cursor;
    const next = await describeStage(
      cursor,
      first,
      plan,
      new Map(),
      input.preferences.concurrencyMode,
      deps.store,
    );
    return { ...cursor, next };
  };
}
