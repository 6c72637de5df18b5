import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient, StartExecutionCommand, StateMachineDoesNotExist } from '@aws-sdk/client-sfn';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as autoDeployment } from '../../src/lambda/auto-deployment.js';
import { handler as detectDrift } from '../../src/lambda/detect-drift.js';
import moveAccount from '../../src/simulate/organizations-events/move-account.json' with { type: 'json' };
import { createAwsOperationLauncher } from '../../src/stack-set/aws-operation-launcher.js';
import { MemoryStackSetStore } from '../../src/stack-set/memory-stack-set-store.js';
import { startNextOperation } from '../../src/stack-set/operation-queue.js';
import type { Operation, StackInstance, StackSet } from '../../src/stack-set/stack-set-model.js';
import { createStackSet, requestOperation } from '../../src/stack-set/stack-set-requests.js';
import { itemKeys, toItem } from '../../src/stack-set/table-items.js';

// The AWS entry points of the stack set store with their AWS clients mocked (aws-sdk-client-mock):
// the operation launcher (StartExecution / Invoke), and the autoDeployment and detectDrift Lambda
// handlers as Lambda calls them, with the DynamoDB document client answering from items built the
// way the store writes them. Each checks the calls made, and that a bad event is refused naming the
// field, with nothing written.

const TABLE = 'stackset-lite-stack-sets';
const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:stackset-lite';
const DETECT_DRIFT_FUNCTION = 'stackset-lite-detectDrift';
const NOW = Date.parse('2026-01-05T09:00:00.000Z');

const sfn = mockClient(SFNClient);
const lambda = mockClient(LambdaClient);
const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  sfn.reset();
  lambda.reset();
  ddb.reset();
  // Any call not answered below fails the test loudly instead of reaching AWS.
  ddb.rejects(new Error('unexpected DynamoDB call'));
  sfn.rejects(new Error('unexpected Step Functions call'));
  lambda.rejects(new Error('unexpected Lambda call'));
  vi.stubEnv('STACK_SET_TABLE', TABLE);
  vi.stubEnv('STATE_MACHINE_ARN', STATE_MACHINE_ARN);
  vi.stubEnv('DETECT_DRIFT_FUNCTION', DETECT_DRIFT_FUNCTION);
  vi.stubEnv('MANAGEMENT_ROLE_ARN', 'arn:aws:iam::111122223333:role/stackset-lite-org-lister');
  vi.stubEnv('DEPLOY_ROLE_NAME', 'stackset-lite-deploy');
  vi.stubEnv('AWS_REGION', 'us-east-1');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A stack set and one QUEUED operation on it, as the store's own code makes them. */
async function stackSetWithQueued(action: 'DEPLOY' | 'DETECT_DRIFT') {
  const store = new MemoryStackSetStore();
  const stackSet = await createStackSet(
    store,
    {
      name: 'baseline',
      stackName: 'stackset-lite-baseline',
      template: { bucket: 'stackset-lite-templates', key: 'baseline.yaml', version: 'v1' },
      targets: { organizationalUnits: ['ou-ab12-cd34ef56'], regions: ['eu-west-1', 'us-east-1'] },
    },
    NOW,
  );
  const operation = await requestOperation(store, 'baseline', { action }, { nowMs: NOW, idSuffix: 'test' });
  return { store, stackSet, operation };
}

