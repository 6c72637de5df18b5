/**
 * The IAM allow/deny matrix of issue 10: every attack the issue lists, and the allow cases the handlers
 * and CloudFormation need, simulated with @cloud-copilot/iam-simulate over the shipped templates as
 * deployed with the test installation (template-policies.ts). Each deny case names the point of issue 10
 * it proves; each decision is the one IAM's documented evaluation logic gives for that request
 * (IAM User Guide, "Policy evaluation logic").
 */
import { type Decision, decide, type IamRequest, satisfies } from '@stackset-lite/tasks/testing';
import { describe, expect, it } from 'vitest';
import { asRole, readTemplate, s3Everything, serviceAssumes } from './requests.js';
import {
  deployRole,
  ESTATE,
  role,
  serviceRole,
  templateBucketPolicy,
  templateBucketPolicyWith,
} from './template-policies.js';

const { targetAccountId: TARGET, outsiderAccountId: OUTSIDER, organizationId: ORG } = ESTATE;

type Case = [name: string, request: IamRequest, expected: Decision];

const stackArn = (account: string, name: string) =>
  `arn:aws:cloudformation:${ESTATE.region}:${account}:stack/${name}/0f1e2d3c-aaaa-bbbb-cccc-000000000000`;
const bucket = (name: string) => `arn:aws:s3:::${name}`;
const OUR_BUCKET = bucket(`stackset-lite-audit-logs-${TARGET}-${ESTATE.region}`);

// ── Points 1 and 4: what the deploy role may create ────────────────────────────────────────────────
const TB = ESTATE.templateBucket;
const R = ESTATE.region;
const OUR_STACK = stackArn(TARGET, 'stackset-lite-bucket');
/** The URL deployStack sends: the template bucket's canonical regional URL. */
const CANONICAL = `https://${TB}.s3.${R}.amazonaws.com/templates/bucket.yaml`;
const changeSet = (context: Record<string, string | string[]> = {}, onRole = deployRole) =>
  asRole(onRole, 'cloudformation:CreateChangeSet', OUR_STACK, TARGET, {
    'aws:RequestTag/ManagedBy': 'stackset-lite',
    'aws:RequestTag/stackset-lite:operation': 'stackset-lite-bucket',
    'aws:TagKeys': ['ManagedBy', 'stackset-lite:operation'],
    'cloudformation:TemplateUrl': CANONICAL,
    'cloudformation:RoleArn': serviceRole.arn,
    ...context,
  });
const withUrl = (url: string) => changeSet({ 'cloudformation:TemplateUrl': url });
const withTags = (tags: Record<string, string>, onRole = deployRole) =>
  changeSet(
    {
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
      'aws:TagKeys': ['ManagedBy', 'stackset-lite:operation', ...Object.keys(tags)],
    },
    onRole,
  );
/** The deploy role of an installation that allows operators the CostCenter tag key. */
const deployRoleWithCostCenter = role('target-account-roles.yaml', 'DeployRole', TARGET, {
  AllowedStackTagKeys: 'CostCenter',
});

/** CreateStack, which deployStack uses for a first deployment (tags on create), under the same conditions. */
const createStack = (context: Record<string, string | string[]> = {}) => {
  const request = changeSet(context);
  return { ...request, action: 'cloudformation:CreateStack' };
};

