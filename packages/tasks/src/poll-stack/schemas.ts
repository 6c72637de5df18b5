import { z } from 'zod';
import { DeployAction, DeployOutcome, TargetRef } from '../deploy-stack/schemas.js';
import { AccountId, DeployRole, OperationRef, Region, StackName } from '../shared/schemas.js';
import { StackStatus } from '../stack-status/stack-status.js';

/** Backoff between polls: `initialSeconds × multiplier^attempt`, capped at `maxSeconds`. */
export const PollBackoff = z.object({
  initialSeconds: z.number().int().min(1).default(5),
  multiplier: z.number().min(1).default(2),
  maxSeconds: z.number().int().min(1).default(60),
});

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
  clientRequestToken: z.string().optional(),
});

/** pollStack's previous result, as the machine hands it back (absent fields: a first look). */
export const PreviousPoll = z.looseObject({
  progress: PollProgress.optional(),
  phase: PollPhase.optional(),
  attempt: z.number().int().min(0).default(0),
  changeSetChecks: z.number().int().min(0).default(0),
  stackId: z.string().optional(),
  clientRequestToken: z.string().optional(),
});

/** pollStack's event. */
export const PollStackInput = z.object({
  operation: OperationRef,
  target: TargetRef,
  stackName: StackName,
  /** Prefer the id: a deleted stack can only be described by id. */
  stackId: z.string().optional(),
  /** The token deployStack returned: the root cause is looked for among this operation's events. */
  clientRequestToken: z.string().optional(),
  /** Polls done so far (0 on the first). */
  attempt: z.number().int().min(0).default(0),
  deployRole: DeployRole,
  backoff: PollBackoff.default({ initialSeconds: 5, multiplier: 2, maxSeconds: 60 }),
  /** deployStack's latest result. Absent: poll the stack's operation (`stackId`, `clientRequestToken`). */
  deploy: FollowedDeploy.optional(),
  /** pollStack's previous result; absent, or REDEPLOY (deployStack ran again): a first look at `deploy`. */
  previous: PreviousPoll.optional(),
  /** Seconds from executing a change set to the first DescribeStacks. @default 30 */
  firstPollSeconds: z.number().int().min(0).max(3600).default(30),
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
