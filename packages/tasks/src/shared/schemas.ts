import { z } from 'zod';

/** A 12-digit AWS account id. */
export const AccountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');

/** An AWS region code such as `eu-west-1` or `us-gov-west-1`. */
export const Region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'expected an AWS region such as eu-west-1');

/** A CloudFormation stack name. */
export const StackName = z
  .string()
  .regex(
    /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/,
    'expected a stack name: a letter, then letters, digits and hyphens (≤128)',
  );

/** The operation (one execution of the StackSets-lite machine) a call belongs to. */
export const OperationRef = z.object({
  /** Operation name; tagged on every stack as `stackset-lite:operation`. */
  name: z.string().min(1).max(128),
  /** The execution id or ARN: ClientRequestTokens are derived from it so retries are idempotent. */
  executionId: z.string().min(1),
  /** Deploy (create or update) or delete the stack. */
  action: z.enum(['DEPLOY', 'DELETE']).default('DEPLOY'),
});
/** The operation a call belongs to. */
export type OperationRef = z.infer<typeof OperationRef>;

/** The role assumed in each target account. */
export const DeployRole = z.object({
  /** Role name (optionally with path) in every target account. */
  roleName: z.string().min(1).max(512),
  /** External ID the role's trust policy requires. */
  externalId: z.string().min(2).max(1224).optional(),
});
/** The role assumed in each target account. */
export type DeployRole = z.infer<typeof DeployRole>;

/** An S3 object location. */
export const S3ObjectLocation = z.object({ bucket: z.string().min(3).max(63), key: z.string().min(1) });
/** An S3 object location. */
export type S3ObjectLocation = z.infer<typeof S3ObjectLocation>;
