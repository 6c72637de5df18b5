import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { JsonValue } from '@stackset-lite/asl-dsl';
import { type LambdaFunctionHandler, startLambdaInvokeShim } from '@stackset-lite/asl-local/testing';
import * as tasks from '@stackset-lite/tasks';
import type { RolloutInputDocument } from '../input/rollout-input.js';
import { stacksetSubstitutions } from '../machine/definition-substitutions.js';
import { stacksetMachine } from '../machine/stackset-machine.js';
import { substituteDefinition, type TaskFunctionName } from '../machine/task-functions.js';
import { cloudFormationTemplateInspector } from '../plan/template-check.js';
import type { RolloutReport } from '../report/rollout-report.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { createAggregateResultsHandler } from '../tasks/aggregate-results.js';
import { createPlanRolloutHandler } from '../tasks/plan-rollout.js';
import { prepareOperation } from '../tasks/prepare-operation.js';
import { createRecordStageHandler } from '../tasks/record-stage.js';
import { runKeys } from '../tasks/rollout-cursor.js';

/** Where the emulators listen (see the root docker-compose.yml). */
export interface LocalEndpoints {
  /** Step Functions Local. @default http://localhost:8083 */
  stepFunctions: string;
  /** The moto server. @default http://127.0.0.1:5000 */
  moto: string;
  /** Port of the Lambda Invoke shim that Step Functions Local's LAMBDA_ENDPOINT points at. @default 3001 */
  shimPort: number;
}

/** A scenario for {@link runOnStepFunctionsLocal}. */
export interface LocalRunOptions {
  /** Member accounts created in moto's organization. @default 3 */
  accounts?: number;
  /** @default ["us-east-1"] */
  regions?: string[];
  /** Overrides of the default input (top-level merge). */
  input?: Partial<RolloutInputDocument>;
  /** The execution input verbatim. */
  rawInput?: unknown;
  /** Gives up after this many seconds of real time. @default 300 */
  timeoutSeconds?: number;
}

/** What a run on Step Functions Local did. */
export interface LocalRunResult {
  status: string;
  error?: string;
  cause?: string;
  report?: RolloutReport;
  /** Lambda invocations the shim served, by function. */
  invocations: Record<string, number>;
}

