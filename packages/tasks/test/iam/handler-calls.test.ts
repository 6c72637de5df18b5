/**
 * The deploy role must let the real deployStack and pollStack handlers do their job, and nothing else.
 * The handlers run against the simulated estate, which records every call; IamReplay replays each
 * through iam-simulate: the AssumeRole against the deploy role's trust policy, every CloudFormation
 * call (plus iam:PassRole when a RoleARN is given, and CloudFormation's read of TemplateURL against
 * the template bucket's policy) against the deploy role's policies as deployed in that account.
 */
import { CreateChangeSetCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import {
  createAssumeRole,
  createDeployStackHandler,
  createPollStackHandler,
  createSilentLogger,
} from '@stackset-lite/tasks';
import { IamReplay, type RecordedAwsCall, SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployToEnd, startDeployment } from '../support/fixture.js';
import { ESTATE } from './template-policies.js';

const region = 'eu-west-1';
const STACK = 'stackset-lite-baseline';
const TEMPLATE_URL = `https://${ESTATE.templateBucket}.s3.${region}.amazonaws.com/baseline/v1.yaml`;

let estate: SimulatedEstate;
let account: string;
let calls: RecordedAwsCall[];

beforeEach(() => {
  estate = new SimulatedEstate().install();
  account = estate.organization.addAccount().id;
  // Every call on its way into the estate: who made it, its input, the stack's tags at that moment.
  calls = estate.recordCalls();
});

afterEach(() => {
  estate.uninstall();
});

const iam = new IamReplay({
  orchestratorAccountId: ESTATE.orchestratorAccountId,
  organizationId: ESTATE.organizationId,
  externalId: ESTATE.externalId,
  templateBucket: ESTATE.templateBucket,
  region,
});

const logger = createSilentLogger();
const deploy = () =>
  createDeployStackHandler({
    logger,
    clock: estate.clock,
    templateBucket: { name: ESTATE.templateBucket, region },
  });
const poll = () => createPollStackHandler({ logger, clock: estate.clock });
/** The handlers as the machine drives them (see the fixture's deployToEnd / startDeployment). */
const handlers = () => ({ estate, deploy: deploy(), poll: poll() });

function event(
  overrides: { action?: 'DEPLOY' | 'DELETE'; executionId?: string; serviceRole?: boolean } = {},
) {
  return {
    operation: {
      name: 'baseline',
      executionId: overrides.executionId ?? 'exec-1',
      action: overrides.action ?? 'DEPLOY',
    },
    target: { accountId: account, region },
    stack: {
      name: STACK,
      templateUrl: TEMPLATE_URL,
      parameters: { Env: 'prod' },
      ...(overrides.serviceRole === false ? {} : { serviceRoleName: 'stackset-lite-cloudformation' }),
    },
    deployRole: { roleName: 'stackset-lite-deploy', externalId: ESTATE.externalId },
  };
}

/** Every IAM decision behind the recorded calls (AssumeRole, CloudFormation, PassRole, the template read). */
async function decisions() {
  return (await iam.replay(calls)).map((r) => ({ call: r.request.action, decision: r.decision }));
}

describe('the deploy role against the real deployStack and pollStack handlers', () => {
  it('allows every call of a create, a no-change redeploy, an update and a delete', async () => {
    const created = await deploy()(event());
    expect(created).toMatchObject({ action: 'CREATE', outcome: 'STARTED' });
    estate.virtualClock.advance(120_000);
    await poll()({
      operation: { name: 'baseline', executionId: 'exec-1', action: 'DEPLOY' },
      target: { accountId: account, region },
      stackName: STACK,
      stackId: created.stackId,
      clientRequestToken: created.clientRequestToken,
      attempt: 0,
      deployRole: { roleName: 'stackset-lite-deploy', externalId: ESTATE.externalId },
    });
    expect((await deployToEnd(handlers(), event({ executionId: 'exec-2' }))).poll).toMatchObject({
      progress: 'NO_CHANGES',
    });
    const updated = await startDeployment(handlers(), {
      ...event({ executionId: 'exec-3' }),
      stack: { ...event().stack, parameters: { Env: 'dev' } },
    });
    expect(updated).toMatchObject({ action: 'UPDATE', outcome: 'STARTED' });
    estate.virtualClock.advance(120_000);
    expect(await deploy()(event({ action: 'DELETE', executionId: 'exec-4' }))).toMatchObject({
      outcome: 'STARTED',
    });

    const results = await decisions();
    const operations = new Set(results.map((r) => r.call));
    for (const op of [
      'CreateStack',
      'TagResource',
      'CreateChangeSet',
      'DescribeChangeSet',
      'ExecuteChangeSet',
      'DescribeStacks',
      'DeleteStack',
    ]) {
      expect(operations, `the scenario should exercise ${op}`).toContain(`cloudformation:${op}`);
    }
    expect(operations).toContain('iam:PassRole');
    expect(operations).toContain('sts:AssumeRole');
    expect(operations).toContain('s3:GetObject');
    expect(results.filter((r) => r.decision !== 'Allowed')).toEqual([]);
  });

  it('allows the repairs: failed create (poll root cause, delete, recreate) and UPDATE_ROLLBACK_FAILED', async () => {
    estate.faults.failCreate({ accountId: account }, { times: 1 });
    const first = await deploy()(event());
    estate.virtualClock.advance(120_000);
    const polled = await poll()({
      operation: { name: 'baseline', executionId: 'exec-1', action: 'DEPLOY' },
      target: { accountId: account, region },
      stackName: STACK,
      stackId: first.stackId,
      clientRequestToken: first.clientRequestToken,
      attempt: 0,
      deployRole: { roleName: 'stackset-lite-deploy', externalId: ESTATE.externalId },
    });
    expect(polled).toMatchObject({ progress: 'NEEDS_INTERVENTION', stackStatus: 'ROLLBACK_COMPLETE' });
    expect(polled.rootCause).toBeDefined();
    expect(await deploy()(event({ executionId: 'exec-2' }))).toMatchObject({ action: 'DELETE' });
    estate.virtualClock.advance(60_000);
    expect(await deploy()(event({ executionId: 'exec-2' }))).toMatchObject({ action: 'CREATE' });
    estate.virtualClock.advance(120_000);
    estate.faults.failUpdate({ accountId: account }, { rollback: 'UPDATE_ROLLBACK_FAILED', times: 1 });
    await startDeployment(handlers(), {
      ...event({ executionId: 'exec-3' }),
      stack: { ...event().stack, parameters: { Env: 'dev' } },
    });
    estate.virtualClock.advance(120_000);
    expect(await deploy()(event({ executionId: 'exec-4' }))).toMatchObject({ action: 'CONTINUE_ROLLBACK' });

    const results = await decisions();
    const operations = new Set(results.map((r) => r.call));
    for (const op of ['DescribeStackEvents', 'DeleteStack', 'ContinueUpdateRollback']) {
      expect(operations, `the scenario should exercise ${op}`).toContain(`cloudformation:${op}`);
    }
    expect(results.filter((r) => r.decision !== 'Allowed')).toEqual([]);
  });

  it('refuses stacks and change sets that run without the CloudFormation service role', async () => {
    // deployStack refuses such an event before any call (issue 10); the deploy role would refuse the
    // CreateStack and CreateChangeSet too (least-privilege.test.ts, point 2).
    for (const region of ['eu-west-1', 'us-east-1']) {
      await expect(
        deploy()({ ...event({ serviceRole: false }), target: { accountId: account, region } }),
      ).rejects.toMatchObject({
        name: 'InvalidInput',
        message: expect.stringContaining('/stack/serviceRoleName: required'),
      });
    }
    expect(calls).toEqual([]);
  });

  it('a first deployment through a CREATE change set would be refused: its stack has no tags until it runs', async () => {
    // Why deployStack creates stacks with CreateStack: replaying the CREATE change set way with the
    // stack's tags as AWS reports them (none in REVIEW_IN_PROGRESS; LocalStack
    // test_stacks.snapshot.json, test_stack_description_lifecycle[with-tags]) denies the execute.
    const credentials = await createAssumeRole(
      estate.clients,
      estate.clock,
    )({
      roleArn: `arn:aws:iam::${account}:role/stackset-lite-deploy`,
      externalId: ESTATE.externalId,
      sessionName: 'stackset-lite-test',
      region,
    });
    const cfn = estate.clients.cloudFormation({ region, credentials });
    await cfn.send(
      new CreateChangeSetCommand({
        StackName: STACK,
        ChangeSetName: 'stackset-lite-0123456789abcdef',
        ChangeSetType: 'CREATE',
        TemplateURL: TEMPLATE_URL,
        Tags: [{ Key: 'ManagedBy', Value: 'stackset-lite' }],
        RoleARN: `arn:aws:iam::${account}:role/stackset-lite-cloudformation`,
      }),
    );
    estate.virtualClock.advance(30_000); // CloudFormation computes the change set
    await cfn.send(
      new ExecuteChangeSetCommand({ StackName: STACK, ChangeSetName: 'stackset-lite-0123456789abcdef' }),
    );
    const execute = (await iam.replay(calls)).find(
      (r) => r.request.action === 'cloudformation:ExecuteChangeSet',
    );
    expect(execute?.call.stackTags).toEqual({});
    expect(execute?.decision).toBe('ImplicitlyDenied');
  });

  it('takes over a REVIEW_IN_PROGRESS stack stackset-lite left, with every call allowed', async () => {
    // An earlier run's CREATE change set that never executed: the stack has no tags (AWS-recorded).
    estate.cloudFormation.createChangeSet(account, region, {
      StackName: STACK,
      ChangeSetName: 'stackset-lite-00000000000000000000000000000001',
      ChangeSetType: 'CREATE',
      TemplateURL: TEMPLATE_URL,
      Tags: [{ Key: 'ManagedBy', Value: 'stackset-lite' }],
    });
    expect(estate.cloudFormation.stack(account, region, STACK)).toMatchObject({
      status: 'REVIEW_IN_PROGRESS',
    });
    const reviewId = estate.cloudFormation.stack(account, region, STACK)?.stackId;
    const created = await deploy()(event());
    expect(created).toMatchObject({ action: 'CREATE', outcome: 'STARTED', stackId: reviewId });
    estate.virtualClock.advance(120_000);
    expect(estate.cloudFormation.stack(account, region, STACK)).toMatchObject({ status: 'CREATE_COMPLETE' });
    const results = await decisions();
    expect(results.map((r) => r.call)).toContain('cloudformation:ListChangeSets');
    expect(results.map((r) => r.call)).toContain('cloudformation:CreateStack');
    expect(results.filter((r) => r.decision !== 'Allowed')).toEqual([]);
  });

  it('refuses a REVIEW_IN_PROGRESS stack someone else left, and never deletes an untagged stack', async () => {
    estate.cloudFormation.createChangeSet(account, region, {
      StackName: STACK,
      ChangeSetName: 'their-change-set',
      ChangeSetType: 'CREATE',
      TemplateURL: TEMPLATE_URL,
    });
    expect(await deploy()(event())).toMatchObject({
      outcome: 'FAILED',
      reason: expect.stringMatching(/not managed/),
    });
    expect(await deploy()(event({ action: 'DELETE', executionId: 'exec-2' }))).toMatchObject({
      outcome: 'FAILED',
    });
    const writes = (await decisions()).filter(
      (r) => r.call.startsWith('cloudformation:') && !/:(Describe|List)/.test(r.call),
    );
    expect(writes).toEqual([]);
    // Whatever a faulty orchestrator would try on it, IAM refuses what would change or delete it.
    const untagged = await iam.replay([
      {
        service: 'cloudformation',
        operation: 'DeleteStack',
        input: { StackName: STACK, RoleARN: `arn:aws:iam::${account}:role/stackset-lite-cloudformation` },
        region,
        session: { accountId: account, roleArn: `arn:aws:iam::${account}:role/stackset-lite-deploy` },
        stackTags: {},
      },
      {
        service: 'cloudformation',
        operation: 'ExecuteChangeSet',
        input: { StackName: STACK, ChangeSetName: 'stackset-lite-0123456789abcdef' },
        region,
        session: { accountId: account, roleArn: `arn:aws:iam::${account}:role/stackset-lite-deploy` },
        stackTags: {},
      },
    ]);
    expect(untagged.filter((r) => r.request.action !== 'iam:PassRole').map((r) => r.decision)).toEqual([
      'ImplicitlyDenied',
      'ImplicitlyDenied',
    ]);
  });

  it('refuses to touch a stack another tool created under the prefix', async () => {
    estate.cloudFormation.putStack({
      accountId: account,
      region,
      stackName: STACK,
      status: 'ROLLBACK_COMPLETE',
      tags: { ManagedBy: 'terraform' },
    });
    await deploy()(event());
    // deployStack may refuse by itself; whatever write it attempts, IAM must refuse too.
    const allowedWrites = (await decisions()).filter(
      (r) =>
        r.call.startsWith('cloudformation:') && !/:(Describe|List)/.test(r.call) && r.decision === 'Allowed',
    );
    expect(allowedWrites).toEqual([]);
  });
});
