import { describe, expect, it } from 'vitest';
import type { StageMode } from '../src/machine/stage-mode.js';
import type { StatusCounts } from '../src/report/rollout-summary.js';
import {
  type SimulationResult,
  type StageProgress,
  simulateRollout,
} from '../src/simulate/simulated-rollout.js';

/** The stage mode these scenarios run in (the machine AWS runs). */
const MODE: StageMode = 'DISTRIBUTED';
const REGIONS = ['eu-west-1', 'us-east-1'];

/** Nothing lost: every target exactly once with a final status, counts add up, one notification. */
function expectNothingLost(
  result: SimulationResult,
  accounts: readonly string[],
  regions = REGIONS,
): StatusCounts {
  const report = result.report;
  expect(report, `no report (execution ${result.execution.status}: ${result.execution.cause})`).toBeDefined();
  if (!report) throw new Error('unreachable');
  const keys = report.targets.map((t) => `${t.account}/${t.region}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(new Set(keys)).toEqual(new Set(accounts.flatMap((a) => regions.map((r) => `${a}/${r}`))));
  const total = Object.values(report.summary).reduce((a, b) => a + b, 0);
  expect(total).toBe(report.targets.length);
  expect(result.notifications).toHaveLength(1);
  return report.summary;
}

function statusOf(result: SimulationResult, account: string, region: string) {
  return result.report?.targets.find((t) => t.account === account && t.region === region);
}

const counts = (c: Partial<StatusCounts>): StatusCounts => ({
  SUCCEEDED: 0,
  NO_CHANGES: 0,
  FAILED: 0,
  SKIPPED: 0,
  CANCELLED: 0,
  ...c,
});

describe(`StackSets-lite end to end on asl-local (${MODE} stages)`, () => {
  it('happy path: every target deployed, suspended account skipped, one notification', async () => {
    const result = await simulateRollout({ accounts: 12, suspendedAccounts: 1, stageMode: MODE });
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(expectNothingLost(result, result.accounts)).toEqual(counts({ SUCCEEDED: 24, SKIPPED: 2 }));
    const stack = result.estate.cloudFormation.stack(
      result.accounts[0]!,
      'eu-west-1',
      'stackset-lite-bucket',
    );
    expect(stack?.status).toBe('CREATE_COMPLETE');
    expect(result.notifications[0]?.topicArn).toBe('arn:aws:sns:us-east-1:111111111111:stackset-lite');
  });

  it('no changes: running the same operation again reports NO_CHANGES and redeploys nothing', async () => {
    const first = await simulateRollout({ accounts: 4, stageMode: MODE });
    expect(expectNothingLost(first, first.accounts)).toEqual(counts({ SUCCEEDED: 8 }));
    const executes = first.estate.calls.get('cloudformation:ExecuteChangeSet') ?? 0;
    const again = await simulateRollout({ estate: first.estate, executionName: 'rerun', stageMode: MODE });
    expect(again.execution.status).toBe('SUCCEEDED');
    expect(again.report?.summary).toEqual(counts({ NO_CHANGES: 8 }));
    expect(again.notifications).toHaveLength(2);
    expect(again.estate.calls.get('cloudformation:ExecuteChangeSet') ?? 0).toBe(executes);
  });

  it('failure tolerance: a failure past the tolerance stops later waves and cancels the rest', async () => {
    const stages: StageProgress[] = [];
    const result = await simulateRollout({
      accounts: 10,
      stageMode: MODE,
      input: {
        preferences: {
          regionConcurrency: 'PARALLEL',
          maxConcurrentCount: 2,
          failureToleranceCount: 0,
          waves: [2, '100%'],
        },
      },
      setup: (estate, accounts) => estate.faults.failCreate({ accountId: accounts[1]! }),
      onStage: (p) => stages.push(p),
    });
    expect(result.execution.status).toBe('FAILED');
    expect(result.execution.error).toBe('FailureToleranceExceeded');
    expect(result.execution.cause).toMatch(/passed its failure tolerance: 1 failed, 0 tolerated/);
    const summary = expectNothingLost(result, result.accounts);
    expect(summary).toEqual(counts({ SUCCEEDED: 2, FAILED: 2, CANCELLED: 16 }));
    // STRICT with no tolerance: one target per region at a time, so the stop comes right after the
    // round that failed (accounts[0], then accounts[1]); nothing else starts.
    expect(stages.map((s) => s.round)).toEqual([
      { offset: 0, count: 2 },
      { offset: 2, count: 2 },
    ]);
    const failed = statusOf(result, result.accounts[1]!, 'eu-west-1');
    expect(failed?.status).toBe('FAILED');
    expect(failed?.rootCause).toMatch(/^Bucket \(AWS::S3::Bucket\): /);
    expect(statusOf(result, result.accounts[9]!, 'us-east-1')?.reason).toMatch(/^cancelled: /);
    // Nothing was deployed in the cancelled accounts.
    expect(
      result.estate.cloudFormation.stack(result.accounts[9]!, 'us-east-1', 'stackset-lite-bucket'),
    ).toBeUndefined();
  });

  it('STRICT concurrency starts at tolerance + 1 and drops with failures; SOFT stays at maxConcurrent', async () => {
    const run = async (concurrencyMode: 'STRICT' | 'SOFT') => {
      const stages: StageProgress[] = [];
      const result = await simulateRollout({
        accounts: 12,
        regions: ['eu-west-1'],
        stageMode: MODE,
        input: {
          preferences: {
            maxConcurrentCount: 6,
            failureToleranceCount: 2,
            concurrencyMode,
            waves: [4, 8, '100%'],
          },
        },
        setup: (estate, accounts) => estate.faults.failCreate({ accountId: accounts[0]! }),
        onStage: (p) => stages.push(p),
      });
      expectNothingLost(result, result.accounts, ['eu-west-1']);
      return { result, concurrency: stages.map((s) => s.maxConcurrency) };
    };
    const strict = await run('STRICT');
    const soft = await run('SOFT');
    // STRICT: rounds of min(6, 2 + 1) = 3, then 1 (the stage's last target); after the failure, 2 at a time.
    expect(strict.concurrency).toEqual([3, 1, 2, 2, 2, 2]);
    expect(soft.concurrency).toEqual([4, 4, 4]);
    expect(strict.result.execution.status).toBe('SUCCEEDED');
    expect(strict.result.report?.summary).toEqual(counts({ SUCCEEDED: 11, FAILED: 1 }));
  });

  it('SEQUENTIAL regions: a failure in the first region cancels the next; PARALLEL deploys both at once', async () => {
    const scenario = (regionConcurrency: 'SEQUENTIAL' | 'PARALLEL') => {
      const stages: StageProgress[] = [];
      return {
        stages,
        run: simulateRollout({
          accounts: 4,
          stageMode: MODE,
          input: { preferences: { regionConcurrency, maxConcurrentCount: 4, concurrencyMode: 'SOFT' } },
          setup: (estate, accounts) =>
            estate.faults.failCreate({ accountId: accounts[0]!, region: 'eu-west-1' }),
          onStage: (p) => stages.push(p),
        }),
      };
    };
    const sequential = scenario('SEQUENTIAL');
    const seq = await sequential.run;
    expect(sequential.stages.map((s) => s.regions)).toEqual([['eu-west-1']]);
    expect(expectNothingLost(seq, seq.accounts)).toEqual(counts({ SUCCEEDED: 3, FAILED: 1, CANCELLED: 4 }));
    const parallel = scenario('PARALLEL');
    const par = await parallel.run;
    expect(parallel.stages.map((s) => s.regions)).toEqual([REGIONS]);
    expect(expectNothingLost(par, par.accounts)).toEqual(counts({ SUCCEEDED: 7, FAILED: 1 }));
  });

  it('parameters reach every stack, with per-account overrides where given', async () => {
    let overridden = '';
    const result = await simulateRollout({
      accounts: 3,
      regions: ['eu-west-1'],
      stageMode: MODE,
      setup: (_estate, accounts) => {
        overridden = accounts[1]!;
      },
      input: {
        parameters: { BucketPurpose: 'logs', RetentionDays: '90' },
        // The scenario's accounts are known only in setup; the simulated org numbers them from 200000000000.
        parameterOverrides: { '200000000001': { RetentionDays: '365' } },
      },
    });
    expect(expectNothingLost(result, result.accounts, ['eu-west-1'])).toEqual(counts({ SUCCEEDED: 3 }));
    const params = (account: string) =>
      Object.fromEntries(
        (
          result.estate.cloudFormation.stack(account, 'eu-west-1', 'stackset-lite-bucket')?.spec.parameters ??
          []
        ).map((p) => [p.ParameterKey, p.ParameterValue]),
      );
    expect(overridden).toBe('200000000001');
    expect(params(result.accounts[0]!)).toEqual({ BucketPurpose: 'logs', RetentionDays: '90' });
    expect(params(overridden)).toEqual({ BucketPurpose: 'logs', RetentionDays: '365' });
  });

  it('an organization with no member account: nothing to deploy, still one report and one notification', async () => {
    const result = await simulateRollout({ accounts: 0, stageMode: MODE });
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(expectNothingLost(result, [])).toEqual(counts({}));
  });

  it('suspended and closed accounts are SKIPPED with the reason, never touched', async () => {
    const result = await simulateRollout({
      accounts: 3,
      suspendedAccounts: 1,
      closedAccounts: 1,
      stageMode: MODE,
    });
    expect(expectNothingLost(result, result.accounts)).toEqual(counts({ SUCCEEDED: 6, SKIPPED: 4 }));
    expect(statusOf(result, result.accounts[3]!, 'eu-west-1')?.reason).toMatch(/SUSPENDED/);
    expect(statusOf(result, result.accounts[4]!, 'us-east-1')?.reason).toMatch(/CLOSED/);
    expect(
      result.estate.cloudFormation.stack(result.accounts[3]!, 'eu-west-1', 'stackset-lite-bucket'),
    ).toBeUndefined();
  });

  it('AssumeRole denied: those accounts FAIL with the AccessDenied reason, the rest deploy', async () => {
    const result = await simulateRollout({
      accounts: 6,
      stageMode: MODE,
      input: {
        preferences: { maxConcurrentCount: 6, failureToleranceCount: 3, regionConcurrency: 'PARALLEL' },
      },
      setup: (estate, accounts) => estate.faults.denyAssumeRole(accounts[2]!),
    });
    expect(expectNothingLost(result, result.accounts)).toEqual(counts({ SUCCEEDED: 10, FAILED: 2 }));
    expect(statusOf(result, result.accounts[2]!, 'eu-west-1')?.reason).toMatch(
      /not authorized to perform: sts:AssumeRole/,
    );
    expect(result.execution.status).toBe('SUCCEEDED');
  });

  it('throttling storm: CloudFormation throttles 40 calls; Retry backs off and every target deploys', async () => {
    const result = await simulateRollout({
      accounts: 8,
      stageMode: MODE,
      input: {
        preferences: {
          maxConcurrentCount: 8,
          regionConcurrency: 'PARALLEL',
          concurrencyMode: 'SOFT',
          waves: ['100%'],
        },
      },
      // 40 throttled calls in the target accounts (CloudFormation's rate is per account and region;
      // the orchestrator's own ValidateTemplate is not part of the storm).
      setup: (estate, accounts) => {
        for (const accountId of accounts)
          estate.faults.throttle({ service: 'cloudformation', accountId, times: 5 });
      },
    });
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(expectNothingLost(result, result.accounts)).toEqual(counts({ SUCCEEDED: 16 }));
  });

  it('a stack left in ROLLBACK_COMPLETE is deleted and created again', async () => {
    const result = await simulateRollout({
      accounts: 2,
      stageMode: MODE,
      setup: (estate, accounts) =>
        estate.cloudFormation.putStack({
          accountId: accounts[0]!,
          region: 'eu-west-1',
          stackName: 'stackset-lite-bucket',
          status: 'ROLLBACK_COMPLETE',
        }),
    });
    expect(expectNothingLost(result, result.accounts)).toEqual(counts({ SUCCEEDED: 4 }));
    const stack = result.estate.cloudFormation.stack(
      result.accounts[0]!,
      'eu-west-1',
      'stackset-lite-bucket',
    );
    expect(stack?.status).toBe('CREATE_COMPLETE');
  });

  it('a stack in UPDATE_ROLLBACK_FAILED has its rollback continued, then is updated', async () => {
    const result = await simulateRollout({
      accounts: 2,
      stageMode: MODE,
      setup: (estate, accounts) =>
        estate.cloudFormation.putStack({
          accountId: accounts[1]!,
          region: 'us-east-1',
          stackName: 'stackset-lite-bucket',
          status: 'UPDATE_ROLLBACK_FAILED',
          templateUrl: 'https://stackset-lite-templates.s3.amazonaws.com/old.yaml',
        }),
    });
    expect(expectNothingLost(result, result.accounts)).toEqual(counts({ SUCCEEDED: 4 }));
    const stack = result.estate.cloudFormation.stack(
      result.accounts[1]!,
      'us-east-1',
      'stackset-lite-bucket',
    );
    expect(stack?.status).toBe('UPDATE_COMPLETE');
  });

  const existingStacks = (estate: SimulationResult['estate'], accounts: string[]) => {
    for (const accountId of accounts) {
      for (const region of REGIONS) {
        estate.cloudFormation.putStack({
          accountId,
          region,
          stackName: 'stackset-lite-bucket',
          status: 'CREATE_COMPLETE',
        });
      }
    }
  };

  it('DELETE removes the stacks', async () => {
    const result = await simulateRollout({
      accounts: 3,
      stageMode: MODE,
      input: { operation: 'DELETE', template: undefined },
      setup: existingStacks,
    });
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(expectNothingLost(result, result.accounts)).toEqual(counts({ SUCCEEDED: 6 }));
    expect(
      result.estate.cloudFormation.stack(result.accounts[0]!, 'eu-west-1', 'stackset-lite-bucket'),
    ).toBeUndefined();
  });

  it('DELETE with retainStacks keeps every stack and touches no account', async () => {
    const result = await simulateRollout({
      accounts: 3,
      stageMode: MODE,
      input: { operation: 'DELETE', retainStacks: true, template: undefined },
      setup: existingStacks,
    });
    expect(expectNothingLost(result, result.accounts)).toEqual(counts({ SUCCEEDED: 6 }));
    expect(result.report?.targets[0]?.reason).toMatch(/retained/);
    expect(
      result.estate.cloudFormation.stack(result.accounts[0]!, 'eu-west-1', 'stackset-lite-bucket')?.status,
    ).toBe('CREATE_COMPLETE');
    expect(result.estate.calls.get('sts:AssumeRole') ?? 0).toBeLessThanOrEqual(1);
  });

  it('invalid input is rejected before anything is deployed, naming each bad field', async () => {
    const result = await simulateRollout({
      accounts: 3,
      stageMode: MODE,
      rawInput: {
        stackName: 'bad name!',
        targets: { accounts: ['123'], regions: [] },
        preferences: { maxConcurrentCount: 0 },
      },
    });
    expect(result.execution.status).toBe('FAILED');
    expect(result.execution.error).toBe('InvalidInput');
    for (const field of [
      '/stackName',
      '/targets/accounts/0',
      '/targets/regions',
      '/preferences/maxConcurrentCount',
      '/template',
    ]) {
      expect(result.execution.cause).toContain(field);
    }
    expect(result.report).toBeUndefined();
    expect([...result.estate.calls.keys()].filter((k) => !k.startsWith('s3:'))).toEqual([]);
    expect([...result.estate.cloudFormation.allStacks()]).toHaveLength(0);
    expect(result.notifications).toHaveLength(0);
  });

  it('the INLINE variant (for Step Functions Local) gives the same results as the DISTRIBUTED machine', async () => {
    const scenario = {
      accounts: 6,
      suspendedAccounts: 1,
      setup: (estate: SimulationResult['estate'], accounts: string[]) =>
        estate.faults.failCreate({ accountId: accounts[4]!, region: 'us-east-1' }),
      input: {
        preferences: { maxConcurrentCount: 3, failureToleranceCount: 1, concurrencyMode: 'SOFT' as const },
      },
    };
    const inline = await simulateRollout({ ...scenario, stageMode: 'INLINE' });
    const distributed = await simulateRollout({ ...scenario, stageMode: 'DISTRIBUTED' });
    expect(expectNothingLost(inline, inline.accounts)).toEqual(
      counts({ SUCCEEDED: 11, FAILED: 1, SKIPPED: 2 }),
    );
    expect(inline.report?.targets).toEqual(distributed.report?.targets);
    expect(inline.execution.childExecutions).toBe(0);
    expect(distributed.execution.childExecutions).toBe(12);
  });
});

describe('a child execution that fails outright', () => {
  it('is one FAILED target: the Map Run tolerates it and the stacks that deployed are SUCCEEDED', async () => {
    const result = await simulateRollout({
      accounts: 4,
      regions: ['eu-west-1'],
      input: {
        preferences: {
          maxConcurrentCount: 4,
          failureToleranceCount: 1,
          concurrencyMode: 'SOFT',
          waves: ['100%'],
        },
      },
      setup: (estate, accounts) => {
        // An answer larger than Step Functions' 256 KiB payload limit: States.DataLimitExceeded, which
        // no Catch (not even States.ALL) handles, fails that child execution.
        estate.faults.failCall({
          service: 'cloudformation',
          operation: 'CreateStack',
          accountId: accounts[1]!,
          error: { name: 'ValidationError', message: `Template format error: ${'x'.repeat(300_000)}` },
        });
      },
    });
    const summary = expectNothingLost(result, result.accounts, ['eu-west-1']);
    expect(summary).toEqual(counts({ SUCCEEDED: 3, FAILED: 1 }));
    const broken = statusOf(result, result.accounts[1]!, 'eu-west-1');
    expect(broken?.reason).toMatch(/States\.DataLimitExceeded/);
    for (const account of [result.accounts[0]!, result.accounts[2]!, result.accounts[3]!]) {
      expect(statusOf(result, account, 'eu-west-1')?.status).toBe('SUCCEEDED');
      expect(result.estate.cloudFormation.stack(account, 'eu-west-1', 'stackset-lite-bucket')?.status).toBe(
        'CREATE_COMPLETE',
      );
    }
  });
});

describe('the one notification', () => {
  it('a topic other than the installation’s is refused before anything is deployed, naming the field', async () => {
    const result = await simulateRollout({
      accounts: 2,
      input: { notificationTopicArn: 'arn:aws:sns:us-east-1:999999999999:someone-elses' },
    });
    expect(result.execution).toMatchObject({ status: 'FAILED', error: 'InvalidInput' });
    expect(result.execution.cause).toMatch(/\/notificationTopicArn: must be this installation's own topic/);
    expect([...result.estate.cloudFormation.allStacks()]).toHaveLength(0);
  });

  it('a notification that cannot be sent is not swallowed: the run ends FAILED, naming the outcome and the report', async () => {
    const result = await simulateRollout({
      accounts: 2,
      regions: ['eu-west-1'],
      setup: (estate) =>
        estate.faults.failCall({
          service: 'sns',
          operation: 'Publish',
          error: { name: 'AuthorizationError', message: 'not authorized to perform: SNS:Publish' },
        }),
    });
    expect(result.report?.summary.SUCCEEDED).toBe(2);
    expect(result.notifications).toHaveLength(0);
    expect(result.execution).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    expect(result.execution.cause).toMatch(
      /^the rollout ended SUCCEEDED \(report s3:\/\/stackset-lite-work\/runs\/.+\/report\.json\), but its notification failed: AuthorizationError/,
    );
  });
});

describe('opt-in regions (STS needs the region enabled in both accounts: IAM user guide, id_credentials_temp_enable-regions)', () => {
  it('a region the orchestrator’s account has not enabled is refused before anything is deployed, naming it', async () => {
    const result = await simulateRollout({ accounts: 2, regions: ['eu-west-1', 'af-south-1'] });
    expect(result.execution).toMatchObject({ status: 'FAILED', error: 'InvalidInput' });
    expect(result.execution.cause).toMatch(
      /targets\.regions.*af-south-1 is an opt-in region not enabled in the orchestrator's account/,
    );
    expect([...result.estate.cloudFormation.allStacks()]).toHaveLength(0);
  });

  it('a target account that has not enabled it is one FAILED target saying so; the others deploy', async () => {
    const result = await simulateRollout({
      accounts: 2,
      regions: ['af-south-1'],
      input: { preferences: { failureToleranceCount: 1, maxConcurrentCount: 2, concurrencyMode: 'SOFT' } },
      setup: (estate, accounts) => {
        estate.enableRegion(estate.organization.managementAccountId, 'af-south-1');
        estate.enableRegion(accounts[0]!, 'af-south-1');
      },
    });
    expect(statusOf(result, result.accounts[0]!, 'af-south-1')?.status).toBe('SUCCEEDED');
    expect(statusOf(result, result.accounts[1]!, 'af-south-1')).toMatchObject({
      status: 'FAILED',
      reason: expect.stringMatching(/the region is not enabled in account \d{12}/),
    });
  });
});

describe('capabilities and transforms (CreateStack API reference, Capabilities)', () => {
  const ROLE_TEMPLATE =
    'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: audit\n      AssumeRolePolicyDocument: {}\n';
  const SERVERLESS_TEMPLATE =
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n';
  const withTemplate = (body: string) => (estate: SimulationResult['estate']) =>
    estate.s3.put('stackset-lite-templates', 'bucket.yaml', body);

  it('a template needing a capability the input does not give is refused before anything is deployed, naming /capabilities', async () => {
    const result = await simulateRollout({
      accounts: 3,
      input: { capabilities: ['CAPABILITY_IAM'] },
      setup: withTemplate(ROLE_TEMPLATE),
    });
    expect(result.execution).toMatchObject({ status: 'FAILED', error: 'InvalidInput' });
    expect(result.execution.cause).toMatch(
      /\/capabilities: the template needs CAPABILITY_NAMED_IAM \(The following resource\(s\) require capabilities: \[AWS::IAM::Role\]\)/,
    );
    expect([...result.estate.cloudFormation.allStacks()]).toHaveLength(0);
    expect(result.notifications).toHaveLength(0);
  });

  it('a throttled ValidateTemplate is retried by the machine (Throttled), not the run failed', async () => {
    const result = await simulateRollout({
      accounts: 2,
      setup: (estate) =>
        estate.faults.throttle({ service: 'cloudformation', operation: 'ValidateTemplate', times: 3 }),
    });
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(result.estate.calls.get('cloudformation:ValidateTemplate')).toBe(4);
  });

  it('given the capability, the same template deploys everywhere', async () => {
    const result = await simulateRollout({
      accounts: 3,
      input: { capabilities: ['CAPABILITY_NAMED_IAM'] },
      setup: withTemplate(ROLE_TEMPLATE),
    });
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(expectNothingLost(result, result.accounts)).toEqual(counts({ SUCCEEDED: 6 }));
  });

  it('a transform needs CAPABILITY_AUTO_EXPAND (first deployments are CreateStack); an account macro is refused, naming /template', async () => {
    const missing = await simulateRollout({ accounts: 2, setup: withTemplate(SERVERLESS_TEMPLATE) });
    expect(missing.execution.cause).toMatch(
      /\/capabilities: the template declares the transform AWS::Serverless-2016-10-31: add CAPABILITY_AUTO_EXPAND/,
    );
    expect([...missing.estate.cloudFormation.allStacks()]).toHaveLength(0);
    const macro = await simulateRollout({
      accounts: 2,
      input: { capabilities: ['CAPABILITY_AUTO_EXPAND'] },
      setup: withTemplate(SERVERLESS_TEMPLATE.replace('AWS::Serverless-2016-10-31', 'AcmeMacro')),
    });
    expect(macro.execution.cause).toMatch(/\/template: the template uses the macro AcmeMacro/);
    const given = await simulateRollout({
      accounts: 2,
      input: { capabilities: ['CAPABILITY_AUTO_EXPAND'] },
      setup: withTemplate(SERVERLESS_TEMPLATE),
    });
    expect(given.execution.status).toBe('SUCCEEDED');
    expect(given.report?.summary.SUCCEEDED).toBe(4);
  });
});

describe('waiting happens in Step Functions, never inside a Lambda', () => {
  it('change sets that take 3 minutes to compute: every update waits in Wait states and succeeds; no Lambda times out', async () => {
    const first = await simulateRollout({ accounts: 3, regions: ['eu-west-1'] });
    const update = await simulateRollout({
      estate: first.estate,
      regions: ['eu-west-1'],
      executionName: 'update',
      setup: (estate) => {
        // A new template, and CloudFormation taking 3 minutes over each change set (nested stacks,
        // transforms): past any Lambda's 60 s, had the wait been inside deployStack.
        estate.s3.put(
          'stackset-lite-templates',
          'bucket.yaml',
          'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n',
        );
        estate.cloudFormation.latencies.changeSet = 180_000;
      },
    });
    expect(update.execution.status).toBe('SUCCEEDED');
    expect(update.report?.summary.SUCCEEDED).toBe(3);
    expect(update.executionResult.lambda.timedOutInvocations).toBe(0);
    const stack = update.estate.cloudFormation.stack(
      update.accounts[0]!,
      'eu-west-1',
      'stackset-lite-bucket',
    );
    expect(stack?.status).toBe('UPDATE_COMPLETE');
    expect(
      (stack?.lastExecutedChangeSet?.readyAt ?? 0) - (stack?.lastExecutedChangeSet?.createdAt ?? 0),
    ).toBeGreaterThan(120_000);
  });
});

describe('the account’s Lambda concurrency', () => {
  it('calls beyond the limit are throttled (Lambda.TooManyRequestsException) and retried: every target deploys, none FAILED for it', async () => {
    const result = await simulateRollout({
      accounts: 30,
      regions: ['eu-west-1'],
      lambdaConcurrency: 4,
      input: { preferences: { maxConcurrentCount: 30, concurrencyMode: 'SOFT', waves: ['100%'] } },
    });
    expect(result.executionResult.lambda.throttledInvocations).toBeGreaterThan(0);
    expect(result.executionResult.lambda.peakConcurrentExecutions).toBeLessThanOrEqual(4);
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(expectNothingLost(result, result.accounts, ['eu-west-1'])).toEqual(counts({ SUCCEEDED: 30 }));
  });
});
