import { describe, expect, it } from 'vitest';
import { SIMULATED_INSTALLATION } from '../../src/simulate/simulated-rollout.js';
import { StackSetSimulation } from '../../src/simulate/stack-set-simulation.js';
import { handleExecutionEnded } from '../../src/stack-set/execution-ended.js';
import { LEASE_TTL_MS, startNextOperation } from '../../src/stack-set/operation-queue.js';
import { createStackSet } from '../../src/stack-set/stack-set-requests.js';
import executionStatusChange from './events/execution-status-change-failed.json' with { type: 'json' };

// Managed execution's recovery, end to end: the real machine, handlers and in-memory store on the
// simulated estate. An execution that dies mid-operation (here a task function that throws an error
// the machine neither retries nor catches, so the execution ends FAILED without AggregateResults —
// as a crash, a timeout or StopExecution from the console would) stops renewing the stack set's
// lease. When the lease expires, the scheduled recovery (autoDeployment's QueuedOperations rule calls
// startNextOperation) ends the lost operation with a final result for every target and starts the
// queued one.

const STACK_SET = 'crash-test';
const STACK_NAME = 'stackset-lite-crash-test';
const REGIONS = ['eu-west-1', 'us-east-1'];
const BUCKET = SIMULATED_INSTALLATION.templateBucket;

