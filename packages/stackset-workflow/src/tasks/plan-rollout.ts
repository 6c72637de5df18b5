import { z } from 'zod';
import { type InputProblem, InvalidInputError } from '../input/input-error.js';
import { rolloutInputSchema } from '../input/rollout-input.js';
import { inlineCapacity } from '../plan/inline-capacity.js';
import { regionConcurrency } from '../plan/region-limits.js';
import { orderRegions, planStages, type Stage } from '../plan/stage-plan.js';
import { type TemplateInspector, templateProblems } from '../plan/template-check.js';
import type { RolloutLedger } from '../report/rollout-ledger.js';
import { overridesForTargets, recordPlanned } from '../stack-set/operation-progress.js';
import type { StackSetTaskDeps } from '../stack-set/stack-set-task-deps.js';
import { requireStackSets } from '../stack-set/stack-set-task-deps.js';
import type { ObjectStore } from '../store/object-store.js';
import { ListedTargetsSchema, readListedTargets } from './listed-targets.js';
import { type RolloutCursor, runKeys, type StageDescriptor } from './rollout-cursor.js';
import type { StoredPlan } from './stored-plan.js';
import { parseTaskEvent } from './task-event.js';

/** The planRollout task's event. */
export const PlanRolloutEventSchema = z.object({
  // prepareOperation checked the stack name against the installation's prefix; not again here.
  input: rolloutInputSchema({ stackNamePrefix: '' }),
  targets: ListedTargetsSchema,
  /** The stack as prepareOperation built it: the template it deploys and the capabilities given. */
  stack: z.object({
    templateUrl: z.string().min(1).optional(),
    capabilities: z.array(z.string()).default([]),
  }),
  runId: z.string().min(1),
  bucket: z.string().min(1),
  /** Seconds before the first DescribeStacks of a stack. @default 30 */
  firstPollSeconds: z.number().int().min(0).default(30),
  /** Put each stage's items in its descriptor, for a machine whose stages are inline Maps. @default false */
  inlineItems: z.boolean().default(false),
});

/** A Distributed Map runs at most 10,000 child executions at once. */
export const DISTRIBUTED_MAP_MAX_CONCURRENCY = 10_000;

/**
 * At most this many rounds in a run: each costs the parent about 11 history events, so rounds alone
 * stay under half of the 25,000-event quota.
 */
export const MAX_ROUNDS = 1_000;

/**
 * Describes the next round of a stage for the state machine, with its concurrency given the failures
 * so far. SOFT runs a stage in one round. STRICT runs it in rounds of `concurrency` targets, so the
 * failure tolerance is applied after each round, as StackSets stops starting stacks once a region
 * passes it (rounds are never smaller than the plan's `minRoundSize`).
 */
export async function describeStage(
  cursor: Pick<RolloutCursor, 'runId' | 'bucket' | 'inlineItems'>,
  stage: Stage,
  plan: StoredPlan,
  failures: ReadonlyMap<string, number>,
  mode: 'STRICT' | 'SOFT',
  store: ObjectStore,
  firstPollSeconds = plan.firstPollSeconds,
  offset = 0,
): Promise<StageDescriptor> {
  const { runId, bucket } = cursor;
  let concurrency = 0;
  for (const region of stage.regions) {
    const limits = plan.regions.find((r) => r.region === region);
    if (limits) concurrency += regionConcurrency(limits, failures.get(region) ?? 0, mode);
  }
  const remaining = stage.targets.length - offset;
  const maxConcurrency = Math.max(1, Math.min(concurrency, remaining, DISTRIBUTED_MAP_MAX_CONCURRENCY));
  const wanted =
    mode === 'STRICT' ? Math.min(remaining, Math.max(maxConcurrency, plan.minRoundSize ?? 1)) : remaining;
  // An inline Map's round must fit the payload limit: it runs in as many rounds as that takes.
  const count = Math.min(wanted, plan.maxInlineRoundSize ?? wanted);
  const whole = offset === 0 && count === stage.targets.length;
  let itemsKey = runKeys.stageItems(runId, stage.index);
  let items: unknown[] | undefined;
  if (!whole || cursor.inlineItems) {
    items = JSON.parse(await store.getText(bucket, itemsKey)) as unknown[];
    if (!whole) {
      items = items.slice(offset, offset + count);
      itemsKey = runKeys.roundItems(runId, stage.index, offset);
      await store.putText(bucket, itemsKey, JSON.stringify(items));
    }
  }
  return {
    index: stage.index,
    wave: stage.wave,
    regions: stage.regions,
    offset,
    count,
    itemsKey,
    resultsPrefix: runKeys.stageResults(runId, stage.index, offset),
    maxConcurrency: Math.min(maxConcurrency, count),
    firstPollSeconds,
    ...(cursor.inlineItems && items && { items }),
  };
}