/** moto's default account: it plays the orchestrator and the organization's management account. */
const MANAGEMENT_ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const WORK_BUCKET = 'stackset-lite-work';
const TEMPLATE_BUCKET = 'stackset-lite-templates';
const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
`;

/**
 * Runs one StackSets-lite rollout on Step Functions Local (the INLINE-stage machine: it has no
 * Distributed Map) with the real task handlers served by a Lambda Invoke shim, against a moto server
 * standing in for Organizations, STS, CloudFormation, S3 and SNS. The handlers' SDK clients reach moto
 * through `AWS_ENDPOINT_URL`.
 */
export async function runOnStepFunctionsLocal(
  endpoints: LocalEndpoints,
  options: LocalRunOptions = {},
): Promise<LocalRunResult> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoints.moto,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'testing',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'testing',
    AWS_REGION: REGION,
  });
  const aws = { region: REGION, endpoint: endpoints.moto };
  const s3 = new S3Client({ ...aws, forcePathStyle: true });
  const organizations = new OrganizationsClient(aws);
  const sns = new SNSClient(aws);

  // Seed moto: an organization with member accounts, the buckets, the template and the topic.
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })).catch((e: Error) => {
    if (!/AlreadyInOrganization/.test(e.name)) throw e;
  });
  for (let i = 0; i < (options.accounts ?? 3); i++) {
    await organizations.send(
      new CreateAccountCommand({ AccountName: `member-${i}`, Email: `member-${i}@example.com` }),
    );
  }
  for (const Bucket of [WORK_BUCKET, TEMPLATE_BUCKET]) await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(new PutObjectCommand({ Bucket: TEMPLATE_BUCKET, Key: 'queue.yaml', Body: TEMPLATE }));
  const topic = await sns.send(new CreateTopicCommand({ Name: 'stackset-lite' }));

  const store = new S3ObjectStore(s3);
  const implementations: Record<TaskFunctionName, (event: unknown) => Promise<unknown>> = {
    prepareOperation: async (event) => prepareOperation(event),
    listTargets: tasks.createListTargetsHandler({ region: REGION }),
    planRollout: createPlanRolloutHandler({
      store,
      inspectTemplate: cloudFormationTemplateInspector(new CloudFormationClient({ region: REGION })),
    }),
    deployStack: tasks.createDeployStackHandler({
      templateBucket: { name: TEMPLATE_BUCKET, region: REGION },
    }),
    pollStack: tasks.createPollStackHandler(),
    recordStage: createRecordStageHandler({ store }),
    aggregateResults: createAggregateResultsHandler({ store }),
    // moto's default account owns the topic (and plays the orchestrator's account).
    notify: tasks.createNotifyHandler({ accountId: MANAGEMENT_ACCOUNT }),
  };
  const functions: Record<string, LambdaFunctionHandler> = {};
  for (const [name, implementation] of Object.entries(implementations)) {
    functions[`stackset-lite-${name}`] = async (event) => (await implementation(event)) as JsonValue;
  }
  const shim = await startLambdaInvokeShim({ functions, port: endpoints.shimPort });
  try {
    const substitutions = stacksetSubstitutions<string>(
      {
        ManagementRoleArn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/stackset-lite-target-lister`,
        DeployRoleName: 'stackset-lite-deploy',
        ExternalId: 'stackset-lite-local',
        WorkBucket: WORK_BUCKET,
        NotificationTopicArn: topic.TopicArn ?? `arn:aws:sns:${REGION}:${MANAGEMENT_ACCOUNT}:stackset-lite`,
        ServiceRoleName: 'stackset-lite-cloudformation',
        StackNamePrefix: 'stackset-lite-',
        TemplateBucketName: TEMPLATE_BUCKET,
      },
      (name) => `arn:aws:lambda:${REGION}:${MANAGEMENT_ACCOUNT}:function:stackset-lite-${name}`,
    );
    const definition = substituteDefinition(stacksetMachine({ stageMode: 'INLINE' }), substitutions);
    const sfn = new SFNClient({ region: REGION, endpoint: endpoints.stepFunctions });
    const machine = await withRetry(() =>
      sfn.send(
        new CreateStateMachineCommand({
          name: `stackset-lite-${Date.now()}`,
          definition: JSON.stringify(definition),
          roleArn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/stackset-lite-state-machine`,
        }),
      ),
    );
    const input = options.rawInput ?? {
      stackName: 'stackset-lite-queue',
      template: { bucket: TEMPLATE_BUCKET, key: 'queue.yaml' },
      targets: { organizationalUnits: [await rootId(organizations)], regions: options.regions ?? [REGION] },
      preferences: { regionConcurrency: 'PARALLEL', maxConcurrentCount: 5, failureToleranceCount: 1 },
      ...options.input,
    };
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify(input) }),
    );
    const deadline = Date.now() + (options.timeoutSeconds ?? 300) * 1000;
    for (;;) {
      const d = await withRetry(() =>
        sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn })),
      );
      if (d.status !== 'RUNNING') {
        const name = started.executionArn?.split(':').pop() ?? '';
        const report = await store.getText(WORK_BUCKET, runKeys.report(name)).catch(() => undefined);
        const invocations: Record<string, number> = {};
        for (const call of shim.invocations)
          invocations[call.functionName] = (invocations[call.functionName] ?? 0) + 1;
        return {
          status: d.status ?? 'UNKNOWN',
          ...(d.error !== undefined && { error: d.error }),
          ...(d.cause !== undefined && { cause: d.cause }),
          ...(report !== undefined && { report: JSON.parse(report) as RolloutReport }),
          invocations,
        };
      }
      if (Date.now() > deadline)
        throw new Error(`execution ${started.executionArn} still RUNNING after the timeout`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await shim.close();
  }
}

async function rootId(organizations: OrganizationsClient): Promise<string> {
  const roots = await organizations.send(new ListRootsCommand({}));
  const id = roots.Roots?.[0]?.Id;
  if (!id) throw new Error('moto returned no organization root');
  return id;
}

/** Step Functions Local answers with socket hang-ups for a few seconds after it says it is ready. */
async function withRetry<T>(call: () => Promise<T>, attempts = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (error) {
      const transient = /ECONNRESET|socket hang up|ECONNREFUSED/i.test(String((error as Error).message));
      if (!transient || i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
