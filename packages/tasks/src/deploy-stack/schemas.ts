import { z } from 'zod';
import { ParameterValues } from '../list-targets/schemas.js';
import { parseArn } from '../shared/arn.js';
import { partitionOfRegion } from '../shared/aws-partitions.js';
import { RoleName, roleNameProblem } from '../shared/iam-names.js';
import { S3HttpsUrl } from '../shared/s3-url.js';
import { AccountId, DeployRole, OperationRef, Region, StackName } from '../shared/schemas.js';
import { StackTags } from '../shared/stack-tags.js';
import { StackStatus } from '../stack-status/stack-status.js';

/**
 * Seconds between CreateChangeSet and the first look at the change set. CloudFormation publishes no
 * figure; a small template's change set is typically computed in a few seconds, nested stacks and
 * transforms take longer (pollStack then looks again with backoff, up to its budget).
 */
export const CHANGE_SET_WAIT_SECONDS = 5;

/** CloudFormation capabilities a template may need acknowledged. */
export const Capability = z.enum(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);

/** The stack every target gets. */
export const StackSpec = z.object({
  name: StackName,
  /**
   * S3 URL of the template (required to deploy; unused when deleting), in any documented S3 host form;
   * its bucket must be the installation's template bucket (deployStack sends its canonical URL).
   */
  templateUrl: S3HttpsUrl.optional(),
  parameters: ParameterValues.default({}),
  capabilities: z.array(Capability).default([]),
  /**
   * Extra stack tags; `ManagedBy=stackset-lite` and `stackset-lite:operation` are always added. No
   * `aws:` key, none of stackset-lite's own, valid keys and values (the deploy role further limits the
   * keys to its AllowedStackTagKeys).
   */
  tags: StackTags.default({}),
  /**
   * Name (optionally with path) of the CloudFormation service role in each target account, passed as
   * RoleARN (`arn:<partition>:iam::<target account>:role/<name>`). The shipped deploy role requires it;
   * give it or serviceRoleArn.
   */
  serviceRoleName: RoleName.optional(),
  /** A full service role ARN: only for single-account use, its account must be the target's. */
  serviceRoleArn: z
    .string()
    .superRefine((text, ctx) => {
      const parsed = parseArn(text, 'iam');
      const problem = !parsed.ok
        ? parsed.problem
        : parsed.arn.region !== '' || parsed.arn.accountId === '' || !parsed.arn.resource.startsWith('role/')
          ? 'expected an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)'
          : roleNameProblem(parsed.arn.resource.slice('role/'.length));
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /**
   * IMPORT: adopt an existing stack of this name that stackset-lite did not create, with an UPDATE
   * change set (never a replacement), provided its owner tagged it `stackset-lite:import=allowed`.
   * @default false
   */
  importExisting: z.boolean().default(false),
  /** Logical ids to retain when deleting a stack that is in DELETE_FAILED. */
  retainResources: z
    .array(z.string().regex(/^[A-Za-z0-9]{1,255}$/, 'expected a logical resource id (letters and digits)'))
    .max(500)
    .optional(),
});
/** The stack every target gets. */
export type StackSpec = z.infer<typeof StackSpec>;

/** Repairs deployStack may make instead of reporting FAILED. */
export const Repairs = z.object({
  /**
   * Delete stacks stuck in DELETE_FAILED with DeletionMode=FORCE_DELETE_STACK (and ROLLBACK_FAILED stacks
   * with a plain delete), then create them again. Resources CloudFormation could not delete are left behind.
   * @default false
   */
  forceDelete: z.boolean().default(false),
});

/** The part of a target deployStack and pollStack need. */
export const TargetRef = z.object({
  accountId: AccountId,
  region: Region,
  status: z.enum(['PENDING', 'SKIPPED']).optional(),
  reason: z.string().optional(),
  parameterOverrides: ParameterValues.optional(),
});
/** The part of a target deployStack and pollStack need. */
export type TargetRef = z.infer<typeof TargetRef>;

/** deployStack's event. */
export const DeployStackInput = z
  .object({
    operation: OperationRef,
    target: TargetRef,
    stack: StackSpec,
    deployRole: DeployRole,
    repairs: Repairs.default({ forceDelete: false }),
    /** Seconds to wait after starting a stack operation before its first DescribeStacks. @default 30 */
    firstPollSeconds: z.number().int().min(0).max(3600).default(30),
    /** Seconds to wait after CreateChangeSet before looking at the change set. @default 5 */
    changeSetWaitSeconds: z.number().int().min(0).max(3600).default(CHANGE_SET_WAIT_SECONDS),
  })
  .superRefine((input, ctx) => {
    if (input.operation.action === 'DEPLOY' && !input.stack.templateUrl) {
      ctx.addIssue({ code: 'custom', path: ['stack', 'templateUrl'], message: 'required when deploying' });
    }
    if (!input.stack.serviceRoleName && !input.stack.serviceRoleArn) {
      // Without RoleARN CloudFormation would act with the deploy role's own session (and the shipped
      // deploy role refuses change sets without its service role).
      ctx.addIssue({
        code: 'custom',
        path: ['stack', 'serviceRoleName'],
        message: 'required: the CloudFormation service role (serviceRoleName, or serviceRoleArn)',
      });
    }
    if (input.stack.serviceRoleName && input.stack.serviceRoleArn) {
      ctx.addIssue({
        code: 'custom',
        path: ['stack', 'serviceRoleArn'],
        message: 'give serviceRoleName or serviceRoleArn, not both',
      });
    }
    const arnPartition = input.stack.serviceRoleArn?.split(':')[1];
    const targetPartition = partitionOfRegion(input.target.region)?.id;
    if (arnPartition && targetPartition && arnPartition !== targetPartition) {
      ctx.addIssue({
        code: 'custom',
        path: ['stack', 'serviceRoleArn'],
        message: `role is in partition ${arnPartition}, the target region ${input.target.region} in ${targetPartition}`,
      });
    }
    const arnAccount = input.stack.serviceRoleArn?.split(':')[4];
    if (arnAccount && arnAccount !== input.target.accountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['stack', 'serviceRoleArn'],
        message: `role is in account ${arnAccount}, the target is ${input.target.accountId}: use serviceRoleName`,
      });
    }
  });
