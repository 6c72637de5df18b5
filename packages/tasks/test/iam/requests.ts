/**
 * Test support: IAM requests as AWS evaluates them for the roles of the shipped templates — a role
 * session calling an action, a principal assuming a role, a service principal assuming a role, a
 * cross-account read of the template bucket.
 */
import { type IamRequest, type PolicyDocument, principalTagContext } from '@stackset-lite/tasks/testing';
import { ESTATE, type RolePolicies } from './template-policies.js';

/** The session ARN and the request context every call of a session of `roleArn` carries. */
export function session(
  roleArn: string,
  name = 'stackset-lite',
): { principal: string; context: Record<string, string> } {
  const [, , , , account, resource] = roleArn.split(':');
  return {
    principal: `arn:aws:sts::${account}:assumed-role/${resource?.replace('role/', '')}/${name}`,
    context: { 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': account ?? '' },
  };
}

/** A session of `role` calling `action` on `resource` (in `resourceAccount`). */
export function asRole(
  role: Pick<RolePolicies, 'arn' | 'identity'>,
  action: string,
  resource: string,
  resourceAccount: string,
  context: Record<string, string | string[]> = {},
  options: Pick<IamRequest, 's3BucketAbacEnabled'> = {},
): IamRequest {
  const caller = session(role.arn);
  return {
    principal: caller.principal,
    action,
    resource,
    resourceAccount,
    context: { ...caller.context, ...context },
    identity: role.identity,
    ...options,
  };
}

const assumeAnything: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
};

/** A role session `callerRoleArn` (allowed to assume anything) assuming `roleArn` with its trust policy. */
export function assume(
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

/** A service principal (`cloudformation.amazonaws.com`, …) assuming `roleArn`. */
export function serviceAssumes(
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

/**
 * A principal of an organization account reading a template cross-account: its identity policy and
 * the template bucket's policy must both allow it (the bucket is in the orchestrator account).
 */
export function readTemplate(
  reader: { arn: string; identity: IamRequest['identity']; tags?: Record<string, string> },
  bucketPolicy: PolicyDocument,
  options: { orgId?: string; orgPath?: string; secure?: boolean; object?: string } = {},
): IamRequest {
  const caller = session(reader.arn);
  const orgId = options.orgId ?? ESTATE.organizationId;
  return {
    principal: caller.principal,
    action: 's3:GetObject',
    resource: options.object ?? `arn:aws:s3:::${ESTATE.templateBucket}/templates/bucket.yaml`,
    resourceAccount: ESTATE.orchestratorAccountId,
    context: {
      ...caller.context,
      ...principalTagContext({ tags: reader.tags ?? {} }),
      'aws:PrincipalOrgID': orgId,
      'aws:PrincipalOrgPaths': [options.orgPath ?? `${orgId}/r-ab12/`],
      'aws:SecureTransport': options.secure === false ? 'false' : 'true',
    },
    identity: reader.identity,
    resourcePolicy: bucketPolicy,
  };
}

/** An identity policy allowing every S3 action: what an attacker's own role in its own account has. */
export const s3Everything: IamRequest['identity'] = [
  {
    name: 'S3Everything',
    policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
  },
];