describe('the operation launcher (createAwsOperationLauncher)', () => {
  it('starts a deploy as one execution named after the operation, with the rollout input', async () => {
    const { stackSet, operation } = await stackSetWithQueued('DEPLOY');
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE_ARN}:x`, startDate: new Date() });
    const launcher = createAwsOperationLauncher({
      stateMachineArn: STATE_MACHINE_ARN,
      detectDriftFunction: DETECT_DRIFT_FUNCTION,
      sfn: new SFNClient({ region: 'us-east-1' }),
      lambda: new LambdaClient({ region: 'us-east-1' }),
    });
    await launcher.launch(operation, stackSet);
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    const sent = calls[0]!.args[0].input;
    // The name makes a retried launch idempotent: StartExecution with the same name and input.
    // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
    expect(sent.stateMachineArn).toBe(STATE_MACHINE_ARN);
    expect(sent.name).toBe(operation.operationId);
    const input = JSON.parse(sent.input ?? '{}');
    expect(input).toMatchObject({
      operation: 'DEPLOY',
      stackName: 'stackset-lite-baseline',
      stackSet: { name: 'baseline', operationId: operation.operationId },
      targets: { organizationalUnits: ['ou-ab12-cd34ef56'], regions: ['eu-west-1', 'us-east-1'] },
    });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('starts drift detection as an asynchronous Invoke of detectDrift, not an execution', async () => {
    const { stackSet, operation } = await stackSetWithQueued('DETECT_DRIFT');
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const launcher = createAwsOperationLauncher({
      stateMachineArn: STATE_MACHINE_ARN,
      detectDriftFunction: DETECT_DRIFT_FUNCTION,
      sfn: new SFNClient({ region: 'us-east-1' }),
      lambda: new LambdaClient({ region: 'us-east-1' }),
    });
    await launcher.launch(operation, stackSet);
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call?.args[0].input.FunctionName).toBe(DETECT_DRIFT_FUNCTION);
    expect(call?.args[0].input.InvocationType).toBe('Event');
    expect(JSON.parse(new TextDecoder().decode(call?.args[0].input.Payload as Uint8Array))).toEqual({
      stackSetName: 'baseline',
      operationId: operation.operationId,
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('a StartExecution that fails ends the operation FAILED naming why, and gives the lease back', async () => {
    const { store, operation } = await stackSetWithQueued('DEPLOY');
    sfn.on(StartExecutionCommand).rejects(
      new StateMachineDoesNotExist({
        message: `State Machine Does Not Exist: '${STATE_MACHINE_ARN}'`,
        $metadata: {},
      }),
    );
    const launcher = createAwsOperationLauncher({
      stateMachineArn: STATE_MACHINE_ARN,
      detectDriftFunction: DETECT_DRIFT_FUNCTION,
      sfn: new SFNClient({ region: 'us-east-1' }),
    });
    expect(await startNextOperation(store, 'baseline', { nowMs: () => NOW, launcher })).toBeUndefined();
    const failed = await store.getOperation('baseline', operation.operationId);
    expect(failed?.status).toBe('FAILED');
    expect(failed?.statusReason).toBe(
      `could not start its execution: State Machine Does Not Exist: '${STATE_MACHINE_ARN}'`,
    );
    expect(await store.getLease('baseline')).toBeUndefined();
  });
});

function answerGet(key: { PK: string; SK: string }, item?: object) {
  ddb.on(GetCommand, { TableName: TABLE, Key: key }).resolves(item ? { Item: toItem(key, item) } : {});
}
function answerQuery(partition: string, prefix: string, items: Record<string, unknown>[]) {
  ddb
    .on(QueryCommand, {
      TableName: TABLE,
      ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
    })
    .resolves({ Items: items });
}

describe('the autoDeployment Lambda handler', () => {
  it('on the QueuedOperations schedule, takes the free lease with a conditional write and starts the queued operation', async () => {
    const { stackSet, operation } = await stackSetWithQueued('DEPLOY');
    answerQuery(itemKeys.stackSetsPartition, itemKeys.stackSetPrefix, [
      toItem(itemKeys.stackSet('baseline'), stackSet),
    ]);
    answerGet(itemKeys.lease('baseline'));
    answerGet(itemKeys.stackSet('baseline'), stackSet);
    answerQuery(itemKeys.stackSetPartition('baseline'), itemKeys.operationPrefix, [
      toItem(itemKeys.operation('baseline', operation.operationId), operation),
    ]);
    ddb.on(PutCommand, { TableName: TABLE, Item: { SK: 'LEASE' } }).resolves({});
    ddb
      .on(UpdateCommand, { TableName: TABLE, Key: itemKeys.operation('baseline', operation.operationId) })
      .callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => {
        const running: Operation = { ...operation, status: 'RUNNING', executionName: operation.operationId };
        expect(Object.values(input.ExpressionAttributeValues)).toContain('RUNNING');
        return { Attributes: toItem(itemKeys.operation('baseline', operation.operationId), running) };
      });
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE_ARN}:x`, startDate: new Date() });

    // An EventBridge scheduled event, as the user guide shows it:
    // https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-scheduler.html
    const result = await autoDeployment({
      version: '0',
      id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '111122223333',
      time: '2026-01-05T09:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:111122223333:rule/QueuedOperations'],
      detail: {},
    });
    expect(result).toEqual({ started: [operation.operationId] });
    const [lease] = ddb.commandCalls(PutCommand);
    expect(lease?.args[0].input.ConditionExpression).toBe(
      'attribute_not_exists(PK) OR #holder = :holder OR #expires <= :now',
    );
    expect(lease?.args[0].input.Item).toMatchObject({ holder: operation.operationId });
    const [update] = ddb.commandCalls(UpdateCommand);
    expect(update?.args[0].input.ConditionExpression).toBe('attribute_exists(PK) AND #status IN (:from0)');
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input).toMatchObject({
      stateMachineArn: STATE_MACHINE_ARN,
      name: operation.operationId,
    });
  });

  it('refuses an event that is neither the schedule nor an Organizations event, naming the fields, touching nothing', async () => {
    await expect(
      autoDeployment({
        source: 'aws.ec2',
        'detail-type': 'EC2 Instance State-change Notification',
        detail: {},
      }),
    ).rejects.toThrow(
      /autoDeployment: neither the QueuedOperations schedule, an execution's status change nor an Organizations event via CloudTrail: \/source: .*\/detail-type: /,
    );
    await expect(autoDeployment(undefined)).rejects.toThrow(/neither the QueuedOperations schedule/);
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it("refuses an execution's status change without its name, naming /detail/name, touching nothing", async () => {
    await expect(
      autoDeployment({
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        detail: { executionArn: 'x', stateMachineArn: STATE_MACHINE_ARN, status: 'ABORTED' },
      }),
    ).rejects.toThrow('Execution Status Change event: /detail/name: ');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses a MoveAccount event without its destination, naming /detail/requestParameters/destinationParentId', async () => {
    const event = structuredClone(moveAccount) as { detail: { requestParameters: Record<string, unknown> } };
    delete event.detail.requestParameters.destinationParentId;
    await expect(autoDeployment(event)).rejects.toThrow(
      'MoveAccount event: /detail/requestParameters/destinationParentId: ',
    );
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses to run without its environment, naming the variable', async () => {
    vi.stubEnv('MANAGEMENT_ROLE_ARN', 'not-an-arn');
    await expect(autoDeployment(moveAccount)).rejects.toThrow(
      'autoDeployment environment: MANAGEMENT_ROLE_ARN: must be a role ARN',
    );
    vi.stubEnv('STACK_SET_TABLE', '');
    await expect(autoDeployment(moveAccount)).rejects.toThrow(/set STACK_SET_TABLE/);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('the detectDrift Lambda handler', () => {
  async function driftOperation() {
    const { stackSet, operation } = await stackSetWithQueued('DETECT_DRIFT');
    const running: Operation = { ...operation, status: 'RUNNING' };
    const instance: StackInstance = {
      stackSetName: 'baseline',
      account: '222233334444',
      region: 'eu-west-1',
      status: 'CURRENT',
      detailedStatus: 'SUCCEEDED',
      deployedRevision: 1,
      driftStatus: 'NOT_CHECKED',
      parameterOverrides: {},
      updatedAt: new Date(NOW).toISOString(),
    };
    return { stackSet, running, instance };
  }
  function answerStore(stackSet: StackSet, running: Operation, instance: StackInstance) {
    answerGet(itemKeys.operation('baseline', running.operationId), running);
    answerGet(itemKeys.stackSet('baseline'), stackSet);
    answerQuery(itemKeys.resultsPartition('baseline', running.operationId), itemKeys.resultPrefix, []);
    answerQuery(itemKeys.stackSetPartition('baseline'), itemKeys.instancePrefix, [
      toItem(itemKeys.instance('baseline', instance), instance),
    ]);
  }

  it('with too little time left to start a detection, records nothing and invokes itself again for the rest', async () => {
    const { stackSet, running, instance } = await driftOperation();
    answerStore(stackSet, running, instance);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const outcome = await detectDrift(
      { stackSetName: 'baseline', operationId: running.operationId },
      // Less than the two minutes it keeps in hand before its own timeout.
      { getRemainingTimeInMillis: () => 60_000, functionName: DETECT_DRIFT_FUNCTION },
    );
    expect(outcome).toEqual({ drifted: 0, inSync: 0, unknown: 0, complete: false });
    const [again] = lambda.commandCalls(InvokeCommand);
    expect(again?.args[0].input).toMatchObject({
      FunctionName: DETECT_DRIFT_FUNCTION,
      InvocationType: 'Event',
    });
    expect(JSON.parse(new TextDecoder().decode(again?.args[0].input.Payload as Uint8Array))).toEqual({
      stackSetName: 'baseline',
      operationId: running.operationId,
    });
    // Not ended, nothing recorded: the continuation does it.
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('refuses an event without operationId, naming it, touching nothing', async () => {
    await expect(detectDrift({ stackSetName: 'baseline' })).rejects.toThrow(/operationId/);
    await expect(detectDrift({ stackSetName: 'baseline' })).rejects.toMatchObject({ name: 'InvalidInput' });
    expect(ddb.calls()).toHaveLength(0);
    expect(lambda.calls()).toHaveLength(0);
  });

  it('an operation that is not in the store is an error, not a silent success', async () => {
    const { stackSet, running } = await driftOperation();
    answerGet(itemKeys.operation('baseline', running.operationId));
    answerGet(itemKeys.stackSet('baseline'), stackSet);
    await expect(
      detectDrift(
        { stackSetName: 'baseline', operationId: running.operationId },
        { functionName: DETECT_DRIFT_FUNCTION },
      ),
    ).rejects.toThrow(`no operation ${running.operationId} on stack set baseline`);
    expect(lambda.calls()).toHaveLength(0);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });
});
