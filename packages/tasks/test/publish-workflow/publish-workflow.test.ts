import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type PublishWorkflowDependencies,
  PublishWorkflowError,
  type PublishWorkflowErrorCode,
  publishWorkflow,
} from '../../src/publish-workflow/index.js';

const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);

const ASL = { StartAt: 'A', States: { A: { Type: 'Succeed' } } };
const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const EARLIER = new Date(T0 - 86_400_000);

let clock = T0;
let sleeps: number[] = [];

function deps(): PublishWorkflowDependencies {
  return {
    s3: new S3Client({ region: 'eu-west-1' }),
    cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  };
}

function stack(status: string, lastUpdated: Date | undefined = EARLIER, extra: Partial<Stack> = {}): Stack {
  return {
    StackName: 'orders-workflow',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/orders-workflow/1',
    StackStatus: status as Stack['StackStatus'],
    CreationTime: new Date(T0 - 10 * 86_400_000),
    ...(lastUpdated ? { LastUpdatedTime: lastUpdated } : {}),
    Capabilities: ['CAPABILITY_IAM'],
    Parameters: [
      { ParameterKey: 'S3Key', ParameterValue: 's3://workflows-bucket/workflows/orders-workflow/old.json' },
      { ParameterKey: 'SMResource', ParameterValue: 'StateMachine' },
      { ParameterKey: 'Environment', ParameterValue: 'prod' },
    ],
    ...extra,
  };
}

const machineChange = (replacement: 'True' | 'False' = 'False') => ({
  Type: 'Resource' as const,
  ResourceChange: {
    Action: 'Modify' as const,
    LogicalResourceId: 'StateMachine',
    ResourceType: 'AWS::StepFunctions::StateMachine',
    Replacement: replacement,
  },
});

function changeSet(status: string, extra: Partial<DescribeChangeSetCommandOutput> = {}) {
  return { Status: status, ExecutionStatus: 'AVAILABLE', ...extra } as DescribeChangeSetCommandOutput;
}

const options = {
  stackName: 'orders-workflow',
  definition: ASL,
  bucket: 'workflows-bucket',
  pollIntervalSeconds: 5,
};

async function rejection(promise: Promise<unknown>): Promise<PublishWorkflowError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishWorkflowError);
  return error as PublishWorkflowError;
}

