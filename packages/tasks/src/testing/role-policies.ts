/**
 * The IAM policies of roles and bucket policies declared in CloudFormation templates, resolved with
 * given parameter values, in the shapes @cloud-copilot/iam-simulate takes.
 */
import { z } from 'zod';
import {
  type CloudFormationTemplate,
  type ResolveContext,
  resolveTemplate,
} from './cloudformation-template.js';

const PolicyDocumentSchema = z.object({
  Version: z.literal('2012-10-17'),
  Statement: z.array(z.looseObject({ Effect: z.enum(['Allow', 'Deny']) })).min(1),
});

/** An IAM policy document as the templates write it. */
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

const RoleSchema = z.object({
  Type: z.literal('AWS::IAM::Role'),
  Properties: z.looseObject({
    RoleName: z.string().optional(),
    AssumeRolePolicyDocument: PolicyDocumentSchema,
    Policies: z.array(z.object({ PolicyName: z.string(), PolicyDocument: PolicyDocumentSchema })).default([]),
    Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).default([]),
  }),
});

/** A role's trust policy, its inline policies (as named identity policies) and its ARN. */
export interface RolePolicies {
  readonly arn: string;
  readonly name: string;
  readonly trust: PolicyDocument;
  readonly identity: { name: string; policy: PolicyDocument }[];
  /** The role's tags: a session of the role carries them as `aws:PrincipalTag/<key>`. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The `aws:PrincipalTag/<key>` context of a session of `role` (IAM User Guide, global condition keys:
 * aws:PrincipalTag holds the tags attached to the role, plus session tags, which stackset-lite never sets).
 */
export function principalTagContext(role: Pick<RolePolicies, 'tags'>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(role.tags).map(([key, value]) => [`aws:PrincipalTag/${key}`, value]),
  );
}

/**
 * The policies of role `logicalId` in `template`, deployed with `context` (parameters, account,
 * region). Managed policies are not included (the shipped roles use only inline ones).
 * @throws naming the resource when it is not an IAM role with inline policies
 */
export function rolePolicies(
  template: CloudFormationTemplate,
  logicalId: string,
  context: ResolveContext,
): RolePolicies {
  const resolved = resolveTemplate(template, { ...context, resources: [logicalId] });
  const parsed = RoleSchema.safeParse(resolved.Resources[logicalId]);
  if (!parsed.success) throw new Error(`${logicalId} is not an AWS::IAM::Role: ${parsed.error.message}`);
  const { Properties: properties } = parsed.data;
  const name = properties.RoleName ?? `${context.stackName ?? 'test-stack'}-${logicalId}-GENERATED`;
  return {
    arn: `arn:aws:iam::${context.accountId}:role/${name}`,
    name,
    trust: properties.AssumeRolePolicyDocument,
    identity: properties.Policies.map((p) => ({ name: p.PolicyName, policy: p.PolicyDocument })),
    tags: Object.fromEntries(properties.Tags.map((t) => [t.Key, t.Value])),
  };
}

/** The policy document of the `AWS::S3::BucketPolicy` `logicalId` in `template`. */
export function bucketPolicy(
  template: CloudFormationTemplate,
  logicalId: string,
  context: ResolveContext,
): PolicyDocument {
  const resolved = resolveTemplate(template, { ...context, resources: [logicalId] });
  const resource = z
    .object({
      Type: z.literal('AWS::S3::BucketPolicy'),
      Properties: z.object({ PolicyDocument: z.unknown() }),
    })
    .parse(resolved.Resources[logicalId]);
  return PolicyDocumentSchema.parse(resource.Properties.PolicyDocument);
}