const templateUrls: Case[] = [
  ['deploy role creates a stack from the canonical URL of the template bucket', createStack(), 'Allowed'],
  [
    '1: CreateStack from the crafted path-style URL is refused',
    createStack({
      'cloudformation:TemplateUrl': `https://s3.amazonaws.com/attacker/.amazonaws.com/${TB}/t.yaml`,
    }),
    'Denied',
  ],
  [
    '1: CreateStack with a dot segment out of the bucket is explicitly refused',
    createStack({ 'cloudformation:TemplateUrl': `https://s3.${R}.amazonaws.com/${TB}/../attacker/t` }),
    'ExplicitlyDenied',
  ],
  [
    '4/tags: CreateStack with an extra tag key is refused',
    createStack({
      'aws:TagKeys': ['ManagedBy', 'stackset-lite:operation', 'team'],
      'aws:RequestTag/team': 'x',
    }),
    'Denied',
  ],
  [
    '2: CreateStack without the service role is refused',
    createStack({ 'cloudformation:RoleArn': `arn:aws:iam::${TARGET}:role/OrganizationAccountAccessRole` }),
    'Denied',
  ],
  ['deploy role creates a change set from the canonical URL of the template bucket', changeSet(), 'Allowed'],
  [
    'deploy role creates a change set from the path-style URL (dotted bucket names need it)',
    withUrl(`https://s3.${R}.amazonaws.com/${TB}/templates/bucket.yaml`),
    'Allowed',
  ],
  [
    '1: a path-style URL whose first segment is another bucket is refused',
    withUrl(`https://s3.amazonaws.com/attacker/.amazonaws.com/${TB}/t.yaml`),
    'Denied',
  ],
  [
    '1: the same crafted URL on the regional endpoint is refused',
    withUrl(`https://s3.${R}.amazonaws.com/attacker/.amazonaws.com/${TB}/t.yaml`),
    'Denied',
  ],
  [
    '1: a host outside S3 that starts with the bucket name is refused',
    withUrl(`https://${TB}.s3.evil.example/.amazonaws.com/t`),
    'Denied',
  ],
  [
    '1: a host that only starts with the bucket endpoint is refused',
    withUrl(`https://${TB}.s3.${R}.amazonaws.com.evil.example/t.yaml`),
    'Denied',
  ],
  [
    '1: a dot segment out of the template bucket is explicitly refused',
    withUrl(`https://s3.${R}.amazonaws.com/${TB}/../attacker/t`),
    'ExplicitlyDenied',
  ],
  [
    '1: a percent-encoded dot segment (%2e%2e) is explicitly refused',
    withUrl(`https://s3.${R}.amazonaws.com/${TB}/%2e%2e/attacker/t`),
    'ExplicitlyDenied',
  ],
  [
    '1: an upper-case percent-encoded dot segment (%2E%2E) is explicitly refused',
    withUrl(`https://s3.${R}.amazonaws.com/${TB}/%2E%2E/attacker/t`),
    'ExplicitlyDenied',
  ],
  [
    '1: an encoded slash after a dot-dot (..%2F) is explicitly refused',
    withUrl(`https://s3.${R}.amazonaws.com/${TB}/..%2Fattacker/t`),
    'ExplicitlyDenied',
  ],
  [
    '1: backslashes (read as slashes by URL parsers) are explicitly refused',
    withUrl(`https://s3.${R}.amazonaws.com/${TB}/..\\attacker\\t`),
    'ExplicitlyDenied',
  ],
  [
    '1: a trailing dot-dot is explicitly refused',
    withUrl(`https://s3.${R}.amazonaws.com/${TB}/templates/..`),
    'ExplicitlyDenied',
  ],
  ['1: a query string is explicitly refused', withUrl(`${CANONICAL}?versionId=x`), 'ExplicitlyDenied'],
  ['1: plain http is refused', withUrl(`http://${TB}.s3.${R}.amazonaws.com/templates/bucket.yaml`), 'Denied'],
  [
    '1: user info before the host is refused',
    withUrl(`https://${TB}.s3.${R}.amazonaws.com@evil.example/t.yaml`),
    'Denied',
  ],
  [
    '1: an explicit port is refused',
    withUrl(`https://${TB}.s3.${R}.amazonaws.com:443/templates/bucket.yaml`),
    'Denied',
  ],
  [
    '1: a look-alike bucket is refused',
    withUrl(`https://${TB}-evil.s3.${R}.amazonaws.com/templates/bucket.yaml`),
    'Denied',
  ],
  [
    '1: the template bucket in another partition is refused',
    withUrl(`https://${TB}.s3.cn-north-1.amazonaws.com.cn/templates/bucket.yaml`),
    'Denied',
  ],
  [
    '1: a wildcard-free host still names one region: another region host is refused',
    withUrl(`https://${TB}.s3.us-west-2.amazonaws.com/templates/bucket.yaml`),
    'Denied',
  ],
];