async function expectCode(promise: Promise<unknown>, code: PublishWorkflowErrorCode, message: RegExp) {
  const error = await rejection(promise);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

function resetMocks(): void {
  cfn.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-id' });
  cfn.on(ExecuteChangeSetCommand).resolves({});
  cfn.on(DeleteChangeSetCommand).resolves({});
}

beforeEach(() => {
  resetMocks();
  clock = T0;
  sleeps = [];
});

describe('publishWorkflow', () => {
  it('uploads, creates a change set on S3Key only, executes it and waits for UPDATE_COMPLETE', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolvesOnce({ Stacks: [stack('UPDATE_IN_PROGRESS', new Date(T0 + 1000))] })
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', new Date(T0 + 1000))] })
      .resolves({ Stacks: [stack('UPDATE_COMPLETE', new Date(T0 + 1000))] });
    cfn
      .on(DescribeChangeSetCommand)
      .resolvesOnce(changeSet('CREATE_PENDING'))
      .resolvesOnce(changeSet('CREATE_IN_PROGRESS'))
      .resolves(changeSet('CREATE_COMPLETE', { Changes: [machineChange()] }));

    const progress: string[] = [];
    const result = await publishWorkflow(options, { ...deps(), onProgress: (m) => progress.push(m) });

    expect(result.outcome).toBe('UPDATED');
    expect(result.stackStatus).toBe('UPDATE_COMPLETE');
    expect(result.changes).toEqual([
      {
        logicalResourceId: 'StateMachine',
        resourceType: 'AWS::StepFunctions::StateMachine',
        action: 'Modify',
        replacement: 'False',
      },
    ]);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put?.Bucket).toBe('workflows-bucket');
    expect(put?.Key).toMatch(/^workflows\/orders-workflow\/[0-9a-f]{16}\.json$/);
    expect(JSON.parse(String(put?.Body))).toEqual(ASL);
    expect(put?.ContentType).toBe('application/json');
    expect(result.s3Uri).toBe(`s3://workflows-bucket/${put?.Key}`);

    const create = cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(create).toMatchObject({
      StackName: 'orders-workflow',
      ChangeSetType: 'UPDATE',
      UsePreviousTemplate: true,
      Parameters: [
        { ParameterKey: 'S3Key', ParameterValue: result.s3Uri },
        { ParameterKey: 'SMResource', UsePreviousValue: true },
        { ParameterKey: 'Environment', UsePreviousValue: true },
      ],
    });
    expect(create?.Capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']);
    expect(create?.ChangeSetName).toMatch(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/);
    expect(cfn.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input).toMatchObject({
      ChangeSetName: create?.ChangeSetName,
      ClientRequestToken: create?.ChangeSetName,
    });
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(0);
    expect(progress.at(-1)).toBe('stack orders-workflow is UPDATE_COMPLETE');
    expect(sleeps.every((ms) => ms === 5000)).toBe(true);
  });

  it('names identical content with the same key (content-addressed)', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    cfn
      .on(DescribeChangeSetCommand)
      .resolves(changeSet('FAILED', { StatusReason: "The submitted information didn't contain changes." }));
    const a = await publishWorkflow(options, deps());
    const b = await publishWorkflow({ ...options, definition: JSON.stringify(ASL) }, deps());
    expect(a.s3Uri).toBe(b.s3Uri);
    const c = await publishWorkflow({ ...options, definition: { ...ASL, Comment: 'v2' } }, deps());
    expect(c.s3Uri).not.toBe(a.s3Uri);
  });

  it('does not mistake the previous UPDATE_COMPLETE for the new update finishing', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      // Right after ExecuteChangeSet the stack can still show the old, settled status.
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolvesOnce({ Stacks: [stack('UPDATE_IN_PROGRESS', new Date(T0 + 1000))] })
      .resolves({ Stacks: [stack('UPDATE_ROLLBACK_COMPLETE', new Date(T0 + 1000))] });
    cfn.on(DescribeChangeSetCommand).resolves(changeSet('CREATE_COMPLETE', { Changes: [machineChange()] }));
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    await expectCode(
      publishWorkflow(options, deps()),
      'UPDATE_ROLLED_BACK',
      /ended UPDATE_ROLLBACK_COMPLETE/,
    );
  });

  it('treats an empty change set as "no changes", deletes it and does not execute', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    cfn.on(DescribeChangeSetCommand).resolves(
      changeSet('FAILED', {
        StatusReason:
          "The submitted information didn't contain changes. Submit different information to create a change set.",
      }),
    );
    const result = await publishWorkflow(options, deps());
    expect(result.outcome).toBe('NO_CHANGES');
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  it('still reports NO_CHANGES when deleting the empty change set fails', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    cfn
      .on(DescribeChangeSetCommand)
      .resolves(changeSet('FAILED', { StatusReason: 'No updates are to be performed.' }));
    cfn.on(DeleteChangeSetCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    const progress: string[] = [];
    const result = await publishWorkflow(options, { ...deps(), onProgress: (m) => progress.push(m) });
    expect(result.outcome).toBe('NO_CHANGES');
    expect(progress).toContainEqual(
      expect.stringMatching(/could not delete change set publish-workflow-.*: Rate exceeded/),
    );
  });

  it('accepts the "No updates are to be performed" wording too', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('CREATE_COMPLETE', undefined)] });
    cfn
      .on(DescribeChangeSetCommand)
      .resolves(changeSet('FAILED', { StatusReason: 'No updates are to be performed.' }));
    expect((await publishWorkflow(options, deps())).outcome).toBe('NO_CHANGES');
  });

  it('reports a failed change set with its reason (e.g. the macro refused the workflow)', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    cfn.on(DescribeChangeSetCommand).resolves(
      changeSet('FAILED', {
        StatusReason:
          'Transform 111111111111::StepFunctionWorkflowInjector failed with: bucket "x" is not allowed (allowed: workflows-bucket)',
      }),
    );
    await expectCode(
      publishWorkflow(options, deps()),
      'CHANGE_SET_FAILED',
      /failed: Transform .* bucket "x" is not allowed/,
    );
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('refuses a change set that does not touch the state machine', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    cfn.on(DescribeChangeSetCommand).resolves(
      changeSet('CREATE_COMPLETE', {
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: {
              Action: 'Modify',
              LogicalResourceId: 'StateMachineRole',
              ResourceType: 'AWS::IAM::Role',
            },
          },
        ],
      }),
    );
    await expectCode(
      publishWorkflow(options, deps()),
      'STATE_MACHINE_UNTOUCHED',
      /does not update state machine StateMachine \(it would: Modify StateMachineRole \(AWS::IAM::Role\)\); not executed/,
    );
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  it('refuses to replace the state machine unless allowed', async () => {
    const arrange = () => {
      resetMocks();
      cfn
        .on(DescribeStacksCommand)
        .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
        .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
        .resolves({ Stacks: [stack('UPDATE_COMPLETE', new Date(T0 + 1000))] });
      cfn
        .on(DescribeChangeSetCommand)
        .resolves(changeSet('CREATE_COMPLETE', { Changes: [machineChange('True')] }));
    };
    arrange();
    await expectCode(
      publishWorkflow(options, deps()),
      'STATE_MACHINE_REPLACEMENT',
      /would replace state machine StateMachine/,
    );
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    arrange();
    expect((await publishWorkflow({ ...options, allowReplacement: true }, deps())).outcome).toBe('UPDATED');
  });

  it('refuses other changes unless allowed, and reads every page of changes', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    cfn
      .on(DescribeChangeSetCommand, { NextToken: undefined })
      .resolves(changeSet('CREATE_COMPLETE', { Changes: [machineChange()], NextToken: 'page-2' }))
      .on(DescribeChangeSetCommand, { NextToken: 'page-2' })
      .resolves(
        changeSet('CREATE_COMPLETE', {
          Changes: [
            {
              Type: 'Resource',
              ResourceChange: {
                Action: 'Remove',
                LogicalResourceId: 'Queue',
                ResourceType: 'AWS::SQS::Queue',
              },
            },
          ],
        }),
      );
    await expectCode(
      publishWorkflow(options, deps()),
      'UNEXPECTED_CHANGES',
      /also changes Remove Queue \(AWS::SQS::Queue\)/,
    );
  });

  it('fails on UPDATE_ROLLBACK_COMPLETE with the earliest failed event as root cause', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolvesOnce({ Stacks: [stack('UPDATE_ROLLBACK_IN_PROGRESS', new Date(T0 + 1000))] })
      .resolves({
        Stacks: [
          stack('UPDATE_ROLLBACK_COMPLETE', new Date(T0 + 1000), { StackStatusReason: 'rolled back' }),
        ],
      });
    cfn.on(DescribeChangeSetCommand).resolves(changeSet('CREATE_COMPLETE', { Changes: [machineChange()] }));
    const at = (s: number) => new Date(T0 + s * 1000);
    // Events of the execution carry its ClientRequestToken; an older operation's failure must be ignored.
    const token = () => cfn.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input.ClientRequestToken;
    const base = { StackId: 's', StackName: 'orders-workflow' };
    cfn
      .on(DescribeStackEventsCommand, { NextToken: undefined })
      .callsFake(() => ({
        StackEvents: [
          {
            ...base,
            EventId: '4',
            ClientRequestToken: token(),
            Timestamp: at(30),
            ResourceStatus: 'UPDATE_ROLLBACK_COMPLETE',
            LogicalResourceId: 'orders-workflow',
            ResourceType: 'AWS::CloudFormation::Stack',
          },
          {
            ...base,
            EventId: '3',
            ClientRequestToken: token(),
            Timestamp: at(20),
            ResourceStatus: 'UPDATE_ROLLBACK_IN_PROGRESS',
            LogicalResourceId: 'orders-workflow',
            ResourceType: 'AWS::CloudFormation::Stack',
            ResourceStatusReason: 'The following resource(s) failed to update: [StateMachine].',
          },
        ],
        NextToken: 'older',
      }))
      .on(DescribeStackEventsCommand, { NextToken: 'older' })
      .callsFake(() => ({
        StackEvents: [
          {
            ...base,
            EventId: '2',
            ClientRequestToken: token(),
            Timestamp: at(10),
            ResourceStatus: 'UPDATE_FAILED',
            LogicalResourceId: 'StateMachine',
            ResourceType: 'AWS::StepFunctions::StateMachine',
            ResourceStatusReason: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED'",
          },
          {
            ...base,
            EventId: '1',
            ClientRequestToken: 'an-older-operation',
            Timestamp: EARLIER,
            ResourceStatus: 'UPDATE_FAILED',
            LogicalResourceId: 'Old',
            ResourceType: 'AWS::SQS::Queue',
            ResourceStatusReason: 'an older failure',
          },
        ],
      }));
    const error = await rejection(publishWorkflow(options, deps()));
    expect(error.code).toBe('UPDATE_ROLLED_BACK');
    expect(error.message).toBe(
      "stack orders-workflow ended UPDATE_ROLLBACK_COMPLETE: StateMachine (AWS::StepFunctions::StateMachine) UPDATE_FAILED: Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED'",
    );
  });

  it('fails on UPDATE_ROLLBACK_FAILED with the repair to make', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolves({
        Stacks: [stack('UPDATE_ROLLBACK_FAILED', new Date(T0 + 1000), { StackStatusReason: 'role gone' })],
      });
    cfn.on(DescribeChangeSetCommand).resolves(changeSet('CREATE_COMPLETE', { Changes: [machineChange()] }));
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    await expectCode(
      publishWorkflow(options, deps()),
      'UPDATE_ROLLBACK_FAILED',
      /ended UPDATE_ROLLBACK_FAILED: role gone \(fix the cause, then ContinueUpdateRollback\)/,
    );
  });

  it.each([
    ['UPDATE_IN_PROGRESS', 'STACK_BUSY', /is UPDATE_IN_PROGRESS; retry when it settles/],
    ['ROLLBACK_COMPLETE', 'STACK_NOT_UPDATABLE', /is ROLLBACK_COMPLETE and cannot be updated/],
    ['REVIEW_IN_PROGRESS', 'STACK_NOT_UPDATABLE', /is REVIEW_IN_PROGRESS and cannot be updated/],
    ['UPDATE_ROLLBACK_FAILED', 'STACK_NOT_UPDATABLE', /repair it first/],
  ] as const)('refuses a stack in %s before uploading', async (status, code, message) => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack(status)] });
    await expectCode(publishWorkflow(options, deps()), code, message);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('reports a missing stack', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(new Error('Stack with id orders-workflow does not exist'), { name: 'ValidationError' }),
      );
    await expectCode(
      publishWorkflow(options, deps()),
      'STACK_NOT_FOUND',
      /stack orders-workflow does not exist/,
    );
  });

  it('refuses a stack without the S3Key parameter', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [stack('UPDATE_COMPLETE', EARLIER, { Parameters: [] })] });
    await expectCode(publishWorkflow(options, deps()), 'NOT_A_WORKFLOW_STACK', /has no S3Key parameter/);
  });

  it('rejects an invalid definition before any AWS call', async () => {
    await expectCode(
      publishWorkflow({ ...options, definition: '{"StartAt": "Nope", "States": {}}' }, deps()),
      'INVALID_DEFINITION',
      /the definition is not a valid state machine: .*\/StartAt: StartAt names 'Nope'/,
    );
    await expectCode(
      publishWorkflow({ ...options, definition: '{oops' }, deps()),
      'INVALID_DEFINITION',
      /not valid JSON/,
    );
    expect(cfn.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });

  it('rejects bad options with the field name', async () => {
    await expectCode(
      publishWorkflow({ ...options, bucket: 'Not_A_Bucket' }, deps()),
      'INVALID_OPTIONS',
      /option bucket: "Not_A_Bucket" is not an S3 bucket name/,
    );
    // The macro would refuse the key (issue 10): refused here before anything is uploaded.
    await expectCode(
      publishWorkflow({ ...options, keyPrefix: 'workflows/../other/' }, deps()),
      'INVALID_OPTIONS',
      /option keyPrefix: the key prefix "workflows\/\.\.\/other\/" has a "\.\." path segment/,
    );
    expect(s3.calls()).toHaveLength(0);
  });

  it('times out on a stack that never settles', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolvesOnce({ Stacks: [stack('UPDATE_COMPLETE')] })
      .resolves({ Stacks: [stack('UPDATE_IN_PROGRESS', new Date(T0 + 1000))] });
    cfn.on(DescribeChangeSetCommand).resolves(changeSet('CREATE_COMPLETE', { Changes: [machineChange()] }));
    await expectCode(
      publishWorkflow({ ...options, timeoutSeconds: 60 }, deps()),
      'TIMEOUT',
      /gave up after 60 s waiting for stack orders-workflow \(UPDATE_IN_PROGRESS\)/,
    );
    expect(clock - T0).toBeLessThanOrEqual(60_000);
  });
});
