import {
  type Decision,
  decide,
  type IamRequest,
  principalTagContext,
  satisfies,
} from '@stackset-lite/tasks/testing';
import { describe, expect, it } from 'vitest';
import {
  deployRole,
  ESTATE,
  listerRole,
  macroRole,
  type PolicyDocument,
  serviceRole,
  templateBucketPolicy,
} from './template-policies.js';

const { targetAccountId: TARGET, orchestratorAccountId: ORCH, managementAccountId: MGMT } = ESTATE;

const stack = (name: string) => `arn:aws:cloudformation:${ESTATE.region}:${TARGET}:stack/${name}/0f1e2d3c`;
const OUR_STACK = stack('stackset-lite-bucket');
const templateUrl = `https://${ESTATE.templateBucket}.s3.${ESTATE.region}.amazonaws.com/templates/bucket.yaml`;

function session(
  roleArn: string,
  name = 'stackset-lite',
): { principal: string; context: Record<string, string> } {
  const [, , , , account, resource] = roleArn.split(':');
  return {
    principal: `arn:aws:sts::${account}:assumed-role/${resource?.replace('role/', '')}/${name}`,
    context: { 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': account ?? '' },
  };
}

const deploy = session(deployRole.arn);

function asDeployRole(
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
  resourceAccount: string = TARGET,
): IamRequest {
  return {
    principal: deploy.principal,
    action,
    resource,
    resourceAccount,
    context: { ...deploy.context, ...context },
    identity: deployRole.identity,
  };
}

const changeSetContext = {
  'aws:RequestTag/ManagedBy': 'stackset-lite',
  'aws:TagKeys': ['ManagedBy'],
  'cloudformation:TemplateUrl': templateUrl,
  'cloudformation:RoleArn': serviceRole.arn,
};
const tagged = { 'aws:ResourceTag/ManagedBy': 'stackset-lite' };

// The orchestrator's Lambda role, assuming roles in other accounts.
const orchestratorRoleArn = `arn:aws:iam::${ORCH}:role/${ESTATE.orchestratorRoleName}`;
const assumeAnything: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
};

function assume(
  roleArn: string,
  trust: PolicyDocument,
  callerRoleArn: string,
  externalId: string | undefined,
): IamRequest {
  const caller = session(callerRoleArn, 'orchestrator');
  return {
    principal: caller.principal,
    action: 'sts:AssumeRole',
    resource: roleArn,
    resourceAccount: roleArn.split(':')[4] ?? '',
    context: { ...caller.context, ...(externalId === undefined ? {} : { 'sts:ExternalId': externalId }) },
    identity: [{ name: 'AssumeAnything', policy: assumeAnything }],
    resourcePolicy: trust,
  };
}

function serviceAssumes(
  service: string,
  roleArn: string,
  trust: PolicyDocument,
  context: Record<string, string> = {},
): IamRequest {
  return {
    principal: service,
    action: 'sts:AssumeRole',
    resource: roleArn,
    resourceAccount: roleArn.split(':')[4] ?? '',
    context,
    identity: [],
    resourcePolicy: trust,
  };
}

function asRole(
  role: { arn: string; identity: IamRequest['identity'] },
  action: string,
  resource: string,
  resourceAccount: string,
  context: Record<string, string | string[]> = {},
): IamRequest {
  const caller = session(role.arn);
  return {
    principal: caller.principal,
    action,
    resource,
    resourceAccount,
    context: { ...caller.context, ...context },
    identity: role.identity,
  };
}

