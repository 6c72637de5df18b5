import { nextPollDelaySeconds } from '@stackset-lite/tasks';
import type { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployEvent, followEvent, pollEvent, setupEstate, startDeployment } from './support/fixture.js';

let env: ReturnType<typeof setupEstate>;
let estate: SimulatedEstate;
let account: string;

beforeEach(() => {
  env = setupEstate();
  estate = env.estate;
  account = estate.organization.addAccount().id;
});
afterEach(() => env.estate.uninstall());

/** History both root-cause tests start from: the stack is created, then an update fails ('Old'). */
async function createThenFailAnUpdate() {
  estate.faults.failUpdate(
    { accountId: account },
    {
      times: 1,
      cause: { logicalResourceId: 'Old', resourceType: 'AWS::SNS::Topic', reason: 'old failure' },
    },
  );
  await env.deploy(deployEvent(account));
  estate.virtualClock.advance(60_000);
  await startDeployment(
    env,
    deployEvent(account, { executionId: 'e2', templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml' }),
  );
  estate.virtualClock.advance(120_000);
}

describe('pollStack', () => {
  it('follows a create from IN_PROGRESS to SUCCEEDED with growing, capped delays', async () => {
    const started = await env.deploy(deployEvent(account));
    const first = await env.poll(pollEvent(account, started));
    expect(first).toMatchObject({
      progress: 'IN_PROGRESS',
      stackStatus: 'CREATE_IN_PROGRESS',
      attempt: 1,
      nextPollSeconds: 5,
    });
    const later = await env.poll(pollEvent(account, started, { attempt: 3 }));
    expect(later.nextPollSeconds).toBe(40);
    expect((await env.poll(pollEvent(account, started, { attempt: 10 }))).nextPollSeconds).toBe(60);
    estate.virtualClock.advance(60_000);
    expect(await env.poll(pollEvent(account, started))).toMatchObject({
      progress: 'SUCCEEDED',
      stackStatus: 'CREATE_COMPLETE',
      nextPollSeconds: 0,
    });
  });

  it('names the root cause of a failed create: the earliest *_FAILED event of this operation', async () => {
    estate.faults.failCreate(
      { accountId: account },
      {
        cause: {
          logicalResourceId: 'Queue',
          resourceType: 'AWS::SQS::Queue',
          reason: 'Queue name already taken',
        },
      },
    );
    const started = await env.deploy(deployEvent(account));
    estate.virtualClock.advance(120_000);
    const polled = await env.poll(pollEvent(account, started));
    expect(polled).toMatchObject({
      progress: 'NEEDS_INTERVENTION',
      stackStatus: 'ROLLBACK_COMPLETE',
      rootCause: {
        logicalResourceId: 'Queue',
        resourceType: 'AWS::SQS::Queue',
        status: 'CREATE_FAILED',
        reason: 'Queue name already taken',
      },
    });
  });

  it('ignores failures of earlier operations when finding the root cause', async () => {
    await createThenFailAnUpdate();
    estate.faults.failUpdate(
      { accountId: account },
      {
        rollback: 'UPDATE_ROLLBACK_FAILED',
        cause: { logicalResourceId: 'New', resourceType: 'AWS::IAM::Role', reason: 'new failure' },
      },
    );
    const third = await startDeployment(
      env,
      deployEvent(account, { executionId: 'e3', templateUrl: 'https://templates.s3.amazonaws.com/v3.yaml' }),
    );
    estate.virtualClock.advance(120_000);
    const polled = await env.poll(pollEvent(account, third));
    expect(polled.progress).toBe('NEEDS_INTERVENTION');
    expect(polled.rootCause).toMatchObject({
      logicalResourceId: 'New',
      reason: 'new failure',
      status: 'UPDATE_FAILED',
    });
  });

  it('without a token, the root cause is looked for back to the start of the latest operation only', async () => {
    await createThenFailAnUpdate();
    const third = await startDeployment(
      env,
      deployEvent(account, { executionId: 'e3', templateUrl: 'https://templates.s3.amazonaws.com/v3.yaml' }),
    );
    estate.virtualClock.advance(120_000);
    // The latest update succeeded: nothing to blame, although an older operation failed.
    const { stackId } = third;
    const polled = await env.poll(pollEvent(account, { ...(stackId ? { stackId } : {}) }));
    expect(polled.progress).toBe('SUCCEEDED');
    expect(polled.rootCause).toBeUndefined();
    estate.faults.failUpdate(
      { accountId: account },
      { cause: { logicalResourceId: 'Latest', resourceType: 'AWS::IAM::Role', reason: 'latest failure' } },
    );
    await startDeployment(
      env,
      deployEvent(account, { executionId: 'e4', templateUrl: 'https://templates.s3.amazonaws.com/v4.yaml' }),
    );
    estate.virtualClock.advance(120_000);
    const failed = await env.poll(pollEvent(account, {}));
    expect(failed).toMatchObject({
      progress: 'FAILED',
      rootCause: { logicalResourceId: 'Latest', reason: 'latest failure' },
    });
  });

  it('a failed update that rolled back is FAILED, with its cause', async () => {
    await env.deploy(deployEvent(account));
    estate.virtualClock.advance(60_000);
    estate.faults.failUpdate({ accountId: account });
    const started = await startDeployment(
      env,
      deployEvent(account, { executionId: 'e2', templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml' }),
    );
    estate.virtualClock.advance(30_000);
    expect((await env.poll(pollEvent(account, started))).stackStatus).toBe('UPDATE_ROLLBACK_IN_PROGRESS');
    estate.virtualClock.advance(60_000);
    const polled = await env.poll(pollEvent(account, started));
    expect(polled).toMatchObject({ progress: 'FAILED', stackStatus: 'UPDATE_ROLLBACK_COMPLETE' });
    expect(polled.rootCause?.logicalResourceId).toBe('Bucket');
  });

  it('a missing stack counts as deleted when deleting, and as a failure when deploying', async () => {
    expect(await env.poll(pollEvent(account, {}, { action: 'DELETE' }))).toMatchObject({
      progress: 'SUCCEEDED',
      stackStatus: 'DELETE_COMPLETE',
    });
    const deploying = await env.poll(pollEvent(account, {}));
    expect(deploying.progress).toBe('FAILED');
    expect(deploying.statusReason).toMatch(/no longer exists/);
  });

  it('rejects an invalid event with InvalidInput naming the field', async () => {
    await expect(env.poll({ ...pollEvent(account, {}), attempt: -1 })).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining('/attempt'),
    });
  });

  it('surfaces throttled DescribeStacks as Throttled', async () => {
    estate.faults.throttle({ service: 'cloudformation', operation: 'DescribeStacks', times: 1 });
    await expect(env.poll(pollEvent(account, {}))).rejects.toMatchObject({ name: 'Throttled' });
  });
});

describe('nextPollDelaySeconds', () => {
  it('doubles from the initial delay up to the cap', () => {
    const backoff = { initialSeconds: 5, multiplier: 2, maxSeconds: 60 };
    expect([0, 1, 2, 3, 4, 5].map((n) => nextPollDelaySeconds(n, backoff))).toEqual([5, 10, 20, 40, 60, 60]);
    expect(nextPollDelaySeconds(10_000, backoff)).toBe(60);
  });
});

describe('pollStack follows whatever deployStack answered', () => {
  it('passes deployStack’s final answers through without calling AWS', async () => {
    const event = deployEvent(account);
    for (const outcome of ['FAILED', 'NO_CHANGES', 'SKIPPED'] as const) {
      const before = estate.calls.size;
      const out = await env.poll(
        followEvent(event, {
          accountId: account,
          region: 'eu-west-1',
          stackName: 'baseline',
          action: 'NONE',
          outcome,
          reason: 'why',
          waitSeconds: 0,
        }),
      );
      expect(out).toMatchObject({ progress: outcome, statusReason: 'why', nextPollSeconds: 0 });
      expect(estate.calls.size).toBe(before);
    }
  });

  it('watches a busy stack until it settles, then asks for deployStack again (REDEPLOY)', async () => {
    estate.cloudFormation.putStack({
      accountId: account,
      region: 'eu-west-1',
      stackName: 'baseline',
      status: 'CREATE_COMPLETE',
    });
    const busy = deployEvent(account, {
      executionId: 'e2',
      templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml',
    });
    const first = await startDeployment(env, busy);
    // Another operation comes while the update runs: it is told BUSY and waits for the stack.
    const other = deployEvent(account, {
      executionId: 'e3',
      templateUrl: 'https://templates.s3.amazonaws.com/v3.yaml',
    });
    const deploy = await env.deploy(other);
    expect(deploy).toMatchObject({ outcome: 'BUSY', waitSeconds: 30, stackStatus: 'UPDATE_IN_PROGRESS' });
    expect(first.outcome).toBe('STARTED');
    const watching = await env.poll(followEvent(other, deploy));
    expect(watching).toMatchObject({ progress: 'IN_PROGRESS', phase: 'BUSY', nextPollSeconds: 30 });
    estate.virtualClock.advance(60_000);
    expect(await env.poll(followEvent(other, deploy, watching))).toMatchObject({
      progress: 'REDEPLOY',
      stackStatus: 'UPDATE_COMPLETE',
    });
  });

  it('a change set that disappeared (deleted by someone else) is FAILED, naming it', async () => {
    estate.cloudFormation.putStack({
      accountId: account,
      region: 'eu-west-1',
      stackName: 'baseline',
      status: 'CREATE_COMPLETE',
    });
    const event = deployEvent(account, {
      executionId: 'e2',
      templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml',
    });
    const deploy = await env.deploy(event);
    const stack = estate.cloudFormation.stack(account, 'eu-west-1', 'baseline')!;
    stack.changeSets.clear();
    const out = await env.poll(followEvent(event, deploy));
    expect(out).toMatchObject({ progress: 'FAILED', phase: 'CHANGE_SET' });
    expect(out.statusReason).toMatch(/change set stackset-lite-[0-9a-f]{32} no longer exists/);
  });
});
