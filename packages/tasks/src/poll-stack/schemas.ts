import { z } from 'zod';
import { TargetRef } from '../deploy-stack/schemas.js';
import { AccountId, DeployRole, OperationRef, Region, StackName } from '../shared/schemas.js';
import { StackProgress, StackStatus } from '../stack-status/stack-status.js';

/** Backoff between polls: `initialSeconds × multiplier^attempt`, capped at `maxSeconds`. */
export const PollBackoff = z.object({
  initialSeconds: z.number().int().min(1).default(5),
  multiplier: z.number().min(1).default(2),
  maxSeconds: z.number().int().min(1).default(60),
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
  progress: StackProgress,
  stackStatus: StackStatus,
  statusReason: z.string().optional(),
  rootCause: RootCause.optional(),
  /** Next value for `attempt`. */
  attempt: z.number().int().min(1),
  /** Seconds the machine's Wait should wait before the next poll (only meaningful while IN_PROGRESS). */
  nextPollSeconds: z.number().int().min(0),
});
/** pollStack's result. */
export type PollStackOutput = z.infer<typeof PollStackOutput>;