const changeSetKinds: Case[] = [
  [
    '4/import: an IMPORT change set is explicitly refused',
    changeSet({ 'cloudformation:ImportResourceTypes': ['AWS::S3::Bucket'] }),
    'ExplicitlyDenied',
  ],
  [
    '4/import: importing an IAM role is explicitly refused',
    changeSet({ 'cloudformation:ImportResourceTypes': ['AWS::IAM::Role'] }),
    'ExplicitlyDenied',
  ],
  ['4/tags: a change set with an extra tag key is refused', withTags({ team: 'platform' }), 'Denied'],
  [
    '4/tags: an extra tag key other policies might trust (ABAC) is refused',
    withTags({ 'access-level': 'admin' }),
    'Denied',
  ],
  [
    '4/tags: a change set without stackset-lite:operation but with another key is refused',
    changeSet({ 'aws:TagKeys': ['ManagedBy', 'Owner'], 'aws:RequestTag/Owner': 'x' }),
    'Denied',
  ],
  [
    'an installation that allows CostCenter lets operators tag stacks with it',
    withTags({ CostCenter: '42' }, deployRoleWithCostCenter),
    'Allowed',
  ],
  [
    '4/tags: such an installation still refuses any other extra key',
    withTags({ CostCenter: '42', team: 'x' }, deployRoleWithCostCenter),
    'Denied',
  ],
  [
    '4/tags: tags set while creating (TagResource) are limited to the same keys',
    asRole(deployRole, 'cloudformation:TagResource', OUR_STACK, TARGET, {
      'aws:RequestTag/ManagedBy': 'stackset-lite',
      'aws:RequestTag/team': 'platform',
      'aws:TagKeys': ['ManagedBy', 'team'],
      'cloudformation:CreateAction': 'CreateChangeSet',
    }),
    'Denied',
  ],
  [
    'tags set while creating, with only the stackset-lite keys, are allowed',
    asRole(deployRole, 'cloudformation:TagResource', OUR_STACK, TARGET, {
      'aws:RequestTag/ManagedBy': 'stackset-lite',
      'aws:TagKeys': ['ManagedBy', 'stackset-lite:operation'],
      'cloudformation:CreateAction': 'CreateChangeSet',
    }),
    'Allowed',
  ],
  [
    '2: a change set without RoleARN (CloudFormation would act as the deploy role) is refused',
    asRole(deployRole, 'cloudformation:CreateChangeSet', OUR_STACK, TARGET, {
      'aws:RequestTag/ManagedBy': 'stackset-lite',
      'aws:TagKeys': ['ManagedBy'],
      'cloudformation:TemplateUrl': CANONICAL,
    }),
    'Denied',
  ],
  [
    '2: a change set passing role/* as its service role is refused',
    changeSet({ 'cloudformation:RoleArn': `arn:aws:iam::${TARGET}:role/*` }),
    'Denied',
  ],
  [
    '2: passing any role but the service role is refused',
    asRole(deployRole, 'iam:PassRole', `arn:aws:iam::${TARGET}:role/OrganizationAccountAccessRole`, TARGET, {
      'iam:PassedToService': 'cloudformation.amazonaws.com',
    }),
    'Denied',
  ],
];

// ── Point 4: the CloudFormation service role's trust ──────────────────────────────────────────────
const serviceRoleTrust: Case[] = [
  [
    'CloudFormation assumes the service role for a stackset-lite stack of its own account',
    serviceAssumes('cloudformation.amazonaws.com', serviceRole.arn, serviceRole.trust, {
      'aws:SourceAccount': TARGET,
      'aws:SourceArn': stackArn(TARGET, 'stackset-lite-bucket'),
    }),
    'Allowed',
  ],
  [
    'CloudFormation assumes the service role when it sends no source keys (falls back to iam:PassRole)',
    serviceAssumes('cloudformation.amazonaws.com', serviceRole.arn, serviceRole.trust),
    'Allowed',
  ],
  [
    '4/trust: CloudFormation acting for another account cannot assume the service role (confused deputy)',
    serviceAssumes('cloudformation.amazonaws.com', serviceRole.arn, serviceRole.trust, {
      'aws:SourceAccount': OUTSIDER,
      'aws:SourceArn': stackArn(OUTSIDER, 'stackset-lite-bucket'),
    }),
    'Denied',
  ],
  [
    '4/trust: CloudFormation acting for a stack of another account cannot assume it',
    serviceAssumes('cloudformation.amazonaws.com', serviceRole.arn, serviceRole.trust, {
      'aws:SourceArn': stackArn(OUTSIDER, 'stackset-lite-bucket'),
    }),
    'Denied',
  ],
  [
    '4/trust: CloudFormation acting for a stack outside the name prefix cannot assume it',
    serviceAssumes('cloudformation.amazonaws.com', serviceRole.arn, serviceRole.trust, {
      'aws:SourceAccount': TARGET,
      'aws:SourceArn': stackArn(TARGET, 'prod-database'),
    }),
    'Denied',
  ],
  [
    '4/trust: CloudFormation acting for a stack set cannot assume it',
    serviceAssumes('cloudformation.amazonaws.com', serviceRole.arn, serviceRole.trust, {
      'aws:SourceAccount': TARGET,
      'aws:SourceArn': `arn:aws:cloudformation:${ESTATE.region}:${TARGET}:stackset/stackset-lite-x:1234`,
    }),
    'Denied',
  ],
];

