import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFormationClient, type Stack } from '@aws-sdk/client-cloudformation';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { JsonValue } from '@stackset-lite/asl-dsl';
import {
  type ObjectStore as EngineObjectStore,
  type ExecutionResult,
  type StoredObjectSummary,
  startExecution,
  type TaskHandlers,
} from '@stackset-lite/asl-local';
import * as tasks from '@stackset-lite/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoUnavailableReason, useMotoServer } from '../../../test-support/moto-server.js';
import {
  DEPLOY_ROLE,
  describeStack,
  EXTERNAL_ID,
  HOME_REGION,
  memberCloudFormation,
  ORCHESTRATOR_ACCOUNT,
  type SeededEstate,
  seedEstate,
} from '../../tasks/test/support/moto-estate.js';
import type { RolloutInputDocument } from '../src/input/rollout-input.js';
import { stacksetSubstitutions } from '../src/machine/definition-substitutions.js';
import { stacksetMachine } from '../src/machine/stackset-machine.js';
import {
  substituteDefinition,
  TASK_FUNCTIONS,
  type TaskFunctionName,
} from '../src/machine/task-functions.js';
import { cloudFormationTemplateInspector } from '../src/plan/template-check.js';
import type { RolloutReport } from '../src/report/rollout-report.js';
import { S3ObjectStore } from '../src/store/s3-object-store.js';
import { createAggregateResultsHandler } from '../src/tasks/aggregate-results.js';
import { createPlanRolloutHandler } from '../src/tasks/plan-rollout.js';
import { prepareOperation } from '../src/tasks/prepare-operation.js';
import { createRecordStageHandler } from '../src/tasks/record-stage.js';
import { runKeys } from '../src/tasks/rollout-cursor.js';

/**
 * One small StackSets-lite rollout end to end: the real machine (Distributed Map stages, as AWS runs it)
 * on asl-local, with the real task handlers in their default wiring, whose SDK clients reach moto through
 * `AWS_ENDPOINT_URL`: Organizations lists the accounts, STS hands out member-account credentials,
 * CloudFormation deploys from a template in moto's S3, the plan, stage items, ledger and report live in
 * moto's S3 (the engine's ItemReader/ResultWriter too), and SNS delivers the notification.
 *
 * moto differs from AWS in places (see packages/tasks/test/moto/handlers.moto.test.ts); none of them is
 * on this happy path except that moto's stacks settle at once, so each target is polled once.
 */
const unavailable = motoUnavailableReason();
if (unavailable) console.log(`moto rollout tier skipped: ${unavailable}`);

const WORK_BUCKET = 'stackset-lite-work';
const TEMPLATE_BUCKET = 'stackset-lite-templates';
const REGIONS = ['eu-west-1', 'us-east-1'];
const TEMPLATE = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n';

/** The engine's S3 stand-in over moto's S3, for the Distributed Map's ItemReader and ResultWriter. */
class S3EngineStore implements EngineObjectStore {
  constructor(private readonly s3: S3Client) {}

  async getObject(bucket: string, key: string): Promise<string | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await out.Body?.transformToString();
    } catch (error) {
      if ((error as S3ServiceException).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async putObject(bucket: string, key: string, body: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  async listObjects(bucket: string, prefix: string): Promise<StoredObjectSummary[]> {
    const out: StoredObjectSummary[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(ContinuationToken && { ContinuationToken }),
        }),
      );
      for (const o of page.Contents ?? []) {
        out.push({
          Key: o.Key ?? '',
          Size: o.Size ?? 0,
          ETag: o.ETag ?? '',
          LastModified: (o.LastModified ?? new Date(0)).toISOString(),
          StorageClass: o.StorageClass ?? 'STANDARD',
        });
      }
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    return out.sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
  }
}

const functionArn = (name: TaskFunctionName) =>
  `arn:aws:lambda:${HOME_REGION}:${ORCHESTRATOR_ACCOUNT}:function:stackset-lite-${name}`;

