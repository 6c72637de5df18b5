/**
 * Simulates StackSets-lite rollouts of 1,000 and 10,000 accounts × 2 regions — a first deployment
 * (CreateStack), then an update of every stack (a change set CloudFormation computes, which pollStack
 * executes after the machine's Wait) — with the real machine (DISTRIBUTED stages) on asl-local with
 * AWS's limits on: 25,000 history events per execution, 256 KiB payloads, the account's 1,000 concurrent
 * Lambda executions (more fail with Lambda.TooManyRequestsException, which the machine retries), each
 * function's timeout, every Lambda call taking 0.1–0.6 s. The simulated estate's stacks take
 * CloudFormation-like, seeded, varying time (create 60 s, update 45 s + 5 s cleanup, change set 4 s,
 * each ±20%).
 *
 * rollout_vs_lower_bound = the rollout's virtual duration / the duration the waves and concurrency limits
 * allow with zero polling overhead: each stage's targets run in its Map order, at most MaxConcurrency at
 * once, each taking exactly its own stack's recorded duration (change set computation included), stages
 * one after another.
 *
 * Targets (issue 6, kept by issue 12): transitions_per_instance ≤ 8 on the happy path,
 * max_history_events ≤ 25,000, max_payload_bytes ≤ 262,144, rollout_vs_lower_bound ≤ 1.15,
 * wall_ms ≤ 60,000 for 10,000 × 2; and no target FAILED (throttling never fails a target).
 *
 * The targets apply to the first deployment (the happy path). An update costs 3 more state transitions by
 * construction (Deploy, Wait, Poll executes the change set, Choice, Wait, Poll, Choice, Succeed = 8) plus
 * the re-polls of stacks that outlast the learned first poll; its lines are printed first, for the record.
 *
 * Last stdout line (the 10,000-account first deployment):
 * {"accounts":10000,"regions":2,"operation":"CREATE","wall_ms":N,"transitions_per_instance":N,
 *  "max_history_events":N,"max_payload_bytes":N,"describe_calls_per_stack":N,"rollout_vs_lower_bound":N,
 *  "lambda_peak_concurrency":N,"lambda_throttled":N,"lambda_timed_out":N,"store_write_units_per_target":N,
 *  "targets_met":true}
 *
 * Both rollouts run as stack set operations (what stackset-lite runs now): every target's result and
 * instance is written to the (in-memory) stack set store, metered as DynamoDB would bill the same items.
 * store_write_units_per_target = the write request units the store spent on the operation (results,
 * instances, the operation, the lease), per target.
 */
import {
  createStackSet,
  MemoryStackSetStore,
  type Operation,
  requestOperation,
  rolloutInputFor,
  type StackSet,
  startNextOperation,
  updateStackSet,
} from '@stackset-lite/stackset-workflow';
import {
  type SimulationResult,
  type StageProgress,
  simulateRollout,
} from '@stackset-lite/stackset-workflow/simulate';
import type { SimulatedEstate, SimulatedStack } from '@stackset-lite/tasks/simulated-estate';

const REGIONS = ['eu-west-1', 'us-east-1'];
const WORK_BUCKET = 'stackset-lite-work';
const TEMPLATE_BUCKET = 'stackset-lite-templates';
const PREFERENCES: NonNullable<NonNullable<Parameters<typeof simulateRollout>[0]>['input']>['preferences'] = {
  regionConcurrency: 'PARALLEL',
  maxConcurrentPercentage: 10,
  failureTolerancePercentage: 5,
  concurrencyMode: 'SOFT',
  waves: [1, '10%', '100%'],
};