/** deployStack's event (as sent). */
export type DeployStackEvent = z.input<typeof DeployStackInput>;
/** deployStack's event after parsing. */
export type DeployStackInput = z.infer<typeof DeployStackInput>;

/** What deployStack asked CloudFormation to do. */
export const DeployAction = z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONTINUE_ROLLBACK', 'NONE']);
/**
 * STARTED = a stack operation started, poll the stack; CHANGE_SET_CREATED = an UPDATE change set is being
 * computed, pollStack executes it when ready; NO_CHANGES = done, nothing to do; BUSY = the stack is busy
 * (or being repaired): pollStack watches it settle, then deployStack is called again; FAILED = record the
 * reason; SKIPPED = the target was marked SKIPPED.
 */
export const DeployOutcome = z.enum([
  'STARTED',
  'CHANGE_SET_CREATED',
  'NO_CHANGES',
  'BUSY',
  'FAILED',
  'SKIPPED',
]);
/** What deployStack's call led to. */
export type DeployOutcome = z.infer<typeof DeployOutcome>;

/** deployStack's result. */
export const DeployStackOutput = z.object({
  accountId: AccountId,
  region: Region,
  stackName: StackName,
  action: DeployAction,
  outcome: DeployOutcome,
  reason: z.string().optional(),
  stackId: z.string().optional(),
  changeSetId: z.string().optional(),
  /** The stack's status when deployStack looked (absent: no stack). */
  stackStatus: StackStatus.optional(),
  /** Token of the started operation: pollStack finds this operation's events by it. */
  clientRequestToken: z.string().optional(),
  /** Seconds the machine's Wait waits before pollStack follows this result (0: it is final). */
  waitSeconds: z.number().int().min(0),
});
/** deployStack's result. */
export type DeployStackOutput = z.infer<typeof DeployStackOutput>;
