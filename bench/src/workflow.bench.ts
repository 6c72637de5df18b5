/**
 * Simulates StackSets-lite rollouts of 1,000 and 10,000 accounts × 2 regions: the real machine
 * (DISTRIBUTED stages) on asl-local with AWS's limits on (25,000 history events per execution,
 * 256 KiB payloads), the real task handlers, and the simulated estate with CloudFormation's stack
 * latencies (create 60 s, change set 0 s) on the virtual clock.
 *
 * rollout_vs_lower_bound = the rollout's virtual duration / the duration the waves and concurrency
 * limits allow with zero polling overhead (each stage: ceil(targets / concurrency) × stack latency,
 * stages one after another).
 *
 * Last stdout line:
 * {"accounts":10000,"regions":2,"wall_ms":N,"transitions_per_instance":N,"max_history_events":N,
 *  "max_payload_bytes":N,"describe_calls_per_stack":N,"rollout_vs_lower_bound":N,
 *  "store_write_units_per_target":N}
 *
 * store_write_units_per_target = DynamoDB write request units the stack set store spent on the
 * operation (each target's result and instance, the operation, the lease), per target.
 */
import {
  createStackSet,
  MemoryStackSetStore,
  type Operation,
  requestOperation,
  rolloutInputFor,
  type StackSet,
  startNextOperation,
} from '@stackset-lite/stackset-workflow';
import {
  type SimulationResult,
  type StageProgress,
  simulateRollout,
} from '@stackset-lite/stackset-workflow/simulate';
import { DEFAULT_LATENCIES } from '@stackset-lite/tasks/testing';

const REGIONS = ['eu-west-1', 'us-east-1'];

async function run(accounts: number) {
  const stages: StageProgress[] = [];
  // The rollout runs as a stack set operation (what stackset-lite runs now): every target's result is
  // written to the (in-memory) stack set store, metered as DynamoDB would bill the same items.
  const store = new MemoryStackSetStore();
  const now = () => Date.parse('2026-01-05T09:00:00.000Z');
  let launched: { operation: Operation; stackSet: StackSet } | undefined;
  const queue = {
    nowMs: now,
    launcher: {
      launch: async (operation: Operation, stackSet: StackSet) => {
        launched = { operation, stackSet };
      },
    },
  };
  await createStackSet(
    store,
    {
      name: 'bench',
      stackName: 'stackset-lite-bucket',
      template: { bucket: 'stackset-lite-templates', key: 'bucket.yaml', version: 'v1' },
      targets: { organizationalUnits: ['r-sim0'], regions: REGIONS },
      preferences: {
        regionConcurrency: 'PARALLEL',
        maxConcurrentPercentage: 10,
        failureTolerancePercentage: 5,
        concurrencyMode: 'SOFT',
        waves: [1, '10%', '100%'],
      },
    },
    now(),
  );
  await requestOperation(store, 'bench', { action: 'DEPLOY' }, { nowMs: now(), idSuffix: 'bench' });
  await startNextOperation(store, 'bench', queue);
  if (!launched) throw new Error('the bench operation did not start');
  const writesBefore = store.metrics.writeUnits;
  const started = performance.now();
  const result: SimulationResult = await simulateRollout({
    accounts,
    regions: REGIONS,
    failRate: 0,
    stageMode: 'DISTRIBUTED',
    rawInput: rolloutInputFor(launched.stackSet, launched.operation),
    executionName: launched.operation.operationId,
    stackSets: { store, queue },
    onStage: (p) => stages.push(p),
  });
  const wallMs = Math.round(performance.now() - started);
  const stackSeconds = (DEFAULT_LATENCIES.create + DEFAULT_LATENCIES.changeSet) / 1000;
  const lowerBound = stages.reduce((t, s) => t + Math.ceil(s.targets / s.maxConcurrency) * stackSeconds, 0);
  const stagesSeconds = result.execution.virtualSeconds;
  const summary = result.report?.summary;
  if (result.execution.status !== 'SUCCEEDED' || summary?.SUCCEEDED !== accounts * REGIONS.length) {
    throw new Error(
      `rollout of ${accounts} accounts did not succeed: ${result.execution.status} ${result.execution.error ?? ''} ${result.execution.cause ?? ''} ${JSON.stringify(summary)}`,
    );
  }
  return {
    accounts,
    regions: REGIONS.length,
    wall_ms: wallMs,
    transitions_per_instance: result.execution.transitionsPerInstance,
    max_history_events: result.execution.maxHistoryEvents,
    max_payload_bytes: result.execution.maxPayloadBytes,
    describe_calls_per_stack: Math.round(result.describeCallsPerStack * 100) / 100,
    rollout_vs_lower_bound: Math.round((stagesSeconds / lowerBound) * 1000) / 1000,
    store_write_units_per_target:
      Math.round(((store.metrics.writeUnits - writesBefore) / (accounts * REGIONS.length)) * 100) / 100,
  };
}

for (const accounts of [1_000, 10_000]) {
  const line = await run(accounts);
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
