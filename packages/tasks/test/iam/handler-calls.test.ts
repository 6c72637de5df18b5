/**
 * The deploy role must let the real deployStack and pollStack handlers do their job, and nothing else.
 * The handlers run against the simulated estate; every CloudFormation call they make (plus the
 * iam:PassRole CloudFormation checks when a RoleARN is given) is replayed through iam-simulate
 * against the deploy role's policies as deployed in that target account.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { createDeployStackHandler, createPollStackHandler, createSilentLogger } from '@stackset-lite/tasks';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide, type IamRequest } from './simulate.js';
import { ESTATE, type RolePolicies, role } from './template-policies.js';

const region = 'eu-west-1';
const STACK = 'stackset-lite-baseline';
const TEMPLATE_URL = `https://${ESTATE.templateBucket}.s3.${region}.amazonaws.com/baseline/v1.yaml`;

interface RecordedCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** The stack's tags when the call was made (absent: no stack yet). */
  readonly stackTags: Record<string, string> | undefined;
}

let estate: SimulatedEstate;
let account: string;
let calls: RecordedCall[];
let restoreSend: () => void;

function tagsOf(name: unknown): Record<string, string> | undefined {
  const stack = estate.cloudFormation.stack(account, region, String(name));
  return stack ? Object.fromEntries(stack.spec.tags.map((t) => [t.Key ?? '', t.Value ?? ''])) : undefined;
}

beforeEach(() => {
  estate = new SimulatedEstate().install();
  account = estate.organization.addAccount().id;
  calls = [];
  // Observe every CloudFormation call on its way into the estate's mock.
  const prototype = CloudFormationClient.prototype as unknown as {
    send: (
      command: { constructor: { name: string }; input: Record<string, unknown> },
      ...rest: unknown[]
    ) => unknown;
  };
  const mocked = prototype.send;
  prototype.send = function (this: unknown, command, ...rest) {
    const input = command.input;
    calls.push({
      operation: command.constructor.name.replace(/Command$/, ''),
      input,
      stackTags: tagsOf(input.StackName),
    });
    return mocked.call(this, command, ...rest);
  };
  restoreSend = () => {
    prototype.send = mocked;
  };
});

afterEach(() => {
  restoreSend();
  estate.uninstall();
});

const logger = createSilentLogger();
const deploy = () => createDeployStackHandler({ logger, clock: estate.clock, sleep: async () => {} });
const poll = () => createPollStackHandler({ logger, clock: estate.clock });

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
    deployRole: { roleName: 'stackset-lite-deploy' },
  };
}

