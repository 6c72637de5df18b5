/**
 * The machine and the least-privilege roles fit together: simulated rollouts run the real machine
 * with the real task handlers against the simulated estate, which records every AWS call; each call
 * is replayed through iam-simulate against the roles as shipped — the deploy role and its trust in
 * each target account, the target-lister role in the management account, the template bucket's
 * policy, and the orchestrator Lambda role of the SAM template `build` writes.
 */
import {
  IamReplay,
  loadTemplate,
  parseTemplate,
  type RecordedAwsCall,
  type ReplayedRequest,
  rolePolicies,
} from '@stackset-lite/tasks/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { samTemplate } from '../src/build/sam-template.js';
import type { RolloutInputDocument } from '../src/input/rollout-input.js';
import { stacksetMachine } from '../src/machine/stackset-machine.js';
import {
  SIMULATED_INSTALLATION as INSTALLATION,
  type SimulationResult,
  simulateRollout,
} from '../src/simulate/simulated-rollout.js';

const STACK = 'stackset-lite-bucket';
const REGIONS = ['eu-west-1', 'us-east-1'];
/** Every target at once, two failures tolerated per region: the failed create does not stop the run. */
const PREFERENCES: RolloutInputDocument['preferences'] = {
  regionConcurrency: 'PARALLEL',
  maxConcurrentCount: 8,
  failureToleranceCount: 2,
  concurrencyMode: 'SOFT',
};

/** A Lambda role as the SAM template declares it, deployed as the simulation pretends. */
function samRole(organizationId: string, logicalId: 'OrchestratorRole' | 'WorkflowTasksRole') {
  const sam = parseTemplate(JSON.stringify(samTemplate(stacksetMachine())));
  return rolePolicies(sam, logicalId, {
    parameters: {
      OrganizationId: organizationId,
      ManagementRoleArn: INSTALLATION.managementRoleArn,
      ExternalId: INSTALLATION.externalId,
      TemplateBucketName: INSTALLATION.templateBucket,
    },
    accountId: INSTALLATION.orchestratorAccountId,
    region: INSTALLATION.region,
    stackName: 'stackset-lite',
    // The names the simulation uses for what the SAM stack creates with generated names.
    physicalNames: { WorkBucket: INSTALLATION.workBucket, NotificationTopic: 'stackset-lite' },
  });
}

/** The shipped templates deployed with the simulated installation's values and their defaults. */
function iamFor(result: SimulationResult): IamReplay {
  const organizationId = result.estate.organization.id;
  return new IamReplay({
    orchestratorAccountId: INSTALLATION.orchestratorAccountId,
    organizationId,
    externalId: INSTALLATION.externalId,
    templateBucket: INSTALLATION.templateBucket,
    region: INSTALLATION.region,
    orchestratorRole: samRole(organizationId, 'OrchestratorRole'),
    workflowTasksRole: samRole(organizationId, 'WorkflowTasksRole'),
  });
}

const describeRequest = (r: ReplayedRequest) =>
  `${r.request.action} on ${r.request.resource} (${r.call.service}:${r.call.operation}${
    r.call.session ? ` as ${r.call.session.roleArn}` : ''
  }): ${r.decision}`;

const statusOf = (result: SimulationResult, account: string, region: string) =>
  result.report?.targets.find((t) => t.account === account && t.region === region)?.status;

