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

/** Every case of this file; the deploy role's (points 1, 2 and 4) follow in the same matrix. */
export const leastPrivilegeCases: Case[] = [...serviceRoleTrust, ...serviceRoleBuckets, ...templateReads];

describe('issue 10: least privilege that holds (IAM simulation)', () => {
  it.each(leastPrivilegeCases)('%s', async (_name, request, expected) => {
    const actual = await decide(request);
    expect(satisfies(actual, expected), `expected ${expected}, simulated ${actual}`).toBe(true);
  });
});
