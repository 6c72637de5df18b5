/**
 * Issue 10: every value that reaches an AWS call is validated at the edge. Each bad event below is
 * refused with `InvalidInput` naming the field (a JSON pointer), and the estate records no AWS call at
 * all — not an AssumeRole, not an S3 read.
 */
import {
  createDeployStackHandler,
  createListTargetsHandler,
  createNotifyHandler,
  createPollStackHandler,
  createSilentLogger,
  type DeployStackEvent,
  type ListTargetsEvent,
  type NotifyEvent,
  type PollStackEvent,
} from '@stackset-lite/tasks';
import { type RecordedAwsCall, SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let estate: SimulatedEstate;
let recorded: RecordedAwsCall[];
beforeEach(() => {
  estate = new SimulatedEstate().install();
  recorded = estate.recordCalls();
});
afterEach(() => estate.uninstall());

const logger = createSilentLogger();

/** Calls `handler`, expects InvalidInput at `path` matching `message`, and no AWS call. */
async function refused(run: () => Promise<unknown>, path: string, message: RegExp) {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e as Error & { issues?: { path: string; message: string }[] },
  );
  expect(error, 'the event was accepted').toBeDefined();
  expect(error?.name).toBe('InvalidInput');
  const issue = error?.issues?.find((i) => i.path === path);
  expect(issue, `no issue at ${path}: ${error?.message}`).toBeDefined();
  expect(issue?.message).toMatch(message);
  expect(recorded.map((c) => `${c.service}:${c.operation}`)).toEqual([]);
}