/** The IAM requests behind one recorded CloudFormation call. */
function iamRequests(call: RecordedCall, deployRole: RolePolicies): IamRequest[] {
  const stackName = String(call.input.StackName ?? STACK).replace(/^arn:.*:stack\/([^/]+)\/.*$/, '$1');
  const principal = `arn:aws:sts::${account}:assumed-role/stackset-lite-deploy/stackset-lite`;
  const base = {
    principal,
    resourceAccount: account,
    identity: deployRole.identity,
  };
  const context: Record<string, string | string[]> = { 'aws:PrincipalArn': deployRole.arn };
  const tagged = [
    'ExecuteChangeSet',
    'DeleteChangeSet',
    'DeleteStack',
    'ContinueUpdateRollback',
    'CancelUpdateStack',
  ];
  if (tagged.includes(call.operation) || call.operation === 'CreateChangeSet') {
    for (const [key, value] of Object.entries(call.stackTags ?? {}))
      context[`aws:ResourceTag/${key}`] = value;
  }
  const roleArn = call.input.RoleARN as string | undefined;
  if (call.operation === 'CreateChangeSet') {
    const tags = (call.input.Tags ?? []) as { Key: string; Value: string }[];
    for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    if (tags.length > 0) context['aws:TagKeys'] = tags.map((t) => t.Key);
    if (call.input.TemplateURL) context['cloudformation:TemplateUrl'] = String(call.input.TemplateURL);
  }
  if (roleArn && ['CreateChangeSet', 'DeleteStack', 'ContinueUpdateRollback'].includes(call.operation)) {
    context['cloudformation:RoleArn'] = roleArn;
  }
  const requests: IamRequest[] = [
    {
      ...base,
      action: `cloudformation:${call.operation}`,
      resource: `arn:aws:cloudformation:${region}:${account}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
      context,
    },
  ];
  if (roleArn) {
    requests.push({
      ...base,
      action: 'iam:PassRole',
      resource: roleArn,
      context: { 'aws:PrincipalArn': deployRole.arn, 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    });
  }
  return requests;
}

async function decisions(deployRole: RolePolicies) {
  const out: { call: string; decision: string }[] = [];
  for (const call of calls) {
    for (const request of iamRequests(call, deployRole)) {
      out.push({ call: `${request.action}`, decision: await decide(request) });
    }
  }
  return out;
}

describe('the deploy role against the real deployStack and pollStack handlers', () => {
  it('allows every call of a create, a no-change redeploy, an update and a delete', async () => {
    const deployRole = role('target-account-roles.yaml', 'DeployRole', account);
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
      deployRole: { roleName: 'stackset-lite-deploy' },
    });
    expect(await deploy()(event({ executionId: 'exec-2' }))).toMatchObject({ outcome: 'NO_CHANGES' });
    estate.virtualClock.advance(120_000);
    expect(await deploy()(event({ action: 'DELETE', executionId: 'exec-3' }))).toMatchObject({
      outcome: 'STARTED',
    });

    const results = await decisions(deployRole);
    const operations = new Set(results.map((r) => r.call));
    for (const op of [
      'CreateChangeSet',
      'DescribeChangeSet',
      'ExecuteChangeSet',
      'DescribeStacks',
      'DeleteStack',
    ]) {
      expect(operations, `the scenario should exercise ${op}`).toContain(`cloudformation:${op}`);
    }
    expect(operations).toContain('iam:PassRole');
    expect(results.filter((r) => r.decision !== 'Allowed')).toEqual([]);
  });

  it('allows the repairs: failed create (poll root cause, delete, recreate) and UPDATE_ROLLBACK_FAILED', async () => {
    const deployRole = role('target-account-roles.yaml', 'DeployRole', account);
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
      deployRole: { roleName: 'stackset-lite-deploy' },
    });
    expect(polled).toMatchObject({ progress: 'NEEDS_INTERVENTION', stackStatus: 'ROLLBACK_COMPLETE' });
    expect(polled.rootCause).toBeDefined();
    expect(await deploy()(event({ executionId: 'exec-2' }))).toMatchObject({ action: 'DELETE' });
    estate.virtualClock.advance(60_000);
    expect(await deploy()(event({ executionId: 'exec-2' }))).toMatchObject({ action: 'CREATE' });
    estate.virtualClock.advance(120_000);
    estate.faults.failUpdate({ accountId: account }, { rollback: 'UPDATE_ROLLBACK_FAILED', times: 1 });
    await deploy()({
      ...event({ executionId: 'exec-3' }),
      stack: { ...event().stack, parameters: { Env: 'dev' } },
    });
    estate.virtualClock.advance(120_000);
    expect(await deploy()(event({ executionId: 'exec-4' }))).toMatchObject({ action: 'CONTINUE_ROLLBACK' });

    const results = await decisions(deployRole);
    const operations = new Set(results.map((r) => r.call));
    for (const op of ['DescribeStackEvents', 'DeleteStack', 'ContinueUpdateRollback']) {
      expect(operations, `the scenario should exercise ${op}`).toContain(`cloudformation:${op}`);
    }
    expect(results.filter((r) => r.decision !== 'Allowed')).toEqual([]);
  });

  it('refuses change sets that run without the CloudFormation service role', async () => {
    const deployRole = role('target-account-roles.yaml', 'DeployRole', account);
    await deploy()(event({ serviceRole: false }));
    const results = await decisions(deployRole);
    expect(results.find((r) => r.call === 'cloudformation:CreateChangeSet')?.decision).toBe(
      'ImplicitlyDenied',
    );
  });

  it('refuses to touch a stack another tool created under the prefix', async () => {
    const deployRole = role('target-account-roles.yaml', 'DeployRole', account);
    estate.cloudFormation.putStack({
      accountId: account,
      region,
      stackName: STACK,
      status: 'ROLLBACK_COMPLETE',
      tags: { ManagedBy: 'terraform' },
    });
    await deploy()(event());
    // deployStack may refuse by itself; whatever write it attempts, IAM must refuse too.
    const allowedWrites = (await decisions(deployRole)).filter(
      (r) =>
        r.call.startsWith('cloudformation:') && !/:(Describe|List)/.test(r.call) && r.decision === 'Allowed',
    );
    expect(allowedWrites).toEqual([]);
  });
});
