import { z } from 'zod';
import { DeployAction, DeployOutcome, TargetRef } from '../deploy-stack/schemas.js';
import { partitionOfRegion } from '../shared/aws-partitions.js';
import { AccountId, DeployRole, OperationRef, Region, StackName } from '../shared/schemas.js';
import { StackStatus } from '../stack-status/stack-status.js';

/** Longest wait between polls: an hour (a stack that needs longer still gets polled hourly). */
export const MAX_POLL_SECONDS = 3600;

/**
 * Backoff between polls: `initialSeconds × multiplier^attempt`, capped at `maxSeconds`. Every field is
 * bounded: the result becomes a Step Functions Wait, and an unbounded multiplier is an overflow.
 */
export const PollBackoff = z.object({
  initialSeconds: z.number().int().min(1).max(MAX_POLL_SECONDS).default(5),
  multiplier: z.number().min(1).max(10).default(2),
  maxSeconds: z.number().int().min(1).max(MAX_POLL_SECONDS).default(60),
});

/**
 * A CloudFormation ClientRequestToken: 1-128 of `[a-zA-Z0-9][-a-zA-Z0-9]*` (CloudFormation API
 * reference, e.g. ExecuteChangeSet, ClientRequestToken).
 */
export const ClientRequestToken = z
  .string()
  .regex(
    /^[a-zA-Z0-9][-a-zA-Z0-9]{0,127}$/,
    'expected a ClientRequestToken (1-128 letters, digits, hyphens)',
  );

/** `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>`. */
const STACK_ARN =
  /^arn:([a-z-]+):cloudformation:([a-z0-9-]+):(\d{12}):stack\/([a-zA-Z][-a-zA-Z0-9]{0,127})\/([-a-zA-Z0-9]{1,64})$/;

/**
 * Where a target's deployment stands after pollStack looked. IN_PROGRESS: look again after
 * `nextPollSeconds`. REDEPLOY: the stack that kept deployStack BUSY has settled, call deployStack again.
 * The others are final: SUCCEEDED, NO_CHANGES (nothing to change), FAILED (usable for the next attempt),
 * NEEDS_INTERVENTION, SKIPPED.
 */
export const PollProgress = z.enum([
  'IN_PROGRESS',
  'REDEPLOY',
  'SUCCEEDED',
  'NO_CHANGES',
  'FAILED',
  'NEEDS_INTERVENTION',
  'SKIPPED',
]);
/** Where a target's deployment stands after pollStack looked. */
export type PollProgress = z.infer<typeof PollProgress>;

/** What pollStack follows: the operation's change set, the stack's operation, or a busy stack settling. */
export const PollPhase = z.enum(['CHANGE_SET', 'STACK', 'BUSY']);
/** What pollStack follows. */
export type PollPhase = z.infer<typeof PollPhase>;

/** The part of deployStack's result pollStack follows. */
export const FollowedDeploy = z.looseObject({
  outcome: DeployOutcome,
  action: DeployAction,
  reason: z.string().optional(),
  stackStatus: StackStatus.optional(),
  stackId: z.string().optional(),
  changeSetId: z.string().optional(),
  clientRequestToken: ClientRequestToken.optional(),
});

/** pollStack's previous result, as the machine hands it back (absent fields: a first look). */
export const PreviousPoll = z.looseObject({
  progress: PollProgress.optional(),
  phase: PollPhase.optional(),
  attempt: z.number().int().min(0).default(0),
  changeSetChecks: z.number().int().min(0).default(0),
  stackId: z.string().optional(),
  clientRequestToken: ClientRequestToken.optional(),
});

/** pollStack's event. */
export const PollStackInput = z
  .object({
    operation: OperationRef,
    target: TargetRef,
    stackName: StackName,
    /**
     * Prefer the id: a deleted stack can only be described by id. It must be the ARN of `stackName` in
     * the target's account and region (or the name itself).
     */
    stackId: z.string().max(512).optional(),
    /** The token deployStack returned: the root cause is looked for among this operation's events. */
    clientRequestToken: ClientRequestToken.optional(),
    /** Polls done so far (0 on the first). */
    attempt: z.number().int().min(0).max(1_000_000).default(0),
    deployRole: DeployRole,
    backoff: PollBackoff.default({ initialSeconds: 5, multiplier: 2, maxSeconds: 60 }),
    /** deployStack's latest result. Absent: poll the stack's operation (`stackId`, `clientRequestToken`). */
    deploy: FollowedDeploy.optional(),
    /** pollStack's previous result; absent, or REDEPLOY (deployStack ran again): a first look at `deploy`. */
    previous: PreviousPoll.optional(),
    /** Seconds from executing a change set to the first DescribeStacks. @default 30 */
    firstPollSeconds: z.number().int().min(0).max(MAX_POLL_SECONDS).default(30),
  })
  .superRefine((input, ctx) => {
    const { stackName, target } = input;
    const ids: [string | undefined, (string | number)[]][] = [
      [input.stackId, ['stackId']],
      [input.deploy?.stackId, ['deploy', 'stackId']],
      [input.previous?.stackId, ['previous', 'stackId']],
    ];
    for (const [stackId, path] of ids) {
      if (stackId === undefined || stackId === stackName) continue;
      const arn = STACK_ARN.exec(stackId);
      const [, partition, region, account, name] = arn ?? [];
      const expected = partitionOfRegion(target.region)?.id;
      const problem = !arn
        ? 'expected the stack ARN deployStack returned (arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>) or the stack name'
        : name !== stackName
          ? `the ARN is of stack ${name}, not ${stackName}`
          : account !== target.accountId
            ? `the ARN is in account ${account}, not the target's ${target.accountId}`
            : region !== target.region
              ? `the ARN is in region ${region}, not the target's ${target.region}`
              : expected !== undefined && partition !== expected
                ? `the ARN is in partition ${partition}, not ${expected}`
                : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
    }
  });
/** pollStack's event (as sent). */
export type PollStackEvent = z.input<typeof PollStackInput>;
/** pollStack's event after parsing. */
export type PollStackInput = z.infer<typeof PollStackInput>;

/** The first thing that failed in an operation: the earliest `*_FAILED` resource event. */
export const RootCause = z.object({
  logicalResourceId: z.string(),
  resourceType: z.string(),
  status: z.string(),
  reason: z.string(),
});
/** The first thing that failed in an operation. */
export type RootCause = z.infer<typeof RootCause>;

/** pollStack's result. */
export const PollStackOutput = z.object({
  accountId: AccountId,
  region: Region,
  stackName: StackName,
  progress: PollProgress,
  /** What the next look follows (meaningful while IN_PROGRESS). */
  phase: PollPhase,
  /** The stack's status when pollStack described it (absent when it looked only at the change set). */
  stackStatus: StackStatus.optional(),
  statusReason: z.string().optional(),
  rootCause: RootCause.optional(),
  /** DescribeStacks of the stack operation so far (0 until the change set is executed). */
  attempt: z.number().int().min(0),
  /** DescribeChangeSet looks so far. */
  changeSetChecks: z.number().int().min(0),
  stackId: z.string().optional(),
  /** Token of the stack operation being followed (the change set's execute token once executed). */
  clientRequestToken: z.string().optional(),
  /** Seconds the machine's Wait should wait before the next poll (only meaningful while IN_PROGRESS). */
  nextPollSeconds: z.number().int().min(0),
});
/** pollStack's result. */
export type PollStackOutput = z.infer<typeof PollStackOutput>;