describe('listTargets refuses before any call', () => {
  const listTargets = () => createListTargetsHandler({ logger, clock: estate.clock, region: 'eu-west-1' });
  const event = (overrides: Partial<ListTargetsEvent> = {}): ListTargetsEvent => ({
    operation: { name: 'baseline', executionId: 'run-1' },
    managementAccount: { roleArn: 'arn:aws:iam::111111111111:role/stackset-lite-target-lister' },
    regions: ['eu-west-1'],
    ...overrides,
  });

  it.each([
    [{ regions: ['xx-fake-9'] }, '/regions/0', /"xx-fake-9" is not a known AWS region/],
    [
      { regions: ['eu-west-1', 'us-east-1', 'eu-west-1'] },
      '/regions/2',
      /eu-west-1 is listed twice \(also at \/regions\/0\)/,
    ],
    [
      { regions: ['eu-west-1', 'cn-north-1'] },
      '/regions/1',
      /cn-north-1 is in partition aws-cn, the management role in aws/,
    ],
    [{ regions: ['EU-WEST-1'] }, '/regions/0', /not a known AWS region/],
    [
      { managementAccount: { roleArn: 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRole' } },
      '/managementAccount/roleArn',
      /"OrganizationAccountAccessRole" is not a stackset-lite role/,
    ],
    [
      { managementAccount: { roleArn: 'arn:aws:iam::111111111111:user/stackset-lite-admin' } },
      '/managementAccount/roleArn',
      /expected an IAM role ARN/,
    ],
    [
      { managementAccount: { roleArn: 'arn:aws-fake:iam::111111111111:role/stackset-lite-x' } },
      '/managementAccount/roleArn',
      /unknown partition/,
    ],
    [
      { managementAccount: { roleArn: 'arn:aws:iam::11111111111:role/stackset-lite-x' } },
      '/managementAccount/roleArn',
      /no 12-digit account id/,
    ],
    [
      {
        managementAccount: {
          roleArn: 'arn:aws:iam::111111111111:role/stackset-lite-target-lister',
          externalId: 'has spaces; and semicolons',
        },
      },
      '/managementAccount/externalId',
      /expected an external ID/,
    ],
    [
      {
        managementAccount: { roleArn: 'arn:aws:iam::111111111111:role/stackset-lite-x', region: 'xx-fake-9' },
      },
      '/managementAccount/region',
      /not a known AWS region/,
    ],
    [{ targetListBucket: 'Not_A_Bucket' }, '/targetListBucket', /not an S3 bucket name/],
    [{ targetListBucket: 'ab' }, '/targetListBucket', /not an S3 bucket name/],
    [{ targetListKeyPrefix: '../other-run/' }, '/targetListKeyPrefix', /"\.\." path segment/],
    [{ targetListKeyPrefix: 'runs/../../x/' }, '/targetListKeyPrefix', /"\.\." path segment/],
    [{ targetListKeyPrefix: '/absolute/' }, '/targetListKeyPrefix', /empty path segment/],
    [
      { targets: { accountsLocation: { bucket: 'lists', key: 'a/../../secrets.json' } } },
      '/targets/accountsLocation/key',
      /"\.\." path segment/,
    ],
    [
      { targets: { accountsLocation: { bucket: 'xn--lists', key: 'accounts.csv' } } },
      '/targets/accountsLocation/bucket',
      /prefix xn-- is reserved/,
    ],
  ] as [Partial<ListTargetsEvent>, string, RegExp][])(
    '%j is refused at %s',
    async (overrides, path, message) => {
      await refused(() => listTargets()(event(overrides)), path, message);
    },
  );
});

describe('pollStack refuses before any call', () => {
  const pollStack = () => createPollStackHandler({ logger, clock: estate.clock });
  const ACCOUNT = '222222222222';
  const event = (overrides: Partial<PollStackEvent> = {}): PollStackEvent => ({
    operation: { name: 'baseline', executionId: 'run-1' },
    target: { accountId: ACCOUNT, region: 'eu-west-1' },
    stackName: 'baseline',
    deployRole: { roleName: 'stackset-lite-deploy' },
    ...overrides,
  });
  const arn = (account: string, region: string, name: string) =>
    `arn:aws:cloudformation:${region}:${account}:stack/${name}/0f1e2d3c-aaaa-bbbb-cccc-000000000000`;

  it.each([
    [
      { stackId: arn('999999999999', 'eu-west-1', 'baseline') },
      '/stackId',
      /in account 999999999999, not the target's 222222222222/,
    ],
    [
      { stackId: arn(ACCOUNT, 'us-east-1', 'baseline') },
      '/stackId',
      /in region us-east-1, not the target's eu-west-1/,
    ],
    [
      { stackId: arn(ACCOUNT, 'eu-west-1', 'prod-database') },
      '/stackId',
      /of stack prod-database, not baseline/,
    ],
    [{ stackId: 'prod-database' }, '/stackId', /expected the stack ARN deployStack returned/],
    [
      { stackId: `arn:aws-cn:cloudformation:eu-west-1:${ACCOUNT}:stack/baseline/x` },
      '/stackId',
      /partition aws-cn, not aws/,
    ],
    [{ backoff: { initialSeconds: 5, multiplier: 1e308, maxSeconds: 60 } }, '/backoff/multiplier', /<=10/],
    [{ backoff: { initialSeconds: 5, multiplier: 2, maxSeconds: 1e9 } }, '/backoff/maxSeconds', /<=3600/],
    [
      { backoff: { initialSeconds: 86_400, multiplier: 2, maxSeconds: 60 } },
      '/backoff/initialSeconds',
      /<=3600/,
    ],
    [{ attempt: 1e12 }, '/attempt', /<=1000000/],
    [{ clientRequestToken: 'token with spaces' }, '/clientRequestToken', /ClientRequestToken/],
    [
      { target: { accountId: ACCOUNT, region: 'xx-fake-9' } },
      '/target/region',
      /"xx-fake-9" is not a known AWS region/,
    ],
    [
      { deployRole: { roleName: 'OrganizationAccountAccessRole' } },
      '/deployRole/roleName',
      /not a stackset-lite role/,
    ],
    [{ deployRole: { roleName: '*' } }, '/deployRole/roleName', /not an IAM role name/],
    [{ operation: { name: 'aws:x', executionId: 'run-1' } }, '/operation/name', /may not start with aws:/],
  ] as [Partial<PollStackEvent>, string, RegExp][])(
    '%j is refused at %s',
    async (overrides, path, message) => {
      await refused(() => pollStack()(event(overrides)), path, message);
    },
  );

  it('accepts its own stack ARN and the stack name', async () => {
    const account = estate.organization.addAccount().id;
    const ok = (stackId: string) =>
      pollStack()(event({ target: { accountId: account, region: 'eu-west-1' }, stackId }));
    // No stack exists: pollStack reports it (after calling AWS), it does not refuse the event.
    await expect(ok(arn(account, 'eu-west-1', 'baseline'))).resolves.toMatchObject({ progress: 'FAILED' });
    await expect(ok('baseline')).resolves.toMatchObject({ progress: 'FAILED' });
  });
});

describe('notify refuses before any call', () => {
  const notify = () => createNotifyHandler({ logger, clock: estate.clock, accountId: '111111111111' });
  const event = (overrides: Partial<NotifyEvent> = {}): NotifyEvent => ({
    operation: { name: 'baseline', executionId: 'run-1' },
    results: [{ accountId: '222222222222', region: 'eu-west-1', status: 'SUCCEEDED' }],
    topicArn: 'arn:aws:sns:eu-west-1:111111111111:stackset-lite',
    reportBucket: 'ssl-reports',
    ...overrides,
  });

  it.each([
    [
      { topicArn: 'arn:aws:sns:eu-west-1:999999999999:attacker-inbox' },
      '/topicArn',
      /the topic must be in the orchestrator's account 111111111111/,
    ],
    [{ topicArn: 'arn:aws:sns:xx-fake-9:111111111111:stackset-lite' }, '/topicArn', /unknown region/],
    [{ topicArn: 'arn:aws:sns:cn-north-1:111111111111:stackset-lite' }, '/topicArn', /not in partition aws/],
    [{ topicArn: 'arn:aws:sqs:eu-west-1:111111111111:stackset-lite' }, '/topicArn', /is not a sns ARN/],
    [{ topicArn: 'arn:aws:sns:eu-west-1:111111111111:a/b' }, '/topicArn', /expected an SNS topic name/],
    [{ reportBucket: 'Reports' }, '/reportBucket', /not an S3 bucket name/],
    [{ reportKeyPrefix: 'reports/../../other/' }, '/reportKeyPrefix', /"\.\." path segment/],
    [{ reportRegion: 'xx-fake-9' }, '/reportRegion', /not a known AWS region/],
    [{ reportRegion: 'cn-north-1' }, '/reportRegion', /must be a region of partition aws/],
    [
      { results: undefined, resultsLocation: { bucket: 'ssl-results', key: '../results.json' } },
      '/resultsLocation/key',
      /"\.\." path segment/,
    ],
  ] as [Partial<NotifyEvent>, string, RegExp][])('%j is refused at %s', async (overrides, path, message) => {
    await refused(() => notify()(event(overrides)), path, message);
  });

  it("takes its own account from the Lambda context's function ARN", async () => {
    const fromContext = createNotifyHandler({ logger, clock: estate.clock });
    const context = {
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:stackset-lite-notify',
    };
    await expect(fromContext(event(), context)).resolves.toMatchObject({ report: { bucket: 'ssl-reports' } });
    recorded.length = 0;
    await refused(
      () => fromContext(event({ topicArn: 'arn:aws:sns:eu-west-1:999999999999:x' }), context),
      '/topicArn',
      /111111111111/,
    );
  });
});

describe('deployStack refuses before any call (issue 10, points 1 and 2)', () => {
  const ACCOUNT = '222222222222';
  const BUCKET = { name: 'acme-templates', region: 'eu-west-1' };
  const deployStack = (templateBucket: { name: string; region: string } | null = BUCKET) =>
    createDeployStackHandler({
      logger,
      clock: estate.clock,
      templateBucket: templateBucket ?? undefined,
    });
  const event = (
    stack: Partial<DeployStackEvent['stack']> = {},
    overrides: Partial<DeployStackEvent> = {},
  ): DeployStackEvent => ({
    operation: { name: 'stackset-lite-bucket', executionId: 'run-1' },
    target: { accountId: ACCOUNT, region: 'eu-west-1' },
    stack: {
      name: 'stackset-lite-bucket',
      templateUrl: 'https://acme-templates.s3.eu-west-1.amazonaws.com/t.yaml',
      serviceRoleName: 'stackset-lite-cloudformation',
      ...stack,
    },
    deployRole: { roleName: 'stackset-lite-deploy' },
    ...overrides,
  });

  it.each([
    // Point 1: URLs the old IAM patterns and isTemplateBucketUrl accepted.
    [
      { templateUrl: 'https://s3.amazonaws.com/attacker/.amazonaws.com/acme-templates/t.yaml' },
      '/stack/templateUrl',
      /in bucket attacker; deployStack deploys only from the template bucket acme-templates/,
    ],
    [
      { templateUrl: 'https://acme-templates.s3.evil.example/.amazonaws.com/t' },
      '/stack/templateUrl',
      /not an Amazon S3 endpoint/,
    ],
    [
      { templateUrl: 'https://s3.amazonaws.com/acme-templates/../attacker/t' },
      '/stack/templateUrl',
      /"\.\." path segment/,
    ],
    // Point 2: schemes, hosts and sizes.
    [
      { templateUrl: 'http://acme-templates.s3.amazonaws.com/t.yaml' },
      '/stack/templateUrl',
      /only https is accepted/,
    ],
    [{ templateUrl: 'file:///etc/passwd' }, '/stack/templateUrl', /scheme is "file"/],
    [{ templateUrl: 'https://example.com/t.yaml' }, '/stack/templateUrl', /not an Amazon S3 endpoint/],
    [
      { templateUrl: 'https://other-bucket.s3.eu-west-1.amazonaws.com/t.yaml' },
      '/stack/templateUrl',
      /in bucket other-bucket/,
    ],
    [
      { templateUrl: 'https://acme-templates.s3.cn-north-1.amazonaws.com.cn/t.yaml' },
      '/stack/templateUrl',
      /partition aws-cn, the template bucket in aws/,
    ],
    [{ serviceRoleName: '*' }, '/stack/serviceRoleName', /not an IAM role name/],
    [{ serviceRoleName: undefined }, '/stack/serviceRoleName', /required: the CloudFormation service role/],
    [
      { serviceRoleName: undefined, serviceRoleArn: `arn:aws:iam::${ACCOUNT}:role/*` },
      '/stack/serviceRoleArn',
      /not an IAM role name/,
    ],
    [
      { serviceRoleName: undefined, serviceRoleArn: `arn:aws-cn:iam::${ACCOUNT}:role/x` },
      '/stack/serviceRoleArn',
      /partition aws-cn/,
    ],
    [
      { tags: { 'aws:cloudformation:stack-name': 'x' } },
      '/stack/tags/aws:cloudformation:stack-name',
      /prefix aws:, reserved for AWS/,
    ],
    [{ tags: { 'AWS:Owner': 'x' } }, '/stack/tags/AWS:Owner', /prefix aws:/],
    [{ tags: { ManagedBy: 'someone-else' } }, '/stack/tags/ManagedBy', /set by stackset-lite itself/],
    [
      { tags: { 'stackset-lite:operation': 'forged' } },
      '/stack/tags/stackset-lite:operation',
      /set by stackset-lite itself/,
    ],
    [{ tags: { team: '' } }, '/stack/tags/team', /1-256 characters/],
    [{ tags: { 'bad{key}': 'x' } }, '/stack/tags/bad{key}', /may hold only/],
    [{ parameters: { 'Bad-Name': 'x' } }, '/stack/parameters/Bad-Name', /expected a parameter name/],
    [{ retainResources: ['../x'] }, '/stack/retainResources/0', /logical resource id/],
  ] as [Partial<DeployStackEvent['stack']>, string, RegExp][])(
    '%j is refused at %s',
    async (stack, path, message) => {
      await refused(() => deployStack()(event(stack)), path, message);
    },
  );

  it.each([
    [
      { deployRole: { roleName: 'OrganizationAccountAccessRole' } },
      '/deployRole/roleName',
      /"OrganizationAccountAccessRole" is not a stackset-lite role/,
    ],
    [
      { deployRole: { roleName: 'admin/stackset-lite-' } },
      '/deployRole/roleName',
      /not a stackset-lite role/,
    ],
    [
      { target: { accountId: ACCOUNT, region: 'xx-fake-9' } },
      '/target/region',
      /"xx-fake-9" is not a known AWS region/,
    ],
    [
      { target: { accountId: ACCOUNT, region: 'cn-north-1' } },
      '/target/region',
      /partition aws-cn, the template bucket in aws/,
    ],
  ] as [Partial<DeployStackEvent>, string, RegExp][])(
    '%j is refused at %s',
    async (overrides, path, message) => {
      await refused(() => deployStack()(event({}, overrides)), path, message);
    },
  );

  it('refuses a 5 MB templateUrl without echoing it', async () => {
    const templateUrl = `https://acme-templates.s3.amazonaws.com/${'x'.repeat(5 * 1024 * 1024)}`;
    await refused(
      () => deployStack()(event({ templateUrl })),
      '/stack/templateUrl',
      /^the URL is 5242920 characters; at most 2048 are accepted$/,
    );
  });

  it('refuses every template when no template bucket is configured (fail closed)', async () => {
    await refused(() => deployStack(null)(event()), '/stack/templateUrl', /no template bucket configured/);
  });

  it('sends CloudFormation the canonical regional URL of the template bucket, whatever documented form it got', async () => {
    const account = estate.organization.addAccount().id;
    await deployStack()(
      event(
        { templateUrl: 'https://s3.amazonaws.com/acme-templates/dir/t%20x.yaml' },
        { target: { accountId: account, region: 'us-east-1' } },
      ),
    );
    const sent = recorded.find((c) => c.operation === 'CreateChangeSet' || c.operation === 'CreateStack');
    expect(sent?.input.TemplateURL).toBe('https://acme-templates.s3.eu-west-1.amazonaws.com/dir/t%20x.yaml');
  });
});