// A target account's principal reading a template cross-account: identity policy and bucket policy.
function readTemplate(
  roleArn: string,
  orgId: string,
  identity: IamRequest['identity'],
  secure = true,
  object = `arn:aws:s3:::${ESTATE.templateBucket}/templates/bucket.yaml`,
): IamRequest {
  const caller = session(roleArn);
  return {
    principal: caller.principal,
    action: 's3:GetObject',
    resource: object,
    resourceAccount: ORCH,
    context: {
      ...caller.context,
      // A session of the shipped deploy role carries its tags (aws:PrincipalTag/*).
      ...(roleArn === deployRole.arn ? principalTagContext(deployRole) : {}),
      'aws:PrincipalOrgID': orgId,
      'aws:PrincipalOrgPaths': [`${orgId}/r-ab12/`],
      'aws:SecureTransport': secure ? 'true' : 'false',
    },
    identity,
    resourcePolicy: templateBucketPolicy,
  };
}

const s3Everything: IamRequest['identity'] = [
  {
    name: 'S3Everything',
    policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
  },
];

const cases: [string, IamRequest, Decision][] = [
  // The deploy role: change sets on tagged, prefixed stacks only.
  [
    'deploy role creates a change set on a tagged stack',
    asDeployRole('cloudformation:CreateChangeSet', OUR_STACK, changeSetContext),
    'Allowed',
  ],
  [
    'deploy role cannot create a change set without the ManagedBy tag',
    asDeployRole('cloudformation:CreateChangeSet', OUR_STACK, {
      'cloudformation:TemplateUrl': templateUrl,
      'cloudformation:RoleArn': serviceRole.arn,
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a change set tagged ManagedBy=someone-else',
    asDeployRole('cloudformation:CreateChangeSet', OUR_STACK, {
      ...changeSetContext,
      'aws:RequestTag/ManagedBy': 'someone-else',
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a change set from another bucket',
    asDeployRole('cloudformation:CreateChangeSet', OUR_STACK, {
      ...changeSetContext,
      'cloudformation:TemplateUrl': 'https://attacker-bucket.s3.amazonaws.com/templates/bucket.yaml',
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a change set from a look-alike bucket name',
    asDeployRole('cloudformation:CreateChangeSet', OUR_STACK, {
      ...changeSetContext,
      'cloudformation:TemplateUrl': `https://${ESTATE.templateBucket}-evil.s3.amazonaws.com/t.yaml`,
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a change set with an inline template (no TemplateUrl)',
    asDeployRole('cloudformation:CreateChangeSet', OUR_STACK, {
      'aws:RequestTag/ManagedBy': 'stackset-lite',
      'cloudformation:RoleArn': serviceRole.arn,
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a change set without the service role',
    asDeployRole('cloudformation:CreateChangeSet', OUR_STACK, {
      'aws:RequestTag/ManagedBy': 'stackset-lite',
      'cloudformation:TemplateUrl': templateUrl,
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a change set running as another role',
    asDeployRole('cloudformation:CreateChangeSet', OUR_STACK, {
      ...changeSetContext,
      'cloudformation:RoleArn': `arn:aws:iam::${TARGET}:role/Admin`,
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a change set on a stack without the name prefix',
    asDeployRole('cloudformation:CreateChangeSet', stack('prod-database'), changeSetContext),
    'Denied',
  ],
  [
    'deploy role executes a change set on a tagged stack',
    asDeployRole('cloudformation:ExecuteChangeSet', OUR_STACK, tagged),
    'Allowed',
  ],
  [
    'deploy role cannot execute a change set on an untagged stack',
    asDeployRole('cloudformation:ExecuteChangeSet', OUR_STACK),
    'Denied',
  ],
  [
    'deploy role cannot execute on a prefixed stack tagged by another tool',
    asDeployRole('cloudformation:ExecuteChangeSet', OUR_STACK, { 'aws:ResourceTag/ManagedBy': 'terraform' }),
    'Denied',
  ],
  [
    'deploy role executes the change set adopting a stack its owner marked for import (IMPORT)',
    asDeployRole('cloudformation:ExecuteChangeSet', OUR_STACK, {
      'aws:ResourceTag/stackset-lite:import': 'allowed',
    }),
    'Allowed',
  ],
  [
    'deploy role cannot adopt a stack whose import marker says anything but allowed',
    asDeployRole('cloudformation:ExecuteChangeSet', OUR_STACK, {
      'aws:ResourceTag/stackset-lite:import': 'true',
    }),
    'Denied',
  ],
  [
    'deploy role cannot delete a stack that is only marked for import',
    asDeployRole('cloudformation:DeleteStack', OUR_STACK, {
      'aws:ResourceTag/stackset-lite:import': 'allowed',
    }),
    'Denied',
  ],
  [
    'deploy role cannot adopt an unprefixed stack marked for import',
    asDeployRole('cloudformation:ExecuteChangeSet', stack('prod-database'), {
      'aws:ResourceTag/stackset-lite:import': 'allowed',
    }),
    'Denied',
  ],
  [
    'deploy role detects drift on its stacks',
    asDeployRole('cloudformation:DetectStackDrift', OUR_STACK),
    'Allowed',
  ],
  [
    'deploy role cannot detect drift on another stack',
    asDeployRole('cloudformation:DetectStackDrift', stack('prod-database')),
    'Denied',
  ],
  [
    'deploy role reads drift detection status (not resource-scoped)',
    asDeployRole('cloudformation:DescribeStackDriftDetectionStatus', '*'),
    'Allowed',
  ],
  [
    'deploy role reads a managed bucket for drift detection, but may not write it',
    asDeployRole('s3:GetBucketVersioning', 'arn:aws:s3:::stackset-lite-logs'),
    'Allowed',
  ],
  [
    'deploy role cannot change a managed bucket itself (only the service role may)',
    asDeployRole('s3:PutBucketVersioning', 'arn:aws:s3:::stackset-lite-logs'),
    'Denied',
  ],
  [
    'deploy role deletes its own tagged stack',
    asDeployRole('cloudformation:DeleteStack', OUR_STACK, tagged),
    'Allowed',
  ],
  [
    'deploy role cannot delete another stack',
    asDeployRole('cloudformation:DeleteStack', stack('prod-database'), tagged),
    'Denied',
  ],
  [
    'deploy role cannot delete an untagged prefixed stack',
    asDeployRole('cloudformation:DeleteStack', OUR_STACK),
    'Denied',
  ],
  [
    'deploy role continues a failed rollback of its own stack',
    asDeployRole('cloudformation:ContinueUpdateRollback', OUR_STACK, tagged),
    'Allowed',
  ],
  ['deploy role describes its stacks', asDeployRole('cloudformation:DescribeStacks', OUR_STACK), 'Allowed'],
  [
    'deploy role reads its stack events',
    asDeployRole('cloudformation:DescribeStackEvents', OUR_STACK),
    'Allowed',
  ],
  [
    'deploy role describes its change sets',
    asDeployRole('cloudformation:DescribeChangeSet', OUR_STACK),
    'Allowed',
  ],
  [
    'deploy role cannot read events of other stacks',
    asDeployRole('cloudformation:DescribeStackEvents', stack('prod-database')),
    'Denied',
  ],
  [
    'deploy role cannot read stacks in another account',
    asDeployRole(
      'cloudformation:DescribeStacks',
      OUR_STACK.replace(TARGET, '444444444444'),
      {},
      '444444444444',
    ),
    'Denied',
  ],
  [
    'deploy role cannot bypass change sets with UpdateStack',
    asDeployRole('cloudformation:UpdateStack', OUR_STACK, { ...changeSetContext, ...tagged }),
    'Denied',
  ],
  // First deployments use CreateStack, tagged from the start: a CREATE change set's stack has no tags
  // until it executes (AWS-recorded), so the tag-conditioned ExecuteChangeSet above would refuse it.
  [
    'deploy role creates a stack tagged ManagedBy from the template bucket as the service role',
    asDeployRole('cloudformation:CreateStack', OUR_STACK, changeSetContext),
    'Allowed',
  ],
  [
    'deploy role cannot create a stack without the ManagedBy tag',
    asDeployRole('cloudformation:CreateStack', OUR_STACK, {
      ...changeSetContext,
      'aws:RequestTag/ManagedBy': 'someone-else',
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a stack from another bucket',
    asDeployRole('cloudformation:CreateStack', OUR_STACK, {
      ...changeSetContext,
      'cloudformation:TemplateUrl': 'https://attacker-bucket.s3.amazonaws.com/evil.yaml',
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a stack without the service role',
    asDeployRole('cloudformation:CreateStack', OUR_STACK, {
      'aws:RequestTag/ManagedBy': 'stackset-lite',
      'cloudformation:TemplateUrl': templateUrl,
    }),
    'Denied',
  ],
  [
    'deploy role cannot create a stack without the name prefix',
    asDeployRole('cloudformation:CreateStack', stack('payments-prod'), changeSetContext),
    'Denied',
  ],
  [
    'deploy role cannot execute the CREATE change set of an untagged REVIEW_IN_PROGRESS stack, even named as its own',
    asDeployRole('cloudformation:ExecuteChangeSet', OUR_STACK, {
      'cloudformation:ChangeSetName': 'stackset-lite-0123456789abcdef',
    }),
    'Denied',
  ],
  [
    'deploy role may expand an AWS-owned transform (AWS::Serverless)',
    asDeployRole(
      'cloudformation:CreateChangeSet',
      `arn:aws:cloudformation:${ESTATE.region}:aws:transform/Serverless-2016-10-31`,
      {},
      'aws',
    ),
    'Allowed',
  ],
  [
    "deploy role cannot run an account's own macro",
    asDeployRole(
      'cloudformation:CreateChangeSet',
      `arn:aws:cloudformation:${ESTATE.region}:${TARGET}:transform/CustomMacro`,
    ),
    'Denied',
  ],
  [
    'deploy role may tag a stack while CreateStack creates it',
    asDeployRole('cloudformation:TagResource', OUR_STACK, {
      'aws:RequestTag/ManagedBy': 'stackset-lite',
      'cloudformation:CreateAction': 'CreateStack',
    }),
    'Allowed',
  ],
  [
    'deploy role cannot change a stack policy',
    asDeployRole('cloudformation:SetStackPolicy', OUR_STACK, tagged),
    'Denied',
  ],
  [
    'deploy role cannot retag an existing stack',
    asDeployRole('cloudformation:TagResource', OUR_STACK, { 'aws:RequestTag/ManagedBy': 'stackset-lite' }),
    'Denied',
  ],
  [
    'deploy role may tag a stack while creating it',
    asDeployRole('cloudformation:TagResource', OUR_STACK, {
      'aws:RequestTag/ManagedBy': 'stackset-lite',
      'cloudformation:CreateAction': 'CreateChangeSet',
    }),
    'Allowed',
  ],
  [
    'deploy role alone cannot read the cross-account template bucket (the bucket policy must agree)',
    asDeployRole('s3:GetObject', `arn:aws:s3:::${ESTATE.templateBucket}/templates/bucket.yaml`, {}, ORCH),
    'Denied',
  ],
  [
    'deploy role cannot read objects outside the template bucket',
    asDeployRole('s3:GetObject', 'arn:aws:s3:::payroll-exports/2026/11.csv', {}, TARGET),
    'Denied',
  ],
  [
    'deploy role cannot write to the template bucket',
    asDeployRole('s3:PutObject', `arn:aws:s3:::${ESTATE.templateBucket}/templates/bucket.yaml`, {}, ORCH),
    'Denied',
  ],
  [
    'deploy role cannot create buckets itself',
    asDeployRole('s3:CreateBucket', 'arn:aws:s3:::stackset-lite-x'),
    'Denied',
  ],
  [
    'deploy role cannot publish to SNS',
    asDeployRole('sns:Publish', `arn:aws:sns:${ESTATE.region}:${TARGET}:alerts`),
    'Denied',
  ],
  [
    'deploy role passes the service role to CloudFormation',
    asDeployRole('iam:PassRole', serviceRole.arn, { 'iam:PassedToService': 'cloudformation.amazonaws.com' }),
    'Allowed',
  ],
  [
    'deploy role cannot pass the service role to another service',
    asDeployRole('iam:PassRole', serviceRole.arn, { 'iam:PassedToService': 'lambda.amazonaws.com' }),
    'Denied',
  ],
  [
    'deploy role cannot pass another role to CloudFormation',
    asDeployRole('iam:PassRole', `arn:aws:iam::${TARGET}:role/Admin`, {
      'iam:PassedToService': 'cloudformation.amazonaws.com',
    }),
    'Denied',
  ],
  ...(
    [
      ['iam:CreateRole', `arn:aws:iam::${TARGET}:role/new`],
      ['iam:PutRolePolicy', serviceRole.arn],
      ['iam:AttachRolePolicy', deployRole.arn],
      ['iam:UpdateAssumeRolePolicy', deployRole.arn],
      ['iam:CreateAccessKey', `arn:aws:iam::${TARGET}:user/admin`],
      ['iam:CreateUser', `arn:aws:iam::${TARGET}:user/backdoor`],
    ] as const
  ).map(([action, resource]): [string, IamRequest, Decision] => [
    `deploy role cannot call ${action}`,
    asDeployRole(action, resource),
    'Denied',
  ]),

  // Trust policies: only the orchestrator's Lambda role, only with the external ID.
  [
    'orchestrator assumes the deploy role with the external ID',
    assume(deployRole.arn, deployRole.trust, orchestratorRoleArn, ESTATE.externalId),
    'Allowed',
  ],
  [
    'deploy role refuses a wrong external ID',
    assume(deployRole.arn, deployRole.trust, orchestratorRoleArn, 'guess'),
    'Denied',
  ],
  [
    'deploy role refuses a missing external ID',
    assume(deployRole.arn, deployRole.trust, orchestratorRoleArn, undefined),
    'Denied',
  ],
  [
    'deploy role refuses another role of the orchestrator account',
    assume(deployRole.arn, deployRole.trust, `arn:aws:iam::${ORCH}:role/developer`, ESTATE.externalId),
    'Denied',
  ],
  [
    'deploy role refuses a same-named role in another account',
    assume(
      deployRole.arn,
      deployRole.trust,
      `arn:aws:iam::${ESTATE.outsiderAccountId}:role/${ESTATE.orchestratorRoleName}`,
      ESTATE.externalId,
    ),
    'Denied',
  ],
  [
    'deploy role refuses services',
    serviceAssumes('lambda.amazonaws.com', deployRole.arn, deployRole.trust),
    'Denied',
  ],
  [
    'CloudFormation assumes the service role',
    serviceAssumes('cloudformation.amazonaws.com', serviceRole.arn, serviceRole.trust),
    'Allowed',
  ],
  [
    'the service role refuses other services',
    serviceAssumes('lambda.amazonaws.com', serviceRole.arn, serviceRole.trust),
    'Denied',
  ],
  [
    'the service role refuses the orchestrator',
    assume(serviceRole.arn, serviceRole.trust, orchestratorRoleArn, ESTATE.externalId),
    'Denied',
  ],
  [
    'orchestrator assumes the lister role with the external ID',
    assume(listerRole.arn, listerRole.trust, orchestratorRoleArn, ESTATE.externalId),
    'Allowed',
  ],
  [
    'lister role refuses a wrong external ID',
    assume(listerRole.arn, listerRole.trust, orchestratorRoleArn, 'x1'),
    'Denied',
  ],
  [
    'lister role refuses other principals',
    assume(
      listerRole.arn,
      listerRole.trust,
      `arn:aws:iam::${MGMT}:role/OrganizationAccountAccessRole`,
      ESTATE.externalId,
    ),
    'Denied',
  ],
  [
    'Lambda assumes the macro role for a function of its own account',
    serviceAssumes('lambda.amazonaws.com', macroRole.arn, macroRole.trust, { 'aws:SourceAccount': ORCH }),
    'Allowed',
  ],
  [
    'the macro role refuses Lambda acting for another account (confused deputy)',
    serviceAssumes('lambda.amazonaws.com', macroRole.arn, macroRole.trust, {
      'aws:SourceAccount': ESTATE.outsiderAccountId,
    }),
    'Denied',
  ],
  [
    'the macro role refuses other services',
    serviceAssumes('states.amazonaws.com', macroRole.arn, macroRole.trust, { 'aws:SourceAccount': ORCH }),
    'Denied',
  ],

  // The service role: what the sample template needs, nothing more.
  [
    'service role creates a prefixed bucket',
    asRole(serviceRole, 's3:CreateBucket', 'arn:aws:s3:::stackset-lite-logs-222222222222', TARGET),
    'Allowed',
  ],
  [
    'service role cannot create other buckets',
    asRole(serviceRole, 's3:CreateBucket', 'arn:aws:s3:::anything-else', TARGET),
    'Denied',
  ],
  [
    "service role sets the example bucket's lifecycle rules",
    asRole(
      serviceRole,
      's3:PutLifecycleConfiguration',
      'arn:aws:s3:::stackset-lite-logs-222222222222',
      TARGET,
    ),
    'Allowed',
  ],
  [
    "service role cannot change other buckets' lifecycle rules",
    asRole(serviceRole, 's3:PutLifecycleConfiguration', 'arn:aws:s3:::anything-else', TARGET),
    'Denied',
  ],
  [
    'service role cannot read objects',
    asRole(serviceRole, 's3:GetObject', 'arn:aws:s3:::stackset-lite-logs-222222222222/secret', TARGET),
    'Denied',
  ],
  [
    'service role cannot create roles',
    asRole(serviceRole, 'iam:CreateRole', `arn:aws:iam::${TARGET}:role/x`, TARGET),
    'Denied',
  ],

  // The lister role: Organizations reads only.
  ...(
    [
      ['organizations:ListAccounts', '*'],
      ['organizations:DescribeOrganization', '*'],
      [
        'organizations:ListChildren',
        `arn:aws:organizations::${MGMT}:ou/${ESTATE.organizationId}/ou-ab12-cdef3456`,
      ],
      [
        'organizations:ListAccountsForParent',
        `arn:aws:organizations::${MGMT}:ou/${ESTATE.organizationId}/ou-ab12-cdef3456`,
      ],
      [
        'organizations:DescribeAccount',
        `arn:aws:organizations::${MGMT}:account/${ESTATE.organizationId}/${ESTATE.targetAccountId}`,
      ],
      ['organizations:ListChildren', `arn:aws:organizations::${MGMT}:root/${ESTATE.organizationId}/r-ab12`],
    ] as const
  ).map(([action, resource]): [string, IamRequest, Decision] => [
    `lister role may call ${action} on ${resource.split(':').pop()}`,
    asRole(listerRole, action, resource, MGMT),
    'Allowed',
  ]),
  ...(
    [
      ['organizations:CreateAccount', '*'],
      [
        'organizations:MoveAccount',
        `arn:aws:organizations::${MGMT}:account/${ESTATE.organizationId}/${TARGET}`,
      ],
      [
        'organizations:RemoveAccountFromOrganization',
        `arn:aws:organizations::${MGMT}:account/${ESTATE.organizationId}/${TARGET}`,
      ],
      ['organizations:CreatePolicy', '*'],
      [
        'organizations:AttachPolicy',
        `arn:aws:organizations::${MGMT}:policy/${ESTATE.organizationId}/service_control_policy/p-abcd1234`,
      ],
      ['organizations:LeaveOrganization', '*'],
      [
        'organizations:DeleteOrganizationalUnit',
        `arn:aws:organizations::${MGMT}:ou/${ESTATE.organizationId}/ou-ab12-cdef3456`,
      ],
      [
        'organizations:TagResource',
        `arn:aws:organizations::${MGMT}:account/${ESTATE.organizationId}/${TARGET}`,
      ],
      ['iam:CreateRole', `arn:aws:iam::${MGMT}:role/x`],
      [
        'organizations:ListChildren',
        `arn:aws:organizations::${ESTATE.outsiderAccountId}:ou/o-zzzzzz9999/ou-zz99-zzzzzz99`,
      ],
      [
        'organizations:DescribeAccount',
        `arn:aws:organizations::${ESTATE.outsiderAccountId}:account/o-zzzzzz9999/${ESTATE.outsiderAccountId}`,
      ],
    ] as const
  ).map(([action, resource]): [string, IamRequest, Decision] => [
    `lister role cannot call ${action} on ${resource.split(':').pop()}`,
    asRole(listerRole, action, resource, MGMT),
    'Denied',
  ]),

  // The macro role reads only its bucket.
  [
    'macro role reads a workflow',
    asRole(macroRole, 's3:GetObject', `arn:aws:s3:::${ESTATE.workflowBucket}/machines/deploy.json`, ORCH),
    'Allowed',
  ],
  [
    'macro role cannot read the template bucket',
    asRole(macroRole, 's3:GetObject', `arn:aws:s3:::${ESTATE.templateBucket}/t.yaml`, ORCH),
    'Denied',
  ],
  [
    'macro role cannot write workflows',
    asRole(macroRole, 's3:PutObject', `arn:aws:s3:::${ESTATE.workflowBucket}/machines/deploy.json`, ORCH),
    'Denied',
  ],
  [
    'macro role cannot list the bucket',
    asRole(macroRole, 's3:ListBucket', `arn:aws:s3:::${ESTATE.workflowBucket}`, ORCH),
    'Denied',
  ],
  [
    'macro role writes its own log group',
    asRole(
      macroRole,
      'logs:PutLogEvents',
      `arn:aws:logs:${ESTATE.region}:${ORCH}:log-group:/aws/lambda/StepFunctionWorkflowInjector:log-stream:2026/11/21/abc`,
      ORCH,
    ),
    'Allowed',
  ],
  [
    'macro role cannot write other log groups',
    asRole(
      macroRole,
      'logs:PutLogEvents',
      `arn:aws:logs:${ESTATE.region}:${ORCH}:log-group:/aws/lambda/other:log-stream:x`,
      ORCH,
    ),
    'Denied',
  ],

  // The template bucket policy: the organization's deploy roles, over TLS.
  [
    'a deploy role of the organization reads a template cross-account',
    readTemplate(deployRole.arn, ESTATE.organizationId, deployRole.identity),
    'Allowed',
  ],
  [
    'a deploy-named role outside the organization cannot read templates',
    readTemplate(
      `arn:aws:iam::${ESTATE.outsiderAccountId}:role/stackset-lite-deploy`,
      'o-zzzzzz9999',
      s3Everything,
    ),
    'Denied',
  ],
  [
    'another role in an organization account cannot read templates',
    readTemplate(`arn:aws:iam::${TARGET}:role/developer`, ESTATE.organizationId, s3Everything),
    'Denied',
  ],
  [
    'reads without TLS are explicitly denied',
    readTemplate(deployRole.arn, ESTATE.organizationId, deployRole.identity, false),
    'ExplicitlyDenied',
  ],
];

describe('IAM allow/deny matrix over the shipped templates', () => {
  it('has at least 20 cases with both outcomes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(cases.some(([, , d]) => d === 'Allowed')).toBe(true);
    expect(cases.some(([, , d]) => d !== 'Allowed')).toBe(true);
  });

  it.each(cases)('%s', async (_name, request, expected) => {
    const actual = await decide(request);
    expect(satisfies(actual, expected), `expected ${expected}, simulated ${actual}`).toBe(true);
  });
});
