import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/**
 * A small AWS estate in moto for the moto tiers: an organization whose management account is the
 * orchestrator (moto's default account), OUs, member accounts, buckets and a topic. The clients come
 * from the environment (`AWS_ENDPOINT_URL`, see /test-support/moto-server.ts), as the handlers' do.
 */

/** moto's default account: the orchestrator and the organization's management account. */
export const ORCHESTRATOR_ACCOUNT = '123456789012';
export const HOME_REGION = 'us-east-1';

/** What {@link seedEstate} made. */
export interface SeededEstate {
  rootId: string;
  /** OU ids by name: `workloads`, and `prod` nested inside it. */
  ous: { workloads: string; prod: string };
  /** Member account ids by role. */
  accounts: {
    /** In `workloads`. */
    app: string;
    /** In `prod` (inside `workloads`): reached only by recursing into child OUs. */
    prod: string;
    /** Directly under the root. */
    sandbox: string;
    /** In `workloads`, closed: SUSPENDED. */
    closed: string;
  };
  topicArn: string;
}

/** Creates the estate in moto. Buckets get the given objects (`bucket/key` → body). */
export async function seedEstate(objects: Readonly<Record<string, string>>): Promise<SeededEstate> {
  const aws = { region: HOME_REGION };
  const organizations = new OrganizationsClient(aws);
  const s3 = new S3Client(aws);
  const sns = new SNSClient(aws);
  try {
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
    if (!rootId) throw new Error('moto returned no organization root');
    const ou = async (ParentId: string, Name: string) => {
      const created = await organizations.send(new CreateOrganizationalUnitCommand({ ParentId, Name }));
      const id = created.OrganizationalUnit?.Id;
      if (!id) throw new Error(`moto returned no id for OU ${Name}`);
      return id;
    };
    const workloads = await ou(rootId, 'workloads');
    const prod = await ou(workloads, 'prod');
    const account = async (name: string, parent: string) => {
      const created = await organizations.send(
        new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
      );
      const id = created.CreateAccountStatus?.AccountId;
      if (!id) throw new Error(`moto returned no account id for ${name}`);
      if (parent !== rootId) {
        await organizations.send(
          new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parent }),
        );
      }
      return id;
    };
    const accounts = {
      app: await account('app', workloads),
      prod: await account('prod', prod),
      sandbox: await account('sandbox', rootId),
      closed: await account('closed', workloads),
    };
    await organizations.send(new CloseAccountCommand({ AccountId: accounts.closed }));

    const buckets = new Set(Object.keys(objects).map((path) => path.split('/')[0] as string));
    for (const Bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket }));
    for (const [path, Body] of Object.entries(objects)) {
      const [Bucket, ...key] = path.split('/');
      await s3.send(new PutObjectCommand({ Bucket, Key: key.join('/'), Body }));
    }
    const topic = await sns.send(new CreateTopicCommand({ Name: 'stackset-lite' }));
    if (!topic.TopicArn) throw new Error('moto returned no topic ARN');
    return { rootId, ous: { workloads, prod }, accounts, topicArn: topic.TopicArn };
  } finally {
    organizations.destroy();
    s3.destroy();
    sns.destroy();
  }
}

/** The role the tiers assume in member accounts, and its external ID (moto checks neither). */
export const DEPLOY_ROLE = 'stackset-lite-deploy';
export const EXTERNAL_ID = 'stackset-lite-moto';

/**
 * A CloudFormation client in a member account, through the role the handlers assume there: moto scopes
 * resources by the assumed role's account, as AWS does.
 */
export async function memberCloudFormation(accountId: string, region: string): Promise<CloudFormationClient> {
  const sts = new STSClient({ region });
  try {
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${DEPLOY_ROLE}`,
        RoleSessionName: 'moto-tier-check',
        ExternalId: EXTERNAL_ID,
      }),
    );
    const c = assumed.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('moto issued no credentials');
    return new CloudFormationClient({
      region,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
      },
    });
  } finally {
    sts.destroy();
  }
}

/** The stack by name, or undefined when there is none (deleted stacks are found only by id). */
export async function describeStack(
  cfn: CloudFormationClient,
  stackName: string,
): Promise<Stack | undefined> {
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
}
