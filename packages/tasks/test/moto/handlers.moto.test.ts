import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  createDeployStackHandler,
  createListTargetsHandler,
  createNotifyHandler,
  createPollStackHandler,
  createSilentLogger,
  type DeployStackEvent,
  type DeployStackOutput,
  type ListTargetsEvent,
  type NotifyEvent,
  operationTokens,
  type PollStackOutput,
} from '@stackset-lite/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoUnavailableReason, useMotoServer } from '../../../../test-support/moto-server.js';
import { handler as injectWorkflowMacro } from '../../src/inject-workflow/handler.js';
import {
  DEPLOY_ROLE,
  describeStack,
  EXTERNAL_ID,
  HOME_REGION,
  memberCloudFormation,
  ORCHESTRATOR_ACCOUNT,
  type SeededEstate,
  seedEstate,
} from '../support/moto-estate.js';

/**
 * The task handlers against moto over HTTP, through the real AWS SDK v3 clients and the handlers' own
 * default wiring: nothing is injected but a silent logger; `AWS_ENDPOINT_URL` (which SDK v3 reads for
 * every client) points the clients at moto, as it would for a user running them against an emulator.
 *
 * moto is an independent implementation, not AWS. Where it differs from what AWS records, AWS wins:
 * the test says so and adapts around moto, never the product. The differences found are pinned at the
 * end of this file ("moto differs from AWS"), so a moto upgrade that fixes one shows up here. Also met, and
 * not pinned: stacks settle at once (no *_IN_PROGRESS is ever seen, so each target is polled once); a
 * TemplateURL naming a missing S3 object gets an HTTP 500 HTML page (AWS: ValidationError), which the SDK
 * retries; CloseAccount makes the account SUSPENDED at once (AWS: PENDING_CLOSURE first); CreateAccount
 * accepts an email already in use (AWS: EMAIL_ALREADY_EXISTS); SNS HTTP subscriptions are confirmed without
 * a SubscriptionConfirmation message.
 */
const unavailable = motoUnavailableReason();
if (unavailable) console.log(`moto handler tier skipped: ${unavailable}`);

const TEMPLATE_BUCKET = 'stackset-lite-templates';
const WORK_BUCKET = 'stackset-lite-work';
const QUEUE_TEMPLATE = `Parameters:
  Env:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "orders-\${Env}"
`;
const QUEUE_AND_TOPIC_TEMPLATE = `${QUEUE_TEMPLATE}  Topic:
    Type: AWS::SNS::Topic
`;
/** The template URL shape prepareOperation builds (virtual-hosted, global endpoint). */
const templateUrl = (key: string) => `https://${TEMPLATE_BUCKET}.s3.amazonaws.com/${key}`;

const logger = createSilentLogger();

