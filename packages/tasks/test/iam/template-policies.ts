/**
 * Test support: the IAM policies of the shipped templates, resolved with one fixed set of test values,
 * in the shapes @cloud-copilot/iam-simulate takes.
 */
import { z } from 'zod';
import { loadTemplate, resolveTemplate } from '../templates/cloudformation-template.js';

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
  BucketName: ESTATE.templateBucket,
  OrganizationId: ESTATE.organizationId,
  WorkflowBucketName: ESTATE.workflowBucket,
  CodeBucketName: 'acme-artifacts',
};

const PolicyDocumentSchema = z.object({
  Version: z.literal('2012-10-17'),
  Statement: z.array(z.looseObject({ Effect: z.enum(['Allow', 'Deny']) })).min(1),
});

/** An IAM policy document as the templates write it. */
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

const RoleSchema = z.object({
  Type: z.literal('AWS::IAM::Role'),
  Properties: z.looseObject({
    AssumeRolePolicyDocument: PolicyDocumentSchema,
    Policies: z.array(z.object({ PolicyName: z.string(), PolicyDocument: PolicyDocumentSchema })).default([]),
  }),
});

/** A role's trust policy, its inline policies (as named identity policies) and its ARN. */
export interface RolePolicies {
  readonly arn: string;
  readonly trust: PolicyDocument;
  readonly identity: { name: string; policy: PolicyDocument }[];
}

/** The policies of role `logicalId` in `file`, deployed in `accountId`. */
export function role(file: string, logicalId: string, accountId: string): RolePolicies {
  const template = resolveTemplate(loadTemplate(file), { parameters, accountId, region: ESTATE.region });
  const resource = RoleSchema.parse(template.Resources[logicalId]);
  const name = (resource.Properties.RoleName as string | undefined) ?? `test-stack-${logicalId}-GENERATED`;
  return {
    arn: `arn:aws:iam::${accountId}:role/${name}`,
    trust: resource.Properties.AssumeRolePolicyDocument,
    identity: resource.Properties.Policies.map((p) => ({ name: p.PolicyName, policy: p.PolicyDocument })),
  };
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

/** The template bucket's resource policy. */
export const templateBucketPolicy: PolicyDocument = PolicyDocumentSchema.parse(
  z.object({ Properties: z.object({ PolicyDocument: z.unknown() }) }).parse(
    resolveTemplate(loadTemplate('template-bucket.yaml'), {
      parameters,
      accountId: ESTATE.orchestratorAccountId,
      region: ESTATE.region,
    }).Resources.TemplateBucketPolicy,
  ).Properties.PolicyDocument,
);
