import { STACK_STATUSES, type StackStatus } from '@stackset-lite/tasks';
import type { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployEvent, deployToEnd, followEvent, pollEvent, setupEstate } from './support/fixture.js';

let env: ReturnType<typeof setupEstate>;
let estate: SimulatedEstate;
let account: string;
const region = 'eu-west-1';

beforeEach(() => {
  env = setupEstate();
  estate = env.estate;
  account = estate.organization.addAccount().id;
});
afterEach(() => env.estate.uninstall());

const stackOf = () => estate.cloudFormation.stack(account, region, 'baseline');
const advance = (ms: number) => estate.virtualClock.advance(ms);

describe('deployStack: create, update, no changes', () => {
  it('creates a missing stack with CreateStack, tagged from its first moment and parameterised', async () => {
    const out = await env.deploy(
      deployEvent(account, { target: { accountId: account, region, parameterOverrides: { Env: 'dev' } } }),
    );
    expect(out).toMatchObject({
      action: 'CREATE',
      outcome: 'STARTED',
      accountId: account,
      region,
      waitSeconds: 30,
    });
    expect(out.stackId).toMatch(/^arn:aws:cloudformation:eu-west-1:\d{12}:stack\/baseline\//);
    expect(out.clientRequestToken).toMatch(/^ssl-[0-9a-f]{32}-create$/);
    expect(estate.calls.get('cloudformation:CreateChangeSet')).toBeUndefined();
    const stack = stackOf()!;
    expect(stack.status).toBe('CREATE_IN_PROGRESS');
    expect(stack.spec.tags).toEqual(
      expect.arrayContaining([
        { Key: 'ManagedBy', Value: 'stackset-lite' },
        { Key: 'stackset-lite:operation', Value: 'baseline' },
      ]),
    );
    // The per-account override wins over the operation-wide value.
    expect(stack.spec.parameters).toEqual([{ ParameterKey: 'Env', ParameterValue: 'dev' }]);
    advance(60_000);
    expect(stackOf()!.status).toBe('CREATE_COMPLETE');
  });

  it('updates through a change set pollStack executes, and reports NO_CHANGES when nothing differs', async () => {
    await deployToEnd(env, deployEvent(account));
    const same = deployEvent(account, { executionId: 'exec-2' });
    const again = await env.deploy(same);
    // deployStack only creates the change set: the machine waits while CloudFormation computes it.
    expect(again).toMatchObject({ action: 'UPDATE', outcome: 'CHANGE_SET_CREATED', waitSeconds: 5 });
    advance(10_000);
    expect(await env.poll(followEvent(same, again))).toMatchObject({ progress: 'NO_CHANGES' });
    expect(stackOf()!.changeSets.size).toBe(0); // the empty change set was deleted
    const v2 = deployEvent(account, {
      executionId: 'exec-3',
      templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml',
    });
    const changed = await env.deploy(v2);
    expect(changed).toMatchObject({ action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' });
    expect(stackOf()!.status).toBe('CREATE_COMPLETE');
    advance(10_000);
    const executed = await env.poll(followEvent(v2, changed));
    expect(executed).toMatchObject({
      progress: 'IN_PROGRESS',
      phase: 'STACK',
      attempt: 0,
      nextPollSeconds: 30,
    });
    expect(executed.clientRequestToken).toMatch(/^ssl-[0-9a-f]{32}-execute$/);
    expect(stackOf()!.status).toBe('UPDATE_IN_PROGRESS');
    advance(60_000);
    expect(await env.poll(followEvent(v2, changed, executed))).toMatchObject({
      progress: 'SUCCEEDED',
      stackStatus: 'UPDATE_COMPLETE',
      attempt: 1,
    });
  });

  it('sees a change of template content under the same URL, as CloudFormation does', async () => {
    estate.s3.put('templates', 'baseline.yaml', 'Resources: {A: {Type: AWS::SNS::Topic}}');
    const url = 'https://templates.s3.eu-west-1.amazonaws.com/baseline.yaml';
    await deployToEnd(env, deployEvent(account, { templateUrl: url }));
    expect(
      (await deployToEnd(env, deployEvent(account, { templateUrl: url, executionId: 'e2' }))).poll,
    ).toMatchObject({
      progress: 'NO_CHANGES',
    });
    estate.s3.put(
      'templates',
      'baseline.yaml',
      'Resources: {A: {Type: AWS::SNS::Topic}, B: {Type: AWS::SQS::Queue}}',
    );
    expect(
      (await deployToEnd(env, deployEvent(account, { templateUrl: url, executionId: 'e3' }))).poll,
    ).toMatchObject({
      progress: 'SUCCEEDED',
      stackStatus: 'UPDATE_COMPLETE',
    });
  });

  it('is idempotent: a retried call of the same execution reports the same start', async () => {
    const first = await env.deploy(deployEvent(account));
    const retry = await env.deploy(deployEvent(account));
    expect(retry).toMatchObject({
      action: 'CREATE',
      outcome: 'STARTED',
      clientRequestToken: first.clientRequestToken,
    });
    expect(estate.calls.get('cloudformation:CreateStack')).toBe(1);
    expect([...estate.cloudFormation.allStacks()]).toHaveLength(1);
  });

  it('passes the service role of the target account, built from its name', async () => {
    await env.deploy(
      deployEvent(account, { stack: { name: 'baseline', serviceRoleName: 'stackset-lite-cloudformation' } }),
    );
    expect(stackOf()!.spec.roleArn).toBe(`arn:aws:iam::${account}:role/stackset-lite-cloudformation`);
  });

  it('refuses a service role ARN from another account', async () => {
    const event = deployEvent(account, {
      stack: {
        name: 'baseline',
        serviceRoleArn: 'arn:aws:iam::999999999999:role/stackset-lite-cloudformation',
      },
    });
    await expect(env.deploy(event)).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringMatching(
        /\/stack\/serviceRoleArn: role is in account 999999999999.*serviceRoleName/,
      ),
    });
  });

  it('refuses to update or delete a same-named stack that stackset-lite does not manage', async () => {
    estate.cloudFormation.putStack({
      accountId: account,
      region,
      stackName: 'baseline',
      status: 'CREATE_COMPLETE',
      tags: { Owner: 'someone-else' },
    });
    for (const action of ['DEPLOY', 'DELETE'] as const) {
      const out = await env.deploy(deployEvent(account, { action }));
      expect(out).toMatchObject({ action: 'NONE', outcome: 'FAILED', stackStatus: 'CREATE_COMPLETE' });
      expect(out.reason).toMatch(/not managed by stackset-lite \(no ManagedBy=stackset-lite tag\)/);
    }
    expect(estate.calls.get('cloudformation:CreateChangeSet')).toBeUndefined();
    expect(estate.calls.get('cloudformation:DeleteStack')).toBeUndefined();
  });

  it('skips targets marked SKIPPED without calling AWS', async () => {
    const out = await env.deploy(
      deployEvent(account, {
        target: { accountId: account, region, status: 'SKIPPED', reason: 'account SUSPENDED' },
      }),
    );
    expect(out).toMatchObject({ outcome: 'SKIPPED', reason: 'account SUSPENDED' });
    expect(estate.calls.size).toBe(0);
  });

  it('reports FAILED with the reason when the deploy role cannot be assumed', async () => {
    estate.faults.denyAssumeRole(account);
    const out = await env.deploy(deployEvent(account));
    expect(out.outcome).toBe('FAILED');
    expect(out.reason).toMatch(/cannot assume arn:aws:iam::\d{12}:role\/stackset-lite-deploy: AccessDenied/);
  });
});

describe('deployStack and pollStack: retries and slow change sets, never waiting inside a Lambda', () => {
  async function deployed(latencies: { changeSet: number }) {
    estate.uninstall();
    env = setupEstate({ latencies });
    estate = env.estate;
    account = estate.organization.addAccount().id;
    await deployToEnd(env, deployEvent(account));
  }
  const v2 = () =>
    deployEvent(account, {
      executionId: 'exec-2',
      templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml',
    });

  it('a CreateStack retried after a throttled answer is the same request, not a second stack', async () => {
    estate.faults.throttle({ service: 'cloudformation', operation: 'DescribeStacks', times: 1 });
    await expect(env.deploy(deployEvent(account))).rejects.toMatchObject({ name: 'Throttled' });
    const started = await env.deploy(deployEvent(account));
    const retried = await env.deploy(deployEvent(account));
    expect(retried).toMatchObject({ action: 'CREATE', outcome: 'STARTED', stackId: started.stackId });
  });

  it('a retried call finds the change set it created instead of creating another, and acts on it', async () => {
    await deployed({ changeSet: 5_000 });
    const first = await env.deploy(v2());
    const retried = await env.deploy(v2());
    expect(retried).toMatchObject({ outcome: 'CHANGE_SET_CREATED', changeSetId: first.changeSetId });
    advance(5_000);
    // Computed by now: the retry executes it itself (pollStack would otherwise).
    expect(await env.deploy(v2())).toMatchObject({ outcome: 'STARTED', changeSetId: first.changeSetId });
    expect(estate.calls.get('cloudformation:CreateChangeSet')).toBe(3); // the others met AlreadyExists
    expect(stackOf()!.changeSets.size).toBe(1);
  });

  it('pollStack looks again, with backoff, while CloudFormation computes the change set, then executes it', async () => {
    await deployed({ changeSet: 25_000 });
    const event = v2();
    const out = await env.deploy(event);
    advance(out.waitSeconds * 1000); // 10 s: still computing
    const looks = [await env.poll(followEvent(event, out))];
    while (looks.at(-1)!.progress === 'IN_PROGRESS' && looks.at(-1)!.phase === 'CHANGE_SET') {
      advance(looks.at(-1)!.nextPollSeconds * 1000);
      looks.push(await env.poll(followEvent(event, out, looks.at(-1))));
    }
    expect(looks.map((l) => [l.phase, l.nextPollSeconds])).toEqual([
      ['CHANGE_SET', 5],
      ['CHANGE_SET', 8],
      ['CHANGE_SET', 11],
      ['STACK', 30],
    ]);
    expect(stackOf()!.status).toBe('UPDATE_IN_PROGRESS');
  });

  it('a change set that outlasts its budget is FAILED and deleted, nothing left behind', async () => {
    await deployed({ changeSet: 3_600_000 });
    const { poll } = await deployToEnd(env, v2());
    expect(poll).toMatchObject({ progress: 'FAILED', phase: 'CHANGE_SET' });
    expect(poll.statusReason).toMatch(/had not computed the change set after \d+ s \(budget 900 s\)/);
    expect(stackOf()!.changeSets.size).toBe(0);
    expect(stackOf()!.status).toBe('CREATE_COMPLETE');
  });
});

describe('deployStack: repairs', () => {
  it('ROLLBACK_COMPLETE: deletes, reports BUSY, then creates once the stack is gone', async () => {
    estate.faults.failCreate({ accountId: account }, { times: 1 });
    await env.deploy(deployEvent(account));
    advance(120_000);
    expect(stackOf()!.status).toBe('ROLLBACK_COMPLETE');
    const repair = await env.deploy(deployEvent(account, { executionId: 'exec-2' }));
    expect(repair).toMatchObject({ action: 'DELETE', outcome: 'BUSY', stackStatus: 'ROLLBACK_COMPLETE' });
    expect(repair.reason).toMatch(/can only be deleted/);
    const whileDeleting = await env.deploy(deployEvent(account, { executionId: 'exec-2' }));
    expect(whileDeleting).toMatchObject({ outcome: 'BUSY', stackStatus: 'DELETE_IN_PROGRESS' });
    advance(30_000);
    const created = await env.deploy(deployEvent(account, { executionId: 'exec-2' }));
    expect(created).toMatchObject({ action: 'CREATE', outcome: 'STARTED' });
  });

  it('UPDATE_ROLLBACK_FAILED: continues the rollback, then updates', async () => {
    estate.cloudFormation.putStack({
      accountId: account,
      region,
      stackName: 'baseline',
      status: 'UPDATE_ROLLBACK_FAILED',
    });
    const out = await env.deploy(deployEvent(account));
    expect(out).toMatchObject({ action: 'CONTINUE_ROLLBACK', outcome: 'BUSY' });
    expect(stackOf()!.status).toBe('UPDATE_ROLLBACK_IN_PROGRESS');
    advance(60_000);
    expect(stackOf()!.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await env.deploy(deployEvent(account))).toMatchObject({
      action: 'UPDATE',
      outcome: 'CHANGE_SET_CREATED',
    });
  });

  it('UPDATE_ROLLBACK_FAILED twice: FAILED instead of looping', async () => {
    estate.cloudFormation.putStack({
      accountId: account,
      region,
      stackName: 'baseline',
      status: 'UPDATE_ROLLBACK_FAILED',
    });
    estate.faults.failContinueRollback({ accountId: account });
    await env.deploy(deployEvent(account));
    advance(60_000);
    const out = await env.deploy(deployEvent(account));
    expect(out).toMatchObject({ outcome: 'FAILED', stackStatus: 'UPDATE_ROLLBACK_FAILED' });
    expect(out.reason).toMatch(/again after ContinueUpdateRollback/);
  });

  it('DELETE_FAILED with repairs.forceDelete: force-deletes and recreates', async () => {
    estate.cloudFormation.putStack({
      accountId: account,
      region,
      stackName: 'baseline',
      status: 'DELETE_FAILED',
    });
    const out = await env.deploy(deployEvent(account, { repairs: { forceDelete: true } }));
    expect(out).toMatchObject({ action: 'DELETE', outcome: 'BUSY' });
    advance(30_000);
    expect(stackOf()).toBeUndefined();
    expect(await env.deploy(deployEvent(account))).toMatchObject({ action: 'CREATE', outcome: 'STARTED' });
  });
});

describe('deployStack: the policy for each of the 23 statuses', () => {
  const expected: Record<StackStatus, { action: string; outcome: string; reason?: RegExp }> = {
    CREATE_IN_PROGRESS: { action: 'NONE', outcome: 'BUSY' },
    CREATE_FAILED: { action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' },
    CREATE_COMPLETE: { action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' },
    ROLLBACK_IN_PROGRESS: { action: 'NONE', outcome: 'BUSY' },
    ROLLBACK_FAILED: { action: 'NONE', outcome: 'FAILED', reason: /ROLLBACK_FAILED.*delete the stack/ },
    ROLLBACK_COMPLETE: { action: 'DELETE', outcome: 'BUSY' },
    DELETE_IN_PROGRESS: { action: 'NONE', outcome: 'BUSY' },
    DELETE_FAILED: { action: 'NONE', outcome: 'FAILED', reason: /DELETE_FAILED.*RetainResources/ },
    // By name a deleted stack does not exist: deployStack creates a new one.
    DELETE_COMPLETE: { action: 'CREATE', outcome: 'STARTED' },
    UPDATE_IN_PROGRESS: { action: 'NONE', outcome: 'BUSY' },
    UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: { action: 'NONE', outcome: 'BUSY' },
    UPDATE_COMPLETE: { action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' },
    UPDATE_FAILED: { action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' },
    UPDATE_ROLLBACK_IN_PROGRESS: { action: 'NONE', outcome: 'BUSY' },
    UPDATE_ROLLBACK_FAILED: { action: 'CONTINUE_ROLLBACK', outcome: 'BUSY' },
    UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: { action: 'NONE', outcome: 'BUSY' },
    UPDATE_ROLLBACK_COMPLETE: { action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' },
    // putStack's stack carries ManagedBy but no change set of ours: not taken over.
    REVIEW_IN_PROGRESS: { action: 'NONE', outcome: 'FAILED', reason: /not managed by stackset-lite/ },
    IMPORT_IN_PROGRESS: { action: 'NONE', outcome: 'BUSY' },
    IMPORT_COMPLETE: { action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' },
    IMPORT_ROLLBACK_IN_PROGRESS: { action: 'NONE', outcome: 'BUSY' },
    IMPORT_ROLLBACK_FAILED: { action: 'NONE', outcome: 'FAILED', reason: /IMPORT_ROLLBACK_FAILED/ },
    IMPORT_ROLLBACK_COMPLETE: { action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' },
  };

  it.each(STACK_STATUSES)('deploying over a stack in %s', async (status) => {
    estate.cloudFormation.putStack({
      accountId: account,
      region,
      stackName: 'baseline',
      status,
      templateUrl: 'https://templates.s3.amazonaws.com/old.yaml',
    });
    const out = await env.deploy(deployEvent(account));
    const want = expected[status];
    expect({ action: out.action, outcome: out.outcome }).toEqual({
      action: want.action,
      outcome: want.outcome,
    });
    if (want.reason) expect(out.reason).toMatch(want.reason);
    if (status !== 'DELETE_COMPLETE') expect(out.stackStatus).toBe(status);
  });

  it.each(STACK_STATUSES)('deleting a stack in %s', async (status) => {
    estate.cloudFormation.putStack({ accountId: account, region, stackName: 'baseline', status });
    const out = await env.deploy(deployEvent(account, { action: 'DELETE' }));
    if (status === 'DELETE_COMPLETE') expect(out).toMatchObject({ action: 'NONE', outcome: 'NO_CHANGES' });
    else if (status === 'DELETE_IN_PROGRESS')
      expect(out).toMatchObject({ action: 'DELETE', outcome: 'STARTED' });
    else if (status === 'DELETE_FAILED') expect(out).toMatchObject({ action: 'NONE', outcome: 'FAILED' });
    else if (
      status.endsWith('_IN_PROGRESS') &&
      status !== 'REVIEW_IN_PROGRESS' &&
      status !== 'CREATE_IN_PROGRESS'
    ) {
      expect(out).toMatchObject({ action: 'NONE', outcome: 'BUSY' });
    } else if (status === 'CREATE_IN_PROGRESS') expect(out).toMatchObject({ outcome: 'BUSY' });
    else expect(out).toMatchObject({ action: 'DELETE', outcome: 'STARTED' });
  });

  it.each(['DEPLOY', 'DELETE'] as const)('%s over a busy stack waits, naming its status', async (action) => {
    estate.cloudFormation.putStack({
      accountId: account,
      region,
      stackName: 'baseline',
      status: 'UPDATE_IN_PROGRESS',
    });
    const out = await env.deploy(deployEvent(account, action === 'DELETE' ? { action } : {}));
    expect(out).toMatchObject({
      action: 'NONE',
      outcome: 'BUSY',
      reason: 'stack is UPDATE_IN_PROGRESS: waiting for it to settle',
      stackStatus: 'UPDATE_IN_PROGRESS',
    });
  });
});

describe('deployStack: DELETE operation', () => {
  it('deletes and pollStack reports the deletion as success', async () => {
    await env.deploy(deployEvent(account));
    advance(60_000);
    const out = await env.deploy(deployEvent(account, { action: 'DELETE', executionId: 'exec-del' }));
    expect(out).toMatchObject({ action: 'DELETE', outcome: 'STARTED' });
    advance(30_000);
    const polled = await env.poll(pollEvent(account, { stackId: out.stackId! }, { action: 'DELETE' }));
    expect(polled).toMatchObject({ progress: 'SUCCEEDED', stackStatus: 'DELETE_COMPLETE' });
  });

  it('retains the named resources of a DELETE_FAILED stack', async () => {
    await env.deploy(deployEvent(account));
    advance(60_000);
    estate.faults.failDelete({ accountId: account }, { times: 1 });
    await env.deploy(deployEvent(account, { action: 'DELETE' }));
    advance(30_000);
    expect(stackOf()!.status).toBe('DELETE_FAILED');
    const noRetain = await env.deploy(deployEvent(account, { action: 'DELETE', executionId: 'exec-x' }));
    expect(noRetain.reason).toMatch(/retainResources/);
    const retained = await env.deploy(
      deployEvent(account, {
        action: 'DELETE',
        executionId: 'exec-x',
        stack: { name: 'baseline', retainResources: ['Bucket'] },
      }),
    );
    expect(retained).toMatchObject({ action: 'DELETE', outcome: 'STARTED' });
    advance(30_000);
    expect(stackOf()).toBeUndefined();
  });

  it('a stack with termination protection is FAILED with what to do, not deleted', async () => {
    estate.cloudFormation.putStack({
      accountId: account,
      region,
      stackName: 'baseline',
      status: 'CREATE_COMPLETE',
      terminationProtection: true,
    });
    const out = await env.deploy(deployEvent(account, { action: 'DELETE' }));
    expect(out).toMatchObject({ action: 'NONE', outcome: 'FAILED', waitSeconds: 0 });
    expect(out.reason).toMatch(/termination protection.*UpdateTerminationProtection/);
    expect(stackOf()!.status).toBe('CREATE_COMPLETE');
  });

  it('a REVIEW_IN_PROGRESS stack stackset-lite left cannot be deleted by the deploy role: FAILED, saying how', async () => {
    estate.cloudFormation.createChangeSet(account, region, {
      StackName: 'baseline',
      ChangeSetName: 'stackset-lite-00000000000000000000000000000001',
      ChangeSetType: 'CREATE',
      TemplateURL: 'https://templates.s3.amazonaws.com/v1.yaml',
    });
    const out = await env.deploy(deployEvent(account, { action: 'DELETE' }));
    expect(out).toMatchObject({ outcome: 'FAILED', stackStatus: 'REVIEW_IN_PROGRESS' });
    expect(out.reason).toMatch(/deploy once .*takes the stack over.* and delete again/);
    expect(estate.calls.get('cloudformation:DeleteStack')).toBeUndefined();
  });

  it('a missing stack is already deleted', async () => {
    expect(await env.deploy(deployEvent(account, { action: 'DELETE' }))).toMatchObject({
      outcome: 'NO_CHANGES',
    });
  });
});

describe('deployStack: what CloudFormation refuses becomes a target result', () => {
  it('AccessDenied on a CloudFormation call is a FAILED target naming the refusal', async () => {
    estate.faults.failCall({
      service: 'cloudformation',
      operation: 'CreateStack',
      error: {
        name: 'AccessDenied',
        message: `User: arn:aws:sts::${account}:assumed-role/stackset-lite-deploy/x is not authorized to perform: cloudformation:CreateStack`,
      },
    });
    const out = await env.deploy(deployEvent(account));
    expect(out).toMatchObject({ action: 'NONE', outcome: 'FAILED', waitSeconds: 0 });
    expect(out.reason).toMatch(/^access denied: .*cloudformation:CreateStack.*deploy role/);
  });

  it('a deploy role without DescribeStacks is a FAILED target too', async () => {
    estate.faults.failCall({
      service: 'cloudformation',
      operation: 'DescribeStacks',
      error: { name: 'AccessDenied', message: 'not authorized to perform: cloudformation:DescribeStacks' },
    });
    expect(await env.deploy(deployEvent(account))).toMatchObject({
      outcome: 'FAILED',
      reason: expect.stringMatching(/^access denied/),
    });
  });

  it('a stack that turned busy between the lookup and the call is BUSY', async () => {
    await env.deploy(deployEvent(account));
    advance(60_000);
    estate.faults.failCall({
      service: 'cloudformation',
      operation: 'CreateChangeSet',
      times: 1,
      error: {
        name: 'ValidationError',
        message: 'Stack:arn:x is in UPDATE_IN_PROGRESS state and can not be updated.',
      },
    });
    const out = await env.deploy(
      deployEvent(account, { executionId: 'e2', templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml' }),
    );
    expect(out).toMatchObject({ outcome: 'BUSY', reason: expect.stringContaining('UPDATE_IN_PROGRESS') });
  });

  it('a template CloudFormation rejects is a FAILED target with its message', async () => {
    estate.faults.failCall({
      service: 'cloudformation',
      operation: 'CreateStack',
      error: {
        name: 'InsufficientCapabilitiesException',
        message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]',
      },
    });
    const out = await env.deploy(deployEvent(account));
    expect(out).toMatchObject({
      outcome: 'FAILED',
      reason:
        'CloudFormation refused: InsufficientCapabilitiesException: Requires capabilities : [CAPABILITY_NAMED_IAM]',
    });
  });

  it('a change set CloudFormation rejects is FAILED with its reason; the stack is untouched and the next run updates it', async () => {
    await deployToEnd(env, deployEvent(account));
    estate.faults.failChangeSet(
      { accountId: account },
      { times: 1, reason: 'Template format error: YAML not well-formed' },
    );
    const v2 = (executionId: string) =>
      deployEvent(account, { executionId, templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml' });
    const { poll } = await deployToEnd(env, v2('e2'));
    expect(poll).toMatchObject({
      progress: 'FAILED',
      phase: 'CHANGE_SET',
      statusReason: 'change set failed: Template format error: YAML not well-formed',
    });
    expect(stackOf()!.status).toBe('CREATE_COMPLETE');
    expect((await deployToEnd(env, v2('e3'))).poll).toMatchObject({
      progress: 'SUCCEEDED',
      stackStatus: 'UPDATE_COMPLETE',
    });
  });

  it('anything else is thrown for the machine to retry or catch', async () => {
    estate.faults.failCall({
      service: 'cloudformation',
      operation: 'DescribeStacks',
      error: { name: 'InternalFailure', message: 'boom' },
    });
    await expect(env.deploy(deployEvent(account))).rejects.toMatchObject({ name: 'InternalFailure' });
  });
});

describe('deployStack: bad input and throttling', () => {
  it('names every bad field of an invalid event', async () => {
    const bad = {
      ...deployEvent(account),
      target: { accountId: '123', region: 'Europe' },
      stack: { name: 'x' },
    };
    const error = await env.deploy(bad).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidInput' });
    const message = (error as Error).message;
    expect(message).toContain('/target/accountId');
    expect(message).toContain('/target/region');
    expect(message).toContain('/stack/templateUrl');
  });

  it('surfaces CloudFormation throttling as Throttled', async () => {
    estate.faults.throttle({ service: 'cloudformation', operation: 'DescribeStacks', times: 1 });
    await expect(env.deploy(deployEvent(account))).rejects.toMatchObject({
      name: 'Throttled',
      message: expect.stringMatching(/DescribeStacks was throttled/),
    });
    expect(await env.deploy(deployEvent(account))).toMatchObject({ outcome: 'STARTED' });
  });
});
