/**
 * Test support: the IAM policies of the shipped templates, resolved with one fixed set of test values.
 */
import { bucketPolicy, loadTemplate, type RolePolicies, rolePolicies } from '@stackset-lite/tasks/testing';

export type { PolicyDocument, RolePolicies } from '@stackset-lite/tasks/testing';

/** Test values for the estate the policies are simulated in. */
export const ESTATE = {
  orchestratorAccountId: '111111111111',
  targetAccountId: '222222222222',
  managementAccountId: '333333333333',
  outsiderAccountId: '999999999999',
  organizationId: 'o-abcdef1234',
  region: 'eu-west-1',
  externalId: 'stackset-lite-external-id-0001',
  templateBucket: 'acme-stackset-lite-templates',
  workflowBucket: 'acme-stackset-lite-workflows',
  orchestratorRoleName: 'stackset-lite-orchestrator',
} as const;

const parameters = {
  OrchestratorAccountId: ESTATE.orchestratorAccountId,
  ExternalId: ESTATE.externalId,
  TemplateBucketName: ESTATE.templateBucket,
  TemplateBucketRegion: ESTATE.region,
  BucketName: ESTATE.templateBucket,
  OrganizationId: ESTATE.organizationId,
  WorkflowBucketName: ESTATE.workflowBucket,
  CodeBucketName: 'acme-artifacts',
};

/** The policies of role `logicalId` in `file`, deployed in `accountId` (with `extra` parameters). */
export function role(
  file: string,
  logicalId: string,
  accountId: string,
  extra: Record<string, string> = {},
): RolePolicies {
  return rolePolicies(loadTemplate(file), logicalId, {
    parameters: { ...parameters, ...extra },
    accountId,
    region: ESTATE.region,
  });
}

/** The deploy role in the target account. */
export const deployRole = role('target-account-roles.yaml', 'DeployRole', ESTATE.targetAccountId);
/** The CloudFormation service role in the target account. */
export const serviceRole = role(
  'target-account-roles.yaml',
  'CloudFormationServiceRole',
  ESTATE.targetAccountId,
);
/** The target-lister role in the management account. */
export const listerRole = role('target-lister-role.yaml', 'TargetListerRole', ESTATE.managementAccountId);
/** The macro function's role in the orchestrator account. */
export const macroRole = role('workflow-macro.yaml', 'MacroFunctionRole', ESTATE.orchestratorAccountId);

/** The template bucket's resource policy (with `extra` parameters). */
export function templateBucketPolicyWith(extra: Record<string, string> = {}) {
  return bucketPolicy(loadTemplate('template-bucket.yaml'), 'TemplateBucketPolicy', {
    parameters: { ...parameters, ...extra },
    accountId: ESTATE.orchestratorAccountId,
    region: ESTATE.region,
  });
}

/** The template bucket's resource policy. */
export const templateBucketPolicy = templateBucketPolicyWith();