describe('every AWS call of a rollout, replayed against the shipped roles', () => {
  let calls: RecordedAwsCall[] = [];
  let deployed: SimulationResult;
  let redeployed: SimulationResult;
  let deleted: SimulationResult;
  let replayed: ReplayedRequest[];
  let iam: IamReplay;

  beforeAll(async () => {
    deployed = await simulateRollout({
      accounts: 4,
      regions: REGIONS,
      input: { preferences: PREFERENCES },
      setup: (estate, accounts) => {
        calls = estate.recordCalls();
        // A create that fails (pollStack reads the root cause), a stack another run left in
        // ROLLBACK_COMPLETE (deleted and created again) and one in UPDATE_ROLLBACK_FAILED (continued).
        estate.faults.failCreate({ accountId: accounts[0]!, region: 'eu-west-1' }, { times: 1 });
        estate.cloudFormation.putStack({
          accountId: accounts[1]!,
          region: 'eu-west-1',
          stackName: STACK,
          status: 'ROLLBACK_COMPLETE',
        });
        estate.cloudFormation.putStack({
          accountId: accounts[2]!,
          region: 'us-east-1',
          stackName: STACK,
          status: 'UPDATE_ROLLBACK_FAILED',
          templateUrl: `https://${INSTALLATION.templateBucket}.s3.amazonaws.com/old.yaml`,
        });
        // A first deployment an earlier stackset-lite began with a CREATE change set that never ran: the
        // stack sits untagged in REVIEW_IN_PROGRESS (AWS-recorded) and is taken over by CreateStack.
        estate.cloudFormation.createChangeSet(accounts[3]!, 'us-east-1', {
          StackName: STACK,
          ChangeSetName: 'stackset-lite-0000000000000000000000000000beef',
          ChangeSetType: 'CREATE',
          TemplateURL: `https://${INSTALLATION.templateBucket}.s3.amazonaws.com/bucket.yaml`,
          Tags: [{ Key: 'ManagedBy', Value: 'stackset-lite' }],
        });
      },
    });
    // The same operation again: the failed create left ROLLBACK_COMPLETE, recreated now; the rest
    // has nothing to change. Then DELETE everything.
    redeployed = await simulateRollout({
      estate: deployed.estate,
      executionName: 'rollout-again',
      input: { preferences: PREFERENCES },
    });
    deleted = await simulateRollout({
      estate: deployed.estate,
      executionName: 'rollout-delete',
      input: { operation: 'DELETE', template: undefined, preferences: PREFERENCES },
    });
    iam = iamFor(deployed);
    replayed = await iam.replay(calls);
  });

  it('the rollouts did what the scenario says', () => {
    const [failing, rolledBack, updateRollbackFailed] = deployed.accounts;
    expect(statusOf(deployed, failing!, 'eu-west-1')).toBe('FAILED');
    expect(statusOf(deployed, rolledBack!, 'eu-west-1')).toBe('SUCCEEDED');
    expect(statusOf(deployed, updateRollbackFailed!, 'us-east-1')).toBe('SUCCEEDED');
    expect(deployed.report?.summary).toMatchObject({ SUCCEEDED: 7, FAILED: 1 });
    expect(statusOf(redeployed, failing!, 'eu-west-1')).toBe('SUCCEEDED');
    expect(redeployed.report?.summary).toMatchObject({ SUCCEEDED: 1, NO_CHANGES: 7 });
    expect(deleted.report?.summary).toMatchObject({ SUCCEEDED: 8 });
    expect(
      [...deleted.estate.cloudFormation.allStacks()].filter((s) => s.status !== 'DELETE_COMPLETE'),
    ).toEqual([]);
  });

  it('replays every recorded call, covering each kind of call the handlers make', () => {
    expect(
      calls.filter((call) => !iam.needsNoPermission(call) && iam.requestsFor(call).length === 0),
    ).toEqual([]);
    const actions = new Set(replayed.map((r) => r.request.action));
    for (const action of [
      'sts:AssumeRole',
      'organizations:ListChildren',
      'cloudformation:DescribeStacks',
      'cloudformation:CreateStack',
      'cloudformation:TagResource',
      'cloudformation:ListChangeSets',
      'cloudformation:CreateChangeSet',
      'cloudformation:DescribeChangeSet',
      'cloudformation:ExecuteChangeSet',
      'cloudformation:DescribeStackEvents',
      'cloudformation:DeleteStack',
      'cloudformation:ContinueUpdateRollback',
      'cloudformation:ValidateTemplate',
      'iam:PassRole',
      's3:GetObject',
      's3:PutObject',
      'sns:Publish',
    ]) {
      expect(actions, `the scenario should exercise ${action}`).toContain(action);
    }
    // AssumeRole into every target account and the management account.
    const assumed = new Set(
      replayed.filter((r) => r.request.action === 'sts:AssumeRole').map((r) => r.request.resource),
    );
    expect(assumed).toEqual(
      new Set([
        INSTALLATION.managementRoleArn,
        ...deployed.accounts.map((a) => `arn:aws:iam::${a}:role/${INSTALLATION.deployRoleName}`),
      ]),
    );
  });

  it('every call is allowed', () => {
    expect(replayed.filter((r) => r.decision !== 'Allowed').map(describeRequest)).toEqual([]);
  });

  it('negative control: the same calls without the service role (what the machine sent before) are denied', async () => {
    const withoutServiceRole = calls.map((call) => {
      const { RoleARN: _dropped, ...input } = call.input;
      return { ...call, input };
    });
    const changeSets = (await iam.replay(withoutServiceRole)).filter(
      (r) =>
        r.request.action === 'cloudformation:CreateChangeSet' ||
        r.request.action === 'cloudformation:CreateStack',
    );
    expect(changeSets.length).toBeGreaterThan(0);
    expect(changeSets.filter((r) => r.decision === 'Allowed').map(describeRequest)).toEqual([]);
  });
});