/** The stack's own duration in its latest operation: change set computation plus the stack operation. */
function operationMs(stack: SimulatedStack, operation: 'CREATE' | 'UPDATE'): number {
  const own = stack.events.filter((e) => e.ResourceType === 'AWS::CloudFormation::Stack');
  const started = own.findLast((e) => e.ResourceStatus === `${operation}_IN_PROGRESS`);
  const ended = own.findLast((e) => e.ResourceStatus === `${operation}_COMPLETE`);
  if (!started?.Timestamp || !ended?.Timestamp) throw new Error(`${stack.stackId} did not ${operation}`);
  let ms = ended.Timestamp.getTime() - started.Timestamp.getTime();
  if (operation === 'UPDATE') {
    const executed = stack.lastExecutedChangeSet;
    if (executed) ms += executed.readyAt - executed.createdAt;
  }
  return ms;
}

/** Makespan of `durations` run in order, at most `concurrency` at once (a Map's slots). */
function makespan(durations: readonly number[], concurrency: number): number {
  const slots: number[] = new Array(Math.min(concurrency, durations.length)).fill(0);
  for (const d of durations) {
    let earliest = 0;
    for (let i = 1; i < slots.length; i++) if (slots[i]! < slots[earliest]!) earliest = i;
    slots[earliest]! += d;
  }
  return Math.max(0, ...slots);
}

interface PlannedStage {
  targets: { account: string; region: string }[];
}

/** The zero-polling-overhead duration of the run's stages (seconds). */
function lowerBoundSeconds(
  estate: SimulatedEstate,
  runId: string,
  stages: StageProgress[],
  operation: 'CREATE' | 'UPDATE',
): number {
  const plan = JSON.parse(estate.s3.get(WORK_BUCKET, `runs/${runId}/plan.json`) ?? '{}') as {
    stages: PlannedStage[];
  };
  let total = 0;
  for (const progress of stages) {
    const targets = plan.stages[progress.stage]?.targets ?? [];
    const round = targets.slice(progress.round.offset, progress.round.offset + progress.round.count);
    const durations = round.map((t) => {
      const stack = estate.cloudFormation.stack(t.account, t.region, 'stackset-lite-bucket');
      if (!stack) throw new Error(`no stack in ${t.account}/${t.region}`);
      return operationMs(stack, operation);
    });
    total += makespan(durations, progress.maxConcurrency);
  }
  return total / 1000;
}

function check(result: SimulationResult, accounts: number, label: string): void {
  const summary = result.report?.summary;
  if (result.execution.status !== 'SUCCEEDED' || summary?.SUCCEEDED !== accounts * REGIONS.length) {
    throw new Error(
      `${label} of ${accounts} accounts did not succeed: ${result.execution.status} ${result.execution.error ?? ''} ${result.execution.cause ?? ''} ${JSON.stringify(summary)}`,
    );
  }
}

function line(
  result: SimulationResult,
  accounts: number,
  operation: 'CREATE' | 'UPDATE',
  wallMs: number,
  stages: StageProgress[],
  runId: string,
  storeWriteUnits: number,
) {
  const lambda = result.executionResult.lambda;
  return {
    accounts,
    regions: REGIONS.length,
    operation,
    wall_ms: wallMs,
    transitions_per_instance: result.execution.transitionsPerInstance,
    max_history_events: result.execution.maxHistoryEvents,
    max_payload_bytes: result.execution.maxPayloadBytes,
    describe_calls_per_stack: Math.round(result.describeCallsPerStack * 100) / 100,
    rollout_vs_lower_bound:
      Math.round(
        (result.execution.virtualSeconds / lowerBoundSeconds(result.estate, runId, stages, operation)) * 1000,
      ) / 1000,
    lambda_peak_concurrency: lambda.peakConcurrentExecutions,
    lambda_throttled: lambda.throttledInvocations,
    lambda_timed_out: lambda.timedOutInvocations,
    store_write_units_per_target: Math.round((storeWriteUnits / (accounts * REGIONS.length)) * 100) / 100,
  };
}

const NOW_MS = Date.parse('2026-01-05T09:00:00.000Z');

