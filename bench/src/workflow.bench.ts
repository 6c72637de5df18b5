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
 *  "max_payload_bytes":N,"describe_calls_per_stack":N,"rollout_vs_lower_bound":N}
 */
import {
  type SimulationResult,
  type StageProgress,
  simulateRollout,
} from '@stackset-lite/stackset-workflow/simulate';
import { DEFAULT_LATENCIES } from '@stackset-lite/tasks/testing';

const REGIONS = ['eu-west-1', 'us-east-1'];

async function run(accounts: number) {
  const stages: StageProgress[] = [];
  const started = performance.now();
  const result: SimulationResult = await simulateRollout({
    accounts,
    regions: REGIONS,
    failRate: 0,
    stageMode: 'DISTRIBUTED',
    input: {
      preferences: {
        regionConcurrency: 'PARALLEL',
        maxConcurrentPercentage: 10,
        failureTolerancePercentage: 5,
        concurrencyMode: 'SOFT',
        waves: [1, '10%', '100%'],
      },
    },
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
  };
}

for (const accounts of [1_000, 10_000]) {
  const line = await run(accounts);
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