describe.skipIf(unavailable !== undefined)('a StackSets-lite rollout on asl-local against moto', () => {
  useMotoServer({ pointSdkAtIt: true });
  let estate: SeededEstate;
  let notifications: { Subject?: string; Message?: string }[];
  let subscriber: Server;

  beforeAll(async () => {
    estate = await seedEstate({
      [`${TEMPLATE_BUCKET}/queue.yaml`]: TEMPLATE,
      [`${WORK_BUCKET}/README`]: 'stackset-lite work bucket',
    });
    // moto delivers to HTTP subscriptions by POSTing the notification JSON.
    notifications = [];
    subscriber = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        notifications.push(JSON.parse(body) as { Subject?: string; Message?: string });
        response.end();
      });
    });
    await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
    const { port } = subscriber.address() as AddressInfo;
    await new SNSClient({ region: HOME_REGION }).send(
      new SubscribeCommand({
        TopicArn: estate.topicArn,
        Protocol: 'http',
        Endpoint: `http://127.0.0.1:${port}/`,
      }),
    );
    return () => new Promise<void>((resolve) => subscriber.close(() => resolve()));
  });

  /** Runs the machine once; everything but the engine is real and talks to moto. */
  async function rollout(
    executionName: string,
  ): Promise<{ result: ExecutionResult; report?: RolloutReport }> {
    const s3 = new S3Client({ region: HOME_REGION });
    const store = new S3ObjectStore(s3);
    const logger = tasks.createSilentLogger();
    // Each is called as Lambda calls it: the event and a context naming the invoked function.
    type LambdaContext = { invokedFunctionArn: string };
    const implementations: Record<
      TaskFunctionName,
      (event: unknown, context: LambdaContext) => Promise<unknown>
    > = {
      prepareOperation: async (event) => prepareOperation(event),
      listTargets: tasks.createListTargetsHandler({ logger, region: HOME_REGION }),
      planRollout: createPlanRolloutHandler({
        store,
        inspectTemplate: cloudFormationTemplateInspector(new CloudFormationClient({ region: HOME_REGION })),
      }),
      // The installation's template bucket, as the SAM template configures deployStack.
      deployStack: tasks.createDeployStackHandler({
        logger,
        templateBucket: { name: TEMPLATE_BUCKET, region: HOME_REGION },
      }),
      pollStack: tasks.createPollStackHandler({ logger }),
      recordStage: createRecordStageHandler({ store }),
      aggregateResults: createAggregateResultsHandler({ store }),
      notify: tasks.createNotifyHandler({ logger }),
    };
    const handlers: TaskHandlers = {};
    for (const name of Object.keys(TASK_FUNCTIONS) as TaskFunctionName[]) {
      handlers[functionArn(name)] = async (input: JsonValue) =>
        (await implementations[name](input, { invokedFunctionArn: functionArn(name) })) as JsonValue;
    }
    const substitutions = stacksetSubstitutions<string>(
      {
        ManagementRoleArn: `arn:aws:iam::${ORCHESTRATOR_ACCOUNT}:role/stackset-lite-target-lister`,
        DeployRoleName: DEPLOY_ROLE,
        ExternalId: EXTERNAL_ID,
        WorkBucket: WORK_BUCKET,
        NotificationTopicArn: estate.topicArn,
        ServiceRoleName: 'stackset-lite-cloudformation',
        StackNamePrefix: 'stackset-lite-',
        TemplateBucketName: TEMPLATE_BUCKET,
      },
      functionArn,
    );
    const definition = substituteDefinition(stacksetMachine({ stageMode: 'DISTRIBUTED' }), substitutions);
    const input: RolloutInputDocument = {
      stackName: 'stackset-lite-orders',
      template: { bucket: TEMPLATE_BUCKET, key: 'queue.yaml' },
      targets: { organizationalUnits: [estate.rootId], regions: REGIONS },
      preferences: {
        regionConcurrency: 'PARALLEL',
        maxConcurrentCount: 2,
        failureToleranceCount: 0,
        waves: [1, '100%'],
      },
    };
    const result = await startExecution({
      definition,
      input: input as unknown as JsonValue,
      handlers,
      options: {
        name: executionName,
        stateMachineName: 'stackset-lite',
        region: HOME_REGION,
        accountId: ORCHESTRATOR_ACCOUNT,
        objectStore: new S3EngineStore(s3),
      },
    });
    const text = await store.getText(WORK_BUCKET, runKeys.report(result.name)).catch(() => undefined);
    return { result, ...(text !== undefined && { report: JSON.parse(text) as RolloutReport }) };
  }

  async function memberStack(
    accountId: string,
    region: string,
    stackName: string,
  ): Promise<Stack | undefined> {
    return describeStack(await memberCloudFormation(accountId, region), stackName);
  }

  it('deploys to every active account in every region, skips the closed one, reports and notifies once', async () => {
    const { result, report } = await rollout('moto-first');
    expect(result.status, `${result.error}: ${result.cause}`).toBe('SUCCEEDED');
    expect(report, 'no report in the work bucket').toBeDefined();
    const { app, prod, sandbox, closed } = estate.accounts;
    const statusOf = (account: string, region: string) =>
      report?.targets.find((t) => t.account === account && t.region === region)?.status;
    for (const region of REGIONS) {
      for (const account of [app, prod, sandbox]) expect(statusOf(account, region)).toBe('SUCCEEDED');
      expect(statusOf(closed, region)).toBe('SKIPPED');
    }
    // Every target exactly once, counts adding up.
    expect(report?.targets).toHaveLength(8);
    expect(report?.summary).toMatchObject({ SUCCEEDED: 6, SKIPPED: 2, FAILED: 0 });

    for (const region of REGIONS) {
      const stack = await memberStack(prod, region, 'stackset-lite-orders');
      expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
      expect(stack?.Tags).toContainEqual({ Key: 'ManagedBy', Value: 'stackset-lite' });
    }
    // The closed account was never deployed to, nor the management account.
    expect(await memberStack(closed, 'eu-west-1', 'stackset-lite-orders')).toBeUndefined();
    expect(await memberStack(ORCHESTRATOR_ACCOUNT, 'eu-west-1', 'stackset-lite-orders')).toBeUndefined();

    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.Message).toContain(sandbox);
  }, 120_000);

  it('the same operation again changes nothing: every deployed target reports NO_CHANGES', async () => {
    const before = notifications.length;
    const { result, report } = await rollout('moto-second');
    expect(result.status, `${result.error}: ${result.cause}`).toBe('SUCCEEDED');
    expect(report?.summary).toMatchObject({ NO_CHANGES: 6, SKIPPED: 2, SUCCEEDED: 0 });
    expect(notifications).toHaveLength(before + 1);
  }, 120_000);
});