describe.skipIf(unavailable !== undefined)('task handlers against moto (real SDK clients over HTTP)', () => {
  useMotoServer({ pointSdkAtIt: true });
  let estate: SeededEstate;

  beforeAll(async () => {
    estate = await seedEstate({
      [`${TEMPLATE_BUCKET}/queue.yaml`]: QUEUE_TEMPLATE,
      [`${TEMPLATE_BUCKET}/queue-and-topic.yaml`]: QUEUE_AND_TOPIC_TEMPLATE,
      [`${WORK_BUCKET}/lists/extra-accounts.csv`]: '',
    });
  });

  const tagsOf = (stack: Stack | undefined) =>
    Object.fromEntries((stack?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

  describe('listTargets: Organizations with OUs, STS, S3', () => {
    const listTargets = createListTargetsHandler({ logger, region: HOME_REGION });
    const event = (overrides: Partial<ListTargetsEvent>): ListTargetsEvent => ({
      operation: { name: 'moto-list', executionId: 'exec-list' },
      managementAccount: {
        roleArn: `arn:aws:iam::${ORCHESTRATOR_ACCOUNT}:role/stackset-lite-target-lister`,
        externalId: EXTERNAL_ID,
      },
      regions: ['eu-west-1', 'us-east-1'],
      ...overrides,
    });

    it('an OU selects its accounts and those of its child OUs; a closed account is SKIPPED', async () => {
      const out = await listTargets(event({ targets: { organizationalUnitIds: [estate.ous.workloads] } }));
      if (out.storage !== 'INLINE') throw new Error(`expected inline targets, got ${out.storage}`);
      const { app, prod, closed, sandbox } = estate.accounts;
      const byKey = new Map(out.targets.map((t) => [`${t.accountId}/${t.region}`, t]));
      for (const region of ['eu-west-1', 'us-east-1']) {
        expect(byKey.get(`${app}/${region}`)).toMatchObject({ status: 'PENDING', accountName: 'app' });
        expect(byKey.get(`${prod}/${region}`)).toMatchObject({ status: 'PENDING', accountName: 'prod' });
        // CloseAccount leaves the account SUSPENDED (moto sets it at once; AWS passes PENDING_CLOSURE first).
        expect(byKey.get(`${closed}/${region}`)).toMatchObject({
          status: 'SKIPPED',
          reason: 'account is SUSPENDED',
        });
      }
      expect(byKey.has(`${sandbox}/eu-west-1`)).toBe(false);
      expect(out.targets.filter((t) => t.region === 'eu-west-1').every((t) => t.regionIndex === 0)).toBe(
        true,
      );
      expect(out.targets.filter((t) => t.region === 'us-east-1').every((t) => t.regionIndex === 1)).toBe(
        true,
      );
      expect(out).toMatchObject({ count: 6, pendingCount: 4, skippedCount: 2 });
    });

    it('the whole organization leaves out the management account, as StackSets does', async () => {
      const out = await listTargets(event({ regions: ['eu-west-1'] }));
      if (out.storage !== 'INLINE') throw new Error('expected inline targets');
      const ids = out.targets.map((t) => t.accountId).sort();
      expect(ids).toEqual(Object.values(estate.accounts).sort());
      expect(ids).not.toContain(ORCHESTRATOR_ACCOUNT);
    });

    it('accounts from an S3 list file join the listed ones; one outside the organization is SKIPPED', async () => {
      const stranger = '999999999999';
      await new S3Client({ region: HOME_REGION }).send(
        new PutObjectCommand({
          Bucket: WORK_BUCKET,
          Key: 'lists/extra-accounts.csv',
          Body: `${estate.accounts.sandbox}\n${stranger}\n`,
        }),
      );
      const out = await listTargets(
        event({
          regions: ['eu-west-1'],
          targets: {
            accounts: [estate.accounts.app],
            accountsLocation: { bucket: WORK_BUCKET, key: 'lists/extra-accounts.csv' },
          },
        }),
      );
      if (out.storage !== 'INLINE') throw new Error('expected inline targets');
      expect(out.targets.map((t) => [t.accountId, t.status, t.reason])).toEqual([
        [estate.accounts.app, 'PENDING', undefined],
        [estate.accounts.sandbox, 'PENDING', undefined],
        [stranger, 'SKIPPED', 'account is not a member of the organization'],
      ]);
    });

    it('a list above inlineLimit goes to S3 and reads back as the same targets', async () => {
      const inline = await listTargets(event({}));
      const stored = await listTargets(event({ inlineLimit: 2, targetListBucket: WORK_BUCKET }));
      if (stored.storage !== 'S3' || inline.storage !== 'INLINE') throw new Error('expected S3 storage');
      expect(stored.bucket).toBe(WORK_BUCKET);
      const object = await new S3Client({ region: HOME_REGION }).send(
        new GetObjectCommand({ Bucket: stored.bucket, Key: stored.key }),
      );
      const text = (await object.Body?.transformToString()) ?? '';
      expect(JSON.parse(text)).toEqual(inline.targets);
      expect(stored.count).toBe(inline.count);
    });
  });

  describe('deployStack and pollStack: change sets with templates in moto S3, across accounts', () => {
    // The installation's template bucket, as the SAM template configures deployStack.
    const deployStack = createDeployStackHandler({
      logger,
      templateBucket: { name: TEMPLATE_BUCKET, region: HOME_REGION },
    });
    const pollStack = createPollStackHandler({ logger });
    const region = 'eu-west-1';

    const deployEvent = (
      accountId: string,
      overrides: {
        executionId: string;
        action?: 'DEPLOY' | 'DELETE';
        key?: string;
        stackName?: string;
        parameterOverrides?: Record<string, string>;
      },
    ): DeployStackEvent => ({
      operation: { name: 'orders', executionId: overrides.executionId, action: overrides.action ?? 'DEPLOY' },
      target: {
        accountId,
        region,
        ...(overrides.parameterOverrides && { parameterOverrides: overrides.parameterOverrides }),
      },
      stack: {
        name: overrides.stackName ?? 'orders',
        templateUrl: templateUrl(overrides.key ?? 'queue.yaml'),
        parameters: { Env: 'dev' },
        tags: { Team: 'payments' },
        serviceRoleName: 'stackset-lite-cloudformation',
      },
      deployRole: { roleName: DEPLOY_ROLE, externalId: EXTERNAL_ID },
    });

    /** Calls deployStack again while it answers BUSY, as the machine does after its Wait state. */
    async function deployUntilSettled(event: DeployStackEvent): Promise<DeployStackOutput> {
      for (let call = 0; call < 5; call++) {
        const out = await deployStack(event);
        if (out.outcome !== 'BUSY') return out;
      }
      throw new Error('deployStack still BUSY after 5 calls');
    }

    /**
     * One target as the machine runs it: deployStack, then pollStack (after the machine's Wait, skipped
     * here: moto settles at once) with deployStack's answer and its own previous one, deployStack again
     * on REDEPLOY, until pollStack's answer is final.
     */
    async function followToEnd(event: DeployStackEvent) {
      let deploy = await deployStack(event);
      const first = deploy;
      let previous: PollStackOutput | undefined;
      for (let look = 0; look < 10; look++) {
        const poll = await pollStack({
          operation: event.operation,
          target: event.target,
          stackName: event.stack.name,
          deployRole: event.deployRole,
          deploy,
          ...(previous && { previous }),
        });
        if (poll.progress === 'REDEPLOY') deploy = await deployStack(event);
        else if (poll.progress !== 'IN_PROGRESS') return { first, deploy, poll };
        previous = poll;
      }
      throw new Error('the target did not settle in 10 looks');
    }

    /** Polls until the stack settles, as the machine's poll loop does (moto settles at once). */
    async function pollUntilSettled(
      event: DeployStackEvent,
      deployed: DeployStackOutput,
    ): Promise<PollStackOutput> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const out = await pollStack({
          operation: event.operation,
          target: event.target,
          stackName: deployed.stackName,
          ...(deployed.stackId && { stackId: deployed.stackId }),
          ...(deployed.clientRequestToken && { clientRequestToken: deployed.clientRequestToken }),
          attempt,
          deployRole: event.deployRole,
        });
        if (out.progress !== 'IN_PROGRESS') return out;
      }
      throw new Error('stack still in progress after 5 polls');
    }

    it('first deployment: CreateStack from the S3 template, tagged from the start', async () => {
      const account = estate.accounts.app;
      const event = deployEvent(account, { executionId: 'exec-create', parameterOverrides: { Env: 'prod' } });
      const deployed = await deployUntilSettled(event);
      expect(deployed).toMatchObject({ accountId: account, region, action: 'CREATE', outcome: 'STARTED' });
      expect(deployed.stackId).toMatch(
        new RegExp(`^arn:aws:cloudformation:${region}:${account}:stack/orders/`),
      );
      const settled = await pollUntilSettled(event, deployed);
      expect(settled).toMatchObject({ progress: 'SUCCEEDED', stackStatus: 'CREATE_COMPLETE' });

      // The stack lives in the member account (moto scopes resources by the assumed role's account).
      const stack = await describeStack(await memberCloudFormation(account, region), 'orders');
      expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
      expect(tagsOf(stack)).toEqual({
        Team: 'payments',
        ManagedBy: 'stackset-lite',
        'stackset-lite:operation': 'orders',
      });
      // The per-target override wins over the stack parameter.
      expect(stack?.Parameters).toEqual([{ ParameterKey: 'Env', ParameterValue: 'prod' }]);
      // Nothing of it in the orchestrator account.
      expect(await describeStack(new CloudFormationClient({ region }), 'orders')).toBeUndefined();
    });

    it('the same template again: NO_CHANGES, and the empty change set is not left behind', async () => {
      const account = estate.accounts.prod;
      const first = deployEvent(account, { executionId: 'exec-nc-1' });
      await pollUntilSettled(first, await deployUntilSettled(first));
      const again = deployEvent(account, { executionId: 'exec-nc-2' });
      const { first: created, poll } = await followToEnd(again);
      expect(created).toMatchObject({ action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' });
      // "The submitted information didn't contain changes" (a FAILED change set): moto words it as AWS does.
      expect(poll).toMatchObject({ progress: 'NO_CHANGES' });
      const cfn = await memberCloudFormation(account, region);
      const summaries = (await cfn.send(new ListChangeSetsCommand({ StackName: 'orders' }))).Summaries ?? [];
      const emptyName = operationTokens({
        executionId: 'exec-nc-2',
        accountId: account,
        region,
        stackName: 'orders',
        action: 'DEPLOY',
      }).changeSetName;
      expect(summaries.map((s) => s.ChangeSetName)).not.toContain(emptyName);
    });

    it('a new template version: an UPDATE change set, polled to UPDATE_COMPLETE', async () => {
      const account = estate.accounts.sandbox;
      const first = deployEvent(account, { executionId: 'exec-up-1' });
      await pollUntilSettled(first, await deployUntilSettled(first));
      const next = deployEvent(account, { executionId: 'exec-up-2', key: 'queue-and-topic.yaml' });
      const { first: created, poll } = await followToEnd(next);
      // deployStack creates the change set; pollStack executes it once computed, then follows the stack.
      expect(created).toMatchObject({ action: 'UPDATE', outcome: 'CHANGE_SET_CREATED' });
      expect(poll).toMatchObject({ progress: 'SUCCEEDED', stackStatus: 'UPDATE_COMPLETE' });
    });

    it('refuses a same-named stack that stackset-lite did not create, and leaves it untouched', async () => {
      const account = estate.accounts.app;
      const cfn = await memberCloudFormation(account, region);
      await cfn.send(
        new CreateStackCommand({
          StackName: 'someone-elses',
          TemplateBody: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n',
          Tags: [{ Key: 'Owner', Value: 'another-team' }],
        }),
      );
      const out = await deployUntilSettled(
        deployEvent(account, { executionId: 'exec-foreign', stackName: 'someone-elses' }),
      );
      expect(out).toMatchObject({ action: 'NONE', outcome: 'FAILED', stackStatus: 'CREATE_COMPLETE' });
      expect(out.reason).toMatch(/not managed by stackset-lite/);
      const stack = await describeStack(cfn, 'someone-elses');
      expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
      expect(tagsOf(stack)).toEqual({ Owner: 'another-team' });
    });

    it('deletes a stack it manages; polling by stack id reports DELETE_COMPLETE', async () => {
      const account = estate.accounts.sandbox;
      const created = deployEvent(account, { executionId: 'exec-del-1', stackName: 'doomed' });
      await pollUntilSettled(created, await deployUntilSettled(created));
      const removal = deployEvent(account, {
        executionId: 'exec-del-2',
        stackName: 'doomed',
        action: 'DELETE',
      });
      const deployed = await deployUntilSettled(removal);
      expect(deployed).toMatchObject({ action: 'DELETE', outcome: 'STARTED' });
      expect(await pollUntilSettled(removal, deployed)).toMatchObject({
        progress: 'SUCCEEDED',
        stackStatus: 'DELETE_COMPLETE',
      });
      expect(await describeStack(await memberCloudFormation(account, region), 'doomed')).toBeUndefined();
      // Deleting what is not there is nothing to do.
      expect(
        await deployUntilSettled(
          deployEvent(account, { executionId: 'exec-del-3', stackName: 'doomed', action: 'DELETE' }),
        ),
      ).toMatchObject({ action: 'NONE', outcome: 'NO_CHANGES' });
    });
  });

  describe('notify: the report to moto S3, the message through moto SNS', () => {
    const notify = createNotifyHandler({ logger });
    // What Lambda passes: notify takes its own account (the only one whose topic it may use) from it.
    const LAMBDA_CONTEXT = {
      invokedFunctionArn: `arn:aws:lambda:${HOME_REGION}:${ORCHESTRATOR_ACCOUNT}:function:stackset-lite-notify`,
    };
    let received: { Subject?: string; Message?: string }[];
    let subscriber: Server;

    beforeAll(async () => {
      // moto delivers to HTTP subscriptions by POSTing the notification JSON.
      received = [];
      subscriber = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => {
          body += chunk;
        });
        request.on('end', () => {
          received.push(JSON.parse(body) as { Subject?: string; Message?: string });
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

    const notifyEvent = (overrides: Partial<NotifyEvent>): NotifyEvent => ({
      operation: {
        name: 'orders',
        executionId: `arn:aws:states:${HOME_REGION}:${ORCHESTRATOR_ACCOUNT}:execution:sm:run-1`,
      },
      topicArn: estate.topicArn,
      reportBucket: WORK_BUCKET,
      ...overrides,
    });

    it('writes the JSON report and publishes a summary that names the failure', async () => {
      const results = [
        { accountId: estate.accounts.app, region: 'eu-west-1', status: 'SUCCEEDED' as const },
        {
          accountId: estate.accounts.prod,
          region: 'eu-west-1',
          status: 'FAILED' as const,
          reason: 'change set failed: Invalid template',
        },
      ];
      received.length = 0;
      const out = await notify(notifyEvent({ results }), LAMBDA_CONTEXT);
      expect(out.messageId).not.toBe('');
      expect(out.counts).toMatchObject({ SUCCEEDED: 1, FAILED: 1 });

      const object = await new S3Client({ region: HOME_REGION }).send(
        new GetObjectCommand({ Bucket: out.report.bucket, Key: out.report.key }),
      );
      const report = JSON.parse((await object.Body?.transformToString()) ?? '{}') as { total?: number };
      expect(report.total).toBe(2);

      expect(received).toHaveLength(1);
      expect(received[0]?.Subject).toBe(out.subject);
      expect(received[0]?.Message).toContain(estate.accounts.prod);
      expect(received[0]?.Message).toContain('change set failed: Invalid template');
    });

    it('reads results from S3 when they are too large to pass inline', async () => {
      const results = Object.values(estate.accounts).map((accountId) => ({
        accountId,
        region: 'us-east-1',
        status: 'SUCCEEDED' as const,
      }));
      await new S3Client({ region: HOME_REGION }).send(
        new PutObjectCommand({
          Bucket: WORK_BUCKET,
          Key: 'runs/run-2/results.json',
          Body: JSON.stringify(results),
        }),
      );
      const out = await notify(
        notifyEvent({ resultsLocation: { bucket: WORK_BUCKET, key: 'runs/run-2/results.json' } }),
        LAMBDA_CONTEXT,
      );
      expect(out.counts).toMatchObject({ SUCCEEDED: 4 });
    });

    it('a topic that does not exist is an error, not a silent success', async () => {
      await expect(
        notify(
          notifyEvent({
            results: [],
            topicArn: `arn:aws:sns:${HOME_REGION}:${ORCHESTRATOR_ACCOUNT}:missing`,
          }),
          LAMBDA_CONTEXT,
        ),
      ).rejects.toThrow(/NotFound|does not exist/);
    });

    it("another account's topic is refused before the report is written", async () => {
      const event = notifyEvent({
        operation: {
          name: 'orders',
          executionId: `arn:aws:states:${HOME_REGION}:${ORCHESTRATOR_ACCOUNT}:execution:sm:run-foreign`,
        },
        results: [],
        topicArn: `arn:aws:sns:${HOME_REGION}:${estate.accounts.app}:stackset-lite`,
      });
      await expect(notify(event, LAMBDA_CONTEXT)).rejects.toThrow(/topicArn/);
      const listed = await new S3Client({ region: HOME_REGION }).send(
        new ListObjectsV2Command({ Bucket: WORK_BUCKET, Prefix: 'stackset-lite/reports/run-foreign' }),
      );
      expect(listed.KeyCount ?? 0).toBe(0);
    });
  });

  describe('injectWorkflow macro: the definition read from moto S3', () => {
    const definition = {
      StartAt: 'Done',
      States: { Done: { Type: 'Pass', End: true } },
    };
    const macroEvent = (s3Key: string) => ({
      region: HOME_REGION,
      accountId: ORCHESTRATOR_ACCOUNT,
      requestId: 'req-1',
      transformId: `${ORCHESTRATOR_ACCOUNT}::InjectWorkflow`,
      params: { S3Key: s3Key, SMResource: 'Machine' },
      templateParameterValues: {},
      fragment: {
        Resources: {
          Machine: {
            Type: 'AWS::StepFunctions::StateMachine',
            Properties: { RoleArn: 'arn:aws:iam::123456789012:role/sm' },
          },
        },
      },
    });

    beforeAll(async () => {
      process.env.ALLOWED_BUCKETS = WORK_BUCKET;
      await new S3Client({ region: HOME_REGION }).send(
        new PutObjectCommand({
          Bucket: WORK_BUCKET,
          Key: 'workflows/v1.asl.json',
          Body: JSON.stringify(definition),
        }),
      );
      return () => {
        delete process.env.ALLOWED_BUCKETS;
      };
    });

    it('injects the stored definition into the state machine resource', async () => {
      const response = await injectWorkflowMacro(macroEvent(`s3://${WORK_BUCKET}/workflows/v1.asl.json`));
      expect(response.status).toBe('success');
      const machine = (
        response.fragment as { Resources: Record<string, { Properties: Record<string, unknown> }> }
      ).Resources.Machine;
      const injected =
        machine?.Properties.Definition ?? JSON.parse(String(machine?.Properties.DefinitionString));
      expect(injected).toEqual(definition);
    });

    it('a key that is not there fails the macro with the S3 URI named', async () => {
      const response = await injectWorkflowMacro(
        macroEvent(`s3://${WORK_BUCKET}/workflows/missing.asl.json`),
      );
      expect(response.status).toBe('failure');
      expect(response.errorMessage).toMatch(
        /s3:\/\/stackset-lite-work\/workflows\/missing\.asl\.json does not exist/,
      );
    });
  });

  /**
   * Where moto 5.2.1 differs from AWS, as met by this tier. Each test pins moto's behaviour next to what AWS
   * records, so the tier's adaptations stay honest and a moto release that changes one is noticed. The
   * product follows AWS in every case.
   */
  describe('moto differs from AWS (AWS wins; pinned so a moto upgrade is noticed)', () => {
    const region = 'eu-west-1';

    it('STS: AssumeRole of a role that does not exist succeeds (AWS: AccessDenied)', async () => {
      // AWS: sts:AssumeRole fails with AccessDenied unless the role exists and trusts the caller
      // (STS API reference, AssumeRole, Errors). So AssumeRoleDenied paths cannot be exercised on moto.
      const out = await new STSClient({ region }).send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::210987654321:role/no-such-role',
          RoleSessionName: 'x',
        }),
      );
      expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::210987654321:assumed-role/no-such-role/x');
    });

    it('CloudFormation: a CREATE change set shows its tags on the REVIEW_IN_PROGRESS stack (AWS: none)', async () => {
      // AWS: Tags [] until ExecuteChangeSet (LocalStack AWS-recorded snapshot test_stacks.snapshot.json,
      // test_stack_description_lifecycle[with-tags]). The deploy role's tag conditions must not rely on them.
      const cfn = await memberCloudFormation(estate.accounts.app, region);
      await cfn.send(
        new CreateChangeSetCommand({
          StackName: 'tag-probe',
          ChangeSetName: 'probe',
          ChangeSetType: 'CREATE',
          TemplateURL: templateUrl('queue.yaml'),
          Parameters: [{ ParameterKey: 'Env', ParameterValue: 'probe' }],
          Tags: [{ Key: 'ManagedBy', Value: 'stackset-lite' }],
        }),
      );
      const stack = await describeStack(cfn, 'tag-probe');
      expect(stack?.StackStatus).toBe('REVIEW_IN_PROGRESS');
      expect(tagsOf(stack)).toEqual({ ManagedBy: 'stackset-lite' });
    });

    it('CloudFormation: DescribeChangeSet of a missing change set is a ValidationError (AWS: ChangeSetNotFound)', async () => {
      // AWS: ChangeSetNotFoundException, error code ChangeSetNotFound (CloudFormation API reference,
      // DescribeChangeSet, Errors). deployStack reads that as "no change set of ours"; on moto the
      // ValidationError would make it refuse a leftover REVIEW_IN_PROGRESS stack of an earlier operation, so
      // that path (delete, then create again) is covered against the simulated estate, not here.
      const cfn = await memberCloudFormation(estate.accounts.app, region);
      await expect(
        cfn.send(new DescribeChangeSetCommand({ StackName: 'tag-probe', ChangeSetName: 'never-made' })),
      ).rejects.toMatchObject({ name: 'ValidationError' });
    });

    it('CloudFormation: CreateChangeSet with a name already used on the stack makes a second one (AWS: AlreadyExistsException)', async () => {
      // AWS: AlreadyExistsException, "Resource with the name requested already exists" (API reference,
      // CreateChangeSet, Errors). deployStack relies on it when a retried Lambda re-creates its change set; on
      // moto the retry makes a duplicate, which deployStack then executes: the "resumes" test passes either way.
      const cfn = await memberCloudFormation(estate.accounts.sandbox, region);
      const request = {
        StackName: 'twice',
        ChangeSetName: 'same-name',
        ChangeSetType: 'CREATE' as const,
        TemplateURL: templateUrl('queue.yaml'),
        Parameters: [{ ParameterKey: 'Env', ParameterValue: 'twice' }],
      };
      const first = await cfn.send(new CreateChangeSetCommand(request));
      const second = await cfn.send(new CreateChangeSetCommand(request));
      expect(second.Id).not.toBe(first.Id);
    });

    it("CloudFormation: ExecuteChangeSet keeps the stack's other change sets (AWS deletes them)", async () => {
      // AWS: "When you execute a change set, CloudFormation deletes all other change sets associated with
      // the stack" (API reference, ExecuteChangeSet). The handlers never rely on either: deployStack
      // deletes its own empty NO_CHANGES change set, so that test holds on both.
      const cfn = await memberCloudFormation(estate.accounts.app, region);
      await cfn.send(
        new CreateStackCommand({
          StackName: 'two-change-sets',
          TemplateURL: templateUrl('queue.yaml'),
          Parameters: [{ ParameterKey: 'Env', ParameterValue: 'a' }],
        }),
      );
      for (const [name, env] of [
        ['cs-a', 'b'],
        ['cs-b', 'c'],
      ] as const) {
        await cfn.send(
          new CreateChangeSetCommand({
            StackName: 'two-change-sets',
            ChangeSetName: name,
            TemplateURL: templateUrl('queue.yaml'),
            Parameters: [{ ParameterKey: 'Env', ParameterValue: env }],
          }),
        );
      }
      await cfn.send(new ExecuteChangeSetCommand({ StackName: 'two-change-sets', ChangeSetName: 'cs-a' }));
      const summaries =
        (await cfn.send(new ListChangeSetsCommand({ StackName: 'two-change-sets' }))).Summaries ?? [];
      expect(summaries.map((s) => s.ChangeSetName)).toContain('cs-b');
    });

    it('CloudFormation: CreateStack over a REVIEW_IN_PROGRESS stack is refused (AWS: takes it over, same stack id)', async () => {
      // AWS-recorded: LocalStack tests/aws/services/cloudformation/api/test_changesets.snapshot.json,
      // test_create_while_in_review — CreateStack succeeds with the stack id of the REVIEW_IN_PROGRESS stack
      // and its change set turns OBSOLETE. deployStack relies on that to take over a stack an earlier
      // stackset-lite left in REVIEW_IN_PROGRESS; that path is covered against the simulated estate only.
      const cfn = await memberCloudFormation(estate.accounts.app, region);
      await cfn.send(
        new CreateChangeSetCommand({
          StackName: 'left-in-review',
          ChangeSetName: 'stackset-lite-0000000000000000000000000000beef',
          ChangeSetType: 'CREATE',
          TemplateURL: templateUrl('queue.yaml'),
          Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }],
        }),
      );
      expect((await describeStack(cfn, 'left-in-review'))?.StackStatus).toBe('REVIEW_IN_PROGRESS');
      await expect(
        cfn.send(
          new CreateStackCommand({
            StackName: 'left-in-review',
            TemplateURL: templateUrl('queue.yaml'),
            Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }],
          }),
        ),
      ).rejects.toMatchObject({ name: 'AlreadyExistsException' });
    });

    it("CloudFormation: stack events carry no ClientRequestToken (AWS: the operation's token)", async () => {
      // AWS: "All events triggered by a given stack operation are assigned the same client request token"
      // (API reference, StackEvent). pollStack looks for the root cause among its operation's events by
      // that token; moto stacks never fail a resource (below), so no root cause is looked for here.
      const cfn = await memberCloudFormation(estate.accounts.app, region);
      const events =
        (await cfn.send(new DescribeStackEventsCommand({ StackName: 'orders' }))).StackEvents ?? [];
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.ClientRequestToken === undefined)).toBe(true);
    });

    it('CloudFormation: unknown resource types are accepted and "created" (AWS: template validation error)', async () => {
      // AWS rejects CreateChangeSet with ValidationError "Template format error: Unrecognized resource types".
      // Also, a resource moto cannot create makes ExecuteChangeSet itself fail and leaves the stack in
      // REVIEW_IN_PROGRESS, where AWS accepts the execute and the stack ends ROLLBACK_COMPLETE with a
      // CREATE_FAILED event: failed deployments are therefore covered against the simulated estate only.
      const cfn = await memberCloudFormation(estate.accounts.sandbox, region);
      await cfn.send(
        new CreateStackCommand({
          StackName: 'unknown-type',
          TemplateBody: 'Resources:\n  Thing:\n    Type: AWS::NoSuch::Thing\n',
        }),
      );
      expect((await describeStack(cfn, 'unknown-type'))?.StackStatus).toBe('CREATE_COMPLETE');
    });
  });
});