/** What planRollout works with. */
export interface PlanRolloutDeps {
  /** The work bucket. */
  store: ObjectStore;
  /** What the template needs acknowledged (CloudFormation's ValidateTemplate in AWS). */
  inspectTemplate: TemplateInspector;
  /** The stack set store, for stack set operations (their instances' kept overrides). */
  stackSets?: StackSetTaskDeps;
}

/**
 * Plans the rollout: separates skipped targets, splits the rest into stages (waves × regions), writes
 * each stage's items and the initial ledger to S3 and returns the cursor at the first stage. A
 * rollout that cannot succeed anywhere (a capability the template needs and the input does not give,
 * an INLINE stage past Step Functions' limits) is refused first, before anything is deployed.
 */
export function createPlanRolloutHandler(deps: PlanRolloutDeps) {
  return async (event: unknown): Promise<RolloutCursor> => {
    const {
      input,
      targets: listed,
      stack,
      runId,
      bucket,
      firstPollSeconds,
      inlineItems,
    } = parseTaskEvent(PlanRolloutEventSchema, event);
    const targets = await readListedTargets(listed, deps.store);
    // RetainStacks (as StackSets): the instances leave the rollout, their stacks stay; nothing runs in
    // the accounts, so even an account no longer reachable (suspended, removed from the organization)
    // has its instances detached.
    const retainAll = input.operation === 'DELETE' && input.retainStacks === true;
    const skipped = retainAll ? [] : targets.filter((t) => t.status === 'SKIPPED');
    const deployable = new Map(
      targets.filter((t) => t.status !== 'SKIPPED').map((t) => [`${t.accountId}/${t.region}`, t]),
    );
    if (input.stackSet) {
      // A stack set operation: each instance's kept overrides, with the operation's own on top
      // (before the INLINE size check: the items carry them).
      const { store } = requireStackSets(deps.stackSets);
      const keys = [...deployable.values()].map((t) => ({ account: t.accountId, region: t.region }));
      const overrides = await overridesForTargets(store, input.stackSet, keys);
      for (const [key, values] of overrides) {
        const target = deployable.get(key);
        if (target)
          deployable.set(key, { ...target, parameterOverrides: { ...target.parameterOverrides, ...values } });
      }
    }
    const regions = orderRegions(input.targets.regions, input.targets.regionOrder);
    const retained = retainAll ? targets : [];
    const stagePlan = planStages(
      retained.length
        ? []
        : [...deployable.values()].map((t) => ({ account: t.accountId, region: t.region })),
      regions,
      input.preferences,
    );
    const problems: InputProblem[] = [];
    if (input.operation === 'DEPLOY' && stack.templateUrl && deployable.size > 0) {
      problems.push(...(await templateProblems(deps.inspectTemplate, stack.templateUrl, stack.capabilities)));
    }
    let maxInlineRoundSize: number | undefined;
    if (inlineItems) {
      // Refused here, before anything is deployed, when the INLINE machine cannot hold the rollout.
      const { stackName, template, parameters, capabilities, serviceRoleName } = input;
      const capacity = inlineCapacity({
        inputBytes: jsonBytes(input),
        stackBytes: jsonBytes({ stackName, template, parameters, capabilities, serviceRoleName }) + 256,
        largestItemBytes: Math.max(0, ...[...deployable.values()].map(jsonBytes)),
        targets: deployable.size,
        stages: stagePlan.stages.length,
      });
      if (capacity.fits) maxInlineRoundSize = capacity.maxRoundSize;
      else problems.push(...capacity.problems);
    }
    if (problems.length > 0) throw new InvalidInputError(problems);
    const plan: StoredPlan = {
      ...stagePlan,
      firstPollSeconds,
      minRoundSize: Math.max(1, Math.ceil(deployable.size / MAX_ROUNDS)),
      ...(maxInlineRoundSize !== undefined && { maxInlineRoundSize }),
    };
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
      ...(input.stackSet && { stackSet: input.stackSet }),
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
          reason:
            t.status === 'SKIPPED'
              ? `stack retained (retainStacks): not deleted; the account is not reachable (${t.reason ?? 'not ACTIVE'})`
              : 'stack retained (retainStacks): not deleted',
        })),
      ],
    };
    if (input.stackSet) {
      // Every target is accounted for in the store from now on, even if this execution is lost.
      const { store, queue } = requireStackSets(deps.stackSets);
      const pending = plan.stages.flatMap((stage) => stage.targets);
      await recordPlanned(store, input.stackSet, { settled: ledger.results, pending }, queue.nowMs());
    }
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

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