// ── Point 4: the service role's buckets ───────────────────────────────────────────────────────────
const ownAccount = { 's3:ResourceAccount': TARGET };
/** A bucket created by stack `stackName` of `account`: CloudFormation's own tag (ABAC enabled). */
const createdBy = (account: string, stackName: string) => ({
  ...ownAccount,
  'aws:ResourceTag/aws:cloudformation:stack-id': stackArn(account, stackName),
  'aws:ResourceTag/ManagedBy': 'stackset-lite',
});
const abac = { s3BucketAbacEnabled: true };
const asService = (
  action: string,
  resource: string,
  context: Record<string, string>,
  options: Pick<IamRequest, 's3BucketAbacEnabled'> = {},
) => asRole(serviceRole, action, resource, context['s3:ResourceAccount'] ?? TARGET, context, options);

const serviceRoleBuckets: Case[] = [
  [
    'service role creates a prefixed bucket in its account',
    asService('s3:CreateBucket', OUR_BUCKET, ownAccount),
    'Allowed',
  ],
  [
    'service role sets encryption on a prefixed bucket of its account',
    asService('s3:PutEncryptionConfiguration', OUR_BUCKET, ownAccount),
    'Allowed',
  ],
  [
    'service role enables ABAC on a prefixed bucket of its account',
    asService('s3:PutBucketAbac', OUR_BUCKET, ownAccount),
    'Allowed',
  ],
  [
    'service role tags a prefixed bucket of its account (CloudFormation uses TagResource with ABAC)',
    asService('s3:TagResource', OUR_BUCKET, ownAccount),
    'Allowed',
  ],
  [
    'service role deletes a bucket its stackset-lite stack created',
    asService('s3:DeleteBucket', OUR_BUCKET, createdBy(TARGET, 'stackset-lite-bucket'), abac),
    'Allowed',
  ],
  [
    '4/buckets: service role cannot create a prefixed bucket in another account',
    asService('s3:CreateBucket', bucket('stackset-lite-theirs'), { 's3:ResourceAccount': OUTSIDER }),
    'Denied',
  ],
  [
    "4/buckets: service role cannot change another account's prefixed bucket configuration",
    asService('s3:PutLifecycleConfiguration', bucket('stackset-lite-theirs'), {
      's3:ResourceAccount': OUTSIDER,
    }),
    'Denied',
  ],
  [
    '4/buckets: service role cannot change the policy of a prefixed bucket it did not create',
    asService('s3:PutBucketPolicy', bucket('stackset-lite-payroll'), ownAccount, abac),
    'Denied',
  ],
  [
    '4/buckets: service role cannot change the policy even of a bucket its stack created',
    asService('s3:PutBucketPolicy', OUR_BUCKET, createdBy(TARGET, 'stackset-lite-bucket'), abac),
    'Denied',
  ],
  [
    '4/buckets: service role cannot delete the policy of a prefixed bucket',
    asService('s3:DeleteBucketPolicy', bucket('stackset-lite-payroll'), ownAccount),
    'Denied',
  ],
  [
    '4/buckets: service role cannot change the public-access block of a prefixed bucket it did not create',
    asService('s3:PutBucketPublicAccessBlock', bucket('stackset-lite-payroll'), ownAccount, abac),
    'Denied',
  ],
  [
    '4/buckets: service role cannot change the public-access block of its own bucket either',
    asService('s3:PutBucketPublicAccessBlock', OUR_BUCKET, createdBy(TARGET, 'stackset-lite-bucket'), abac),
    'Denied',
  ],
  [
    '4/buckets: service role cannot change ownership controls (ACLs) of a prefixed bucket',
    asService('s3:PutBucketOwnershipControls', bucket('stackset-lite-payroll'), ownAccount),
    'Denied',
  ],
  [
    '4/buckets: service role cannot delete a prefixed bucket no stack created (no CloudFormation tag)',
    asService('s3:DeleteBucket', bucket('stackset-lite-payroll'), ownAccount, abac),
    'Denied',
  ],
  [
    '4/buckets: service role cannot delete a prefixed bucket tagged ManagedBy by hand (the tag is forgeable)',
    asService(
      's3:DeleteBucket',
      bucket('stackset-lite-payroll'),
      { ...ownAccount, 'aws:ResourceTag/ManagedBy': 'stackset-lite' },
      abac,
    ),
    'Denied',
  ],
  [
    "4/buckets: service role cannot delete a prefixed bucket another team's stack created",
    asService('s3:DeleteBucket', bucket('stackset-lite-payroll'), createdBy(TARGET, 'prod-payroll'), abac),
    'Denied',
  ],
  [
    '4/buckets: service role cannot delete a bucket a stackset-lite stack of another account created',
    asService(
      's3:DeleteBucket',
      bucket('stackset-lite-theirs'),
      { ...createdBy(OUTSIDER, 'stackset-lite-bucket'), 's3:ResourceAccount': OUTSIDER },
      abac,
    ),
    'Denied',
  ],
  [
    '4/buckets: without ABAC on the bucket, S3 shows IAM no tags: deletion is refused (fail closed)',
    asService('s3:DeleteBucket', OUR_BUCKET, createdBy(TARGET, 'stackset-lite-bucket')),
    'Denied',
  ],
];