async function stackSetOnSixAccounts() {
  const sim = new StackSetSimulation({ seed: 7 });
  const { estate, store } = sim;
  const ou = estate.organization.addOrganizationalUnit({ name: 'workloads' });
  const accounts = estate.addAccounts(6, { parentId: ou });
  estate.s3.put(BUCKET, 'crash.yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
  await createStackSet(
    store,
    {
      name: STACK_SET,
      stackName: STACK_NAME,
      template: { bucket: BUCKET, key: 'crash.yaml', version: 'v1' },
      targets: { organizationalUnits: [ou], regions: REGIONS },
      // Rounds of 2 targets: the crash comes after some targets reported and before others did.
      preferences: { regionConcurrency: 'PARALLEL', maxConcurrentCount: 2, concurrencyMode: 'STRICT' },
    },
    sim.clock.now(),
  );
  return { sim, store, accounts };
}

/** Makes the execution of `operationId` die at the `nth` call of `task`. */
function crashAt(task: string, nth: number, operationId: () => string) {
  let calls = 0;
  return {
    onTaskCall: (called: string, running: { operationId: string }) => {
      if (called !== task || running.operationId !== operationId()) return;
      if (++calls === nth) throw new Error('the execution crashed (simulated)');
    },
  };
}

describe('a crashed execution mid-operation is recovered (managed execution)', () => {
  it('the lease expires, every target of the lost operation ends with a recorded final status, and the queued operation runs after it', async () => {
    const { sim, store } = await stackSetOnSixAccounts();
    const first = await sim.request(STACK_SET, { action: 'DEPLOY' });
    const second = await sim.request(STACK_SET, { action: 'DEPLOY' });
    expect((await store.getOperation(STACK_SET, second.operationId))?.status).toBe('QUEUED');

    const ran = await sim.runUntilIdle(crashAt('recordStage', 2, () => first.operationId));
    // Only the first ran; its execution died without ending the operation.
    expect(ran.map((r) => r.operation.operationId)).toEqual([first.operationId]);
    expect(ran[0]?.rollout?.execution.status).toBe('FAILED');
    const midway = await store.listResults(STACK_SET, first.operationId);
    expect(midway).toHaveLength(12);
    const reportedBeforeCrash = midway.filter((r) => r.status === 'SUCCEEDED').length;
    expect(reportedBeforeCrash).toBeGreaterThan(0);
    expect(midway.filter((r) => r.status === 'PENDING').length).toBe(12 - reportedBeforeCrash);
    expect((await store.getOperation(STACK_SET, first.operationId))?.status).toBe('RUNNING');

    // While the lease holds, nothing else starts: the two never run concurrently.
    expect(await startNextOperation(store, STACK_SET, sim.queue)).toBeUndefined();
    expect((await store.getOperation(STACK_SET, second.operationId))?.status).toBe('QUEUED');
    expect((await store.getLease(STACK_SET))?.holder).toBe(first.operationId);

    // The lease expires; the scheduled recovery runs.
    sim.clock.follow(sim.clock.now() + LEASE_TTL_MS + 1);
    const started = await startNextOperation(store, STACK_SET, sim.queue);
    expect(started?.operationId).toBe(second.operationId);

    const lost = await store.getOperation(STACK_SET, first.operationId);
    expect(lost?.status).toBe('FAILED');
    expect(lost?.statusReason).toMatch(/stopped renewing the stack set lease/);
    expect(lost?.statusReason).toContain(`${reportedBeforeCrash} of 12 targets had reported`);
    const results = await store.listResults(STACK_SET, first.operationId);
    // No lost target: 12 results, each final.
    expect(results).toHaveLength(12);
    expect(results.filter((r) => r.status === 'PENDING' || r.status === 'RUNNING')).toEqual([]);
    const unknown = results.filter((r) => r.status === 'FAILED');
    expect(unknown).toHaveLength(12 - reportedBeforeCrash);
    for (const r of unknown) expect(r.statusReason).toMatch(/^outcome unknown: /);
    expect(lost?.counts).toEqual({ SUCCEEDED: reportedBeforeCrash, FAILED: 12 - reportedBeforeCrash });
    // Instances say the same: the reported ones CURRENT, the unknown ones OUTDATED (not deployed as
    // far as the store knows).
    const instances = await store.listInstances(STACK_SET);
    expect(instances).toHaveLength(12);
    expect(instances.filter((i) => i.status === 'CURRENT')).toHaveLength(reportedBeforeCrash);
    expect(instances.filter((i) => i.status === 'OUTDATED')).toHaveLength(12 - reportedBeforeCrash);

    // The queued operation runs, after the lost one ended, and settles every instance.
    const after = await sim.runUntilIdle();
    expect(after.map((r) => r.operation.operationId)).toEqual([second.operationId]);
    const next = await store.getOperation(STACK_SET, second.operationId);
    expect(next?.status).toBe('SUCCEEDED');
    expect(next?.startTimestamp && lost?.endTimestamp && next.startTimestamp >= lost.endTimestamp).toBe(true);
    expect((await store.listInstances(STACK_SET)).map((i) => i.status)).toEqual(Array(12).fill('CURRENT'));
    expect(await store.getLease(STACK_SET)).toBeUndefined();
  }, 60_000);

  it('an execution lost before it planned its targets ends FAILED saying no target was attempted', async () => {
    const { sim, store } = await stackSetOnSixAccounts();
    const first = await sim.request(STACK_SET, { action: 'DEPLOY' });
    const second = await sim.request(STACK_SET, { action: 'DEPLOY' });
    await sim.runUntilIdle(crashAt('listTargets', 1, () => first.operationId));
    expect(await store.listResults(STACK_SET, first.operationId)).toEqual([]);

    sim.clock.follow(sim.clock.now() + LEASE_TTL_MS + 1);
    expect((await startNextOperation(store, STACK_SET, sim.queue))?.operationId).toBe(second.operationId);
    const lost = await store.getOperation(STACK_SET, first.operationId);
    expect(lost?.status).toBe('FAILED');
    expect(lost?.statusReason).toMatch(/before it planned its targets: no target was attempted$/);
    expect(await store.listInstances(STACK_SET)).toEqual([]);
    await sim.runUntilIdle();
    expect((await store.getOperation(STACK_SET, second.operationId))?.status).toBe('SUCCEEDED');
    expect(await store.listInstances(STACK_SET)).toHaveLength(12);
  }, 60_000);
});

/** The recorded Execution Status Change event, for this execution. */
function executionEnded(operationId: string, status: string, error?: string, cause?: string) {
  const event = structuredClone(executionStatusChange) as {
    detail: Record<string, unknown>;
    resources: string[];
  };
  const executionArn = `arn:aws:states:us-east-1:123456789012:execution:stackset-lite:${operationId}`;
  event.resources = [executionArn];
  Object.assign(event.detail, {
    executionArn,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:stackset-lite',
    name: operationId,
    status,
    error: error ?? null,
    cause: cause ?? null,
  });
  return event;
}

describe("an execution that ended without ending its operation (Step Functions' Execution Status Change)", () => {
  it('a crashed execution: its operation ends at once, every target with a final status, and the queued one starts', async () => {
    const { sim, store } = await stackSetOnSixAccounts();
    const first = await sim.request(STACK_SET, { action: 'DEPLOY' });
    const second = await sim.request(STACK_SET, { action: 'DEPLOY' });
    const [run] = await sim.runUntilIdle(crashAt('recordStage', 2, () => first.operationId));
    const { status, error, cause } = run!.rollout!.execution;
    expect(status).toBe('FAILED');
    // No waiting for the lease: the event arrives when the execution ends.
    const outcome = await handleExecutionEnded(executionEnded(first.operationId, 'FAILED', error, cause), {
      ...sim.queue,
      store,
    });
    expect('ended' in outcome && outcome.started?.operationId).toBe(second.operationId);
    const lost = await store.getOperation(STACK_SET, first.operationId);
    expect(lost?.status).toBe('FAILED');
    expect(lost?.statusReason).toMatch(/^its execution ended FAILED \(/);
    const results = await store.listResults(STACK_SET, first.operationId);
    expect(results).toHaveLength(12);
    expect(results.filter((r) => r.status === 'PENDING' || r.status === 'RUNNING')).toEqual([]);
    await sim.runUntilIdle();
    expect((await store.getOperation(STACK_SET, second.operationId))?.status).toBe('SUCCEEDED');
    // The same event again (EventBridge delivers at least once) changes nothing.
    expect(
      await handleExecutionEnded(executionEnded(first.operationId, 'FAILED', error, cause), {
        ...sim.queue,
        store,
      }),
    ).toEqual({ ignored: `operation ${first.operationId} of ${STACK_SET} already ended FAILED` });
  }, 60_000);

  it('input refused before planning (a template needing CAPABILITY_IAM): FAILED naming why, no target attempted, the queue moves on', async () => {
    const { sim, store } = await stackSetOnSixAccounts();
    sim.estate.s3.put(
      BUCKET,
      'crash.yaml',
      'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n',
    );
    const first = await sim.request(STACK_SET, { action: 'DEPLOY' });
    const second = await sim.request(STACK_SET, { action: 'DETECT_DRIFT' });
    const [run] = await sim.runUntilIdle();
    const { status, error, cause } = run!.rollout!.execution;
    expect([status, error]).toEqual(['FAILED', 'InvalidInput']);
    const outcome = await handleExecutionEnded(executionEnded(first.operationId, status, error, cause), {
      ...sim.queue,
      store,
    });
    expect('ended' in outcome && outcome.started?.operationId).toBe(second.operationId);
    const refused = await store.getOperation(STACK_SET, first.operationId);
    expect(refused?.status).toBe('FAILED');
    expect(refused?.statusReason).toContain('(InvalidInput: ');
    expect(refused?.statusReason).toContain('/capabilities');
    expect(refused?.statusReason).toMatch(/before it planned its targets: no target was attempted$/);
    expect(await store.listResults(STACK_SET, first.operationId)).toEqual([]);
    expect(await store.getLease(STACK_SET)).toMatchObject({ holder: second.operationId });
  }, 60_000);

  it('leaves plain rollouts and finished executions alone, and refuses a malformed event naming the field', async () => {
    const { sim, store } = await stackSetOnSixAccounts();
    const deps = { ...sim.queue, store };
    expect(await handleExecutionEnded(executionEnded('rollout-1', 'FAILED', 'States.Runtime'), deps)).toEqual(
      {
        ignored: 'execution rollout-1 runs no stack set operation',
      },
    );
    expect(await handleExecutionEnded(executionEnded('rollout-1', 'SUCCEEDED'), deps)).toEqual({
      ignored: 'execution rollout-1 is SUCCEEDED: a finished execution ends its operation itself',
    });
    const bad = executionEnded('rollout-1', 'FAILED');
    delete bad.detail.name;
    await expect(handleExecutionEnded(bad, deps)).rejects.toThrow(
      'Execution Status Change event: /detail/name: ',
    );
  });
});