/** The bench's stack set, in an in-memory store that meters writes as DynamoDB bills them. */
async function benchStackSet() {
  const store = new MemoryStackSetStore();
  const launched: { operation: Operation; stackSet: StackSet }[] = [];
  const queue = {
    nowMs: () => NOW_MS,
    launcher: {
      launch: async (operation: Operation, stackSet: StackSet) => {
        launched.push({ operation, stackSet });
      },
    },
  };
  await createStackSet(
    store,
    {
      name: 'bench',
      stackName: 'stackset-lite-bucket',
      template: { bucket: TEMPLATE_BUCKET, key: 'bucket.yaml', version: 'v1' },
      targets: { organizationalUnits: ['r-sim0'], regions: REGIONS },
      preferences: PREFERENCES,
    },
    NOW_MS,
  );
  /** Queues a deploy, starts it, and returns its execution input, name and the store's writes so far. */
  const deploy = async (label: string) => {
    await requestOperation(store, 'bench', { action: 'DEPLOY' }, { nowMs: NOW_MS, idSuffix: label });
    await startNextOperation(store, 'bench', queue);
    const started = launched.pop();
    if (!started) throw new Error(`the bench ${label} operation did not start`);
    return {
      rawInput: rolloutInputFor(started.stackSet, started.operation),
      executionName: started.operation.operationId,
      writesBefore: store.metrics.writeUnits,
    };
  };
  return { store, queue, deploy };
}

async function run(accounts: number) {
  const { store, queue, deploy } = await benchStackSet();
  const createStages: StageProgress[] = [];
  const create = await deploy('create');
  let started = performance.now();
  const created = await simulateRollout({
    accounts,
    regions: REGIONS,
    failRate: 0,
    stageMode: 'DISTRIBUTED',
    rawInput: create.rawInput,
    executionName: create.executionName,
    stackSets: { store, queue },
    onStage: (p) => createStages.push(p),
  });
  const createMs = Math.round(performance.now() - started);
  check(created, accounts, 'create');
  const createLine = line(
    created,
    accounts,
    'CREATE',
    createMs,
    createStages,
    create.executionName,
    store.metrics.writeUnits - create.writesBefore,
  );

  // A new template version for every stack: an UPDATE change set per target.
  created.estate.s3.put(
    TEMPLATE_BUCKET,
    'bucket-v2.yaml',
    'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: [{Key: v, Value: "2"}]\n',
  );
  await updateStackSet(
    store,
    'bench',
    { template: { bucket: TEMPLATE_BUCKET, key: 'bucket-v2.yaml', version: 'v2' } },
    NOW_MS,
  );
  const update = await deploy('update');
  const updateStages: StageProgress[] = [];
  started = performance.now();
  const updated = await simulateRollout({
    estate: created.estate,
    rawInput: update.rawInput,
    executionName: update.executionName,
    stackSets: { store, queue },
    onStage: (p) => updateStages.push(p),
  });
  const updateMs = Math.round(performance.now() - started);
  check(updated, accounts, 'update');
  const updateLine = line(
    updated,
    accounts,
    'UPDATE',
    updateMs,
    updateStages,
    update.executionName,
    store.metrics.writeUnits - update.writesBefore,
  );
  return [createLine, updateLine];
}

/** The issue-6 targets, checked on the first deployment (the happy path: CreateStack, no change sets). */
function targetsMet(l: ReturnType<typeof line>): boolean {
  return (
    l.transitions_per_instance <= 8 &&
    l.max_history_events <= 25_000 &&
    l.max_payload_bytes <= 262_144 &&
    l.rollout_vs_lower_bound <= 1.15 &&
    (l.accounts < 10_000 || l.wall_ms <= 60_000)
  );
}

const lines: ReturnType<typeof line>[] = [];
for (const accounts of [1_000, 10_000]) lines.push(...(await run(accounts)));
// The update runs first, then the creates: the last line is the 10,000-account first deployment.
for (const l of [
  ...lines.filter((x) => x.operation === 'UPDATE'),
  ...lines.filter((x) => x.operation === 'CREATE'),
]) {
  const checked = l.operation === 'CREATE' ? { targets_met: targetsMet(l) } : {};
  process.stdout.write(`${JSON.stringify({ ...l, ...checked })}\n`);
}