describe('negative controls: rollouts the shipped roles refuse', () => {
  it('a service role the deploy role may not pass: every CreateStack and PassRole is denied', async () => {
    let calls: RecordedAwsCall[] = [];
    const result = await simulateRollout({
      accounts: 2,
      regions: ['eu-west-1'],
      input: { serviceRoleName: 'OrganizationAccountAccessRole', preferences: PREFERENCES },
      setup: (estate) => {
        calls = estate.recordCalls();
      },
    });
    const replayed = await iamFor(result).replay(calls);
    const refused = (action: string) => {
      const matching = replayed.filter((r) => r.request.action === action);
      expect(matching.length, `${action} should have been called`).toBeGreaterThan(0);
      return matching.filter((r) => r.decision === 'Allowed').map(describeRequest);
    };
    expect(refused('cloudformation:CreateStack')).toEqual([]);
    expect(refused('iam:PassRole')).toEqual([]);
  });

  it('an installation whose StackNamePrefix differs from the roles: every stack call is denied', async () => {
    let calls: RecordedAwsCall[] = [];
    const result = await simulateRollout({
      accounts: 2,
      regions: ['eu-west-1'],
      installation: { stackNamePrefix: '' },
      input: { stackName: 'Bucket', preferences: PREFERENCES },
      setup: (estate) => {
        calls = estate.recordCalls();
      },
    });
    // Calls on the target accounts' stacks (not planRollout's ValidateTemplate in the orchestrator account).
    const stackCalls = (await iamFor(result).replay(calls)).filter(
      (r) => r.request.action.startsWith('cloudformation:') && r.call.session !== undefined,
    );
    expect(stackCalls.length).toBeGreaterThan(0);
    expect(stackCalls.filter((r) => r.decision === 'Allowed').map(describeRequest)).toEqual([]);
  });

  it('with the default installation that stack name is rejected before any account is touched', async () => {
    let calls: RecordedAwsCall[] = [];
    const result = await simulateRollout({
      accounts: 2,
      regions: ['eu-west-1'],
      input: { stackName: 'Bucket' },
      setup: (estate) => {
        calls = estate.recordCalls();
      },
    });
    expect(result.execution.error).toBe('InvalidInput');
    // The Fail state passes on the Lambda error's Cause: its error payload JSON, as on AWS.
    const payload = JSON.parse(result.execution.cause ?? '{}') as { errorMessage?: string };
    expect(payload.errorMessage).toContain('/stackName: must start with "stackset-lite-"');
    expect(calls).toEqual([]);
  });
});

describe('the SAM template and the role templates agree', () => {
  it('on the role names, service role and stack-name prefix (defaults and patterns)', () => {
    const sam = samTemplate(stacksetMachine()) as {
      Parameters: Record<string, { Default?: string; AllowedPattern?: string }>;
    };
    const roles = loadTemplate('target-account-roles.yaml').Parameters as Record<
      string,
      { Default?: string; AllowedPattern?: string }
    >;
    for (const name of [
      'DeployRoleName',
      'ServiceRoleName',
      'StackNamePrefix',
      'OrchestratorRoleName',
      'TemplateBucketName',
    ]) {
      expect(sam.Parameters[name]?.Default, name).toBe(roles[name]?.Default);
      if (sam.Parameters[name]?.AllowedPattern) {
        expect(sam.Parameters[name]?.AllowedPattern, name).toBe(roles[name]?.AllowedPattern);
      }
    }
    expect(INSTALLATION.serviceRoleName).toBe(roles.ServiceRoleName?.Default);
    expect(INSTALLATION.stackNamePrefix).toBe(roles.StackNamePrefix?.Default);
  });
});