// ── Point 4: who may read templates ────────────────────────────────────────────────────────────────
const deployNamed = (account: string) => `arn:aws:iam::${account}:role/stackset-lite-deploy`;
const OU = `${ORG}/r-ab12/ou-ab12-11111111/`;
const ouOnlyPolicy = templateBucketPolicyWith({ ReaderOrgPaths: `${OU}*` });
const templateReads: Case[] = [
  [
    'the deploy role (tagged stackset-lite:role=deploy) of an organization account reads a template',
    readTemplate(deployRole, templateBucketPolicy),
    'Allowed',
  ],
  [
    '4/templates: a role an organization account created with the deploy role name cannot read templates',
    readTemplate({ arn: deployNamed('444444444444'), identity: s3Everything }, templateBucketPolicy),
    'Denied',
  ],
  [
    '4/templates: a deploy-named role tagged for another stackset-lite role cannot read templates',
    readTemplate(
      { arn: deployNamed('444444444444'), identity: s3Everything, tags: { 'stackset-lite:role': 'lister' } },
      templateBucketPolicy,
    ),
    'Denied',
  ],
  [
    '4/templates: a differently named role carrying the deploy tag cannot read templates',
    readTemplate(
      {
        arn: 'arn:aws:iam::444444444444:role/developer',
        identity: s3Everything,
        tags: { 'stackset-lite:role': 'deploy' },
      },
      templateBucketPolicy,
    ),
    'Denied',
  ],
  [
    '4/templates: the deploy role of an account outside ReaderOrgPaths cannot read templates',
    readTemplate(deployRole, ouOnlyPolicy, { orgPath: `${ORG}/r-ab12/ou-ab12-99999999/` }),
    'Denied',
  ],
  [
    'the deploy role of an account under ReaderOrgPaths (a child OU) reads templates',
    readTemplate(deployRole, ouOnlyPolicy, { orgPath: `${OU}ou-ab12-22222222/` }),
    'Allowed',
  ],
  [
    'a tagged deploy role outside the organization cannot read templates',
    readTemplate(
      { arn: deployNamed(OUTSIDER), identity: s3Everything, tags: { 'stackset-lite:role': 'deploy' } },
      templateBucketPolicy,
      { orgId: 'o-zzzzzz9999' },
    ),
    'Denied',
  ],
  [
    'the deploy role cannot read templates without TLS',
    readTemplate(deployRole, templateBucketPolicy, { secure: false }),
    'ExplicitlyDenied',
  ],
];

/** Every case of this file. */
export const leastPrivilegeCases: Case[] = [
  ...templateUrls,
  ...changeSetKinds,
  ...serviceRoleTrust,
  ...serviceRoleBuckets,
  ...templateReads,
];

describe('issue 10: least privilege that holds (IAM simulation)', () => {
  it('adds at least 40 cases, with allow cases that must keep working', () => {
    expect(leastPrivilegeCases.length).toBeGreaterThanOrEqual(40);
    expect(leastPrivilegeCases.filter(([, , d]) => d === 'Allowed').length).toBeGreaterThanOrEqual(10);
  });

  it.each(leastPrivilegeCases)('%s', async (_name, request, expected) => {
    const actual = await decide(request);
    expect(satisfies(actual, expected), `expected ${expected}, simulated ${actual}`).toBe(true);
  });
});
