import { z } from 'zod';
import { regionProblem } from './aws-partitions.js';
import { ExternalId, StacksetLiteRoleName } from './iam-names.js';
import { BucketName, ObjectKey } from './s3-names.js';
import { TagValue } from './stack-tags.js';

/** A 12-digit AWS account id. */
export const AccountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');

/**
 * An AWS region such as `eu-west-1` or `us-gov-west-1`: one AWS has, per the partitions data
 * (aws-partitions-data.ts). A well-formed but unknown name (`xx-fake-9`) is refused by name.
 */
export const Region = z.string().superRefine((region, ctx) => {
  const problem = regionProblem(region);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A CloudFormation stack name. */
export const StackName = z
  .string()
  .regex(
    /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/,
    'expected a stack name: a letter, then letters, digits and hyphens (≤128)',
  );

/** The operation (one execution of the StackSets-lite machine) a call belongs to. */
export const OperationRef = z.object({
  /** Operation name; tagged on every stack as `stackset-lite:operation` (so: a valid tag value). */
  name: TagValue.pipe(z.string().max(128)),
  /** The execution id or ARN: ClientRequestTokens are derived from it so retries are idempotent. */
  executionId: z.string().min(1).max(2048),
  /** Deploy (create or update) or delete the stack. */
  action: z.enum(['DEPLOY', 'DELETE']).default('DEPLOY'),
});
/** The operation a call belongs to. */
export type OperationRef = z.infer<typeof OperationRef>;

/** The role assumed in each target account. */
export const DeployRole = z.object({
  /**
   * Role name (optionally with path) in every target account: a stackset-lite role (`stackset-lite-…`,
   * as target-account-roles.yaml names it), never an administrator role such as
   * OrganizationAccountAccessRole.
   */
  roleName: StacksetLiteRoleName,
  /** External ID the role's trust policy requires. */
  externalId: ExternalId.optional(),
});
/** The role assumed in each target account. */
export type DeployRole = z.infer<typeof DeployRole>;

/** An S3 object location: a valid bucket name and a key without `.`/`..`/empty segments. */
export const S3ObjectLocation = z.object({ bucket: BucketName, key: ObjectKey });
/** An S3 object location. */
export type S3ObjectLocation = z.infer<typeof S3ObjectLocation>;
