import { z } from 'zod';
import type { PollSample } from '../plan/poll-schedule.js';
import type { TargetResult } from '../report/target-result.js';
import { lambdaErrorMessage } from './lambda-error-message.js';

const RootCauseSchema = z.object({
  logicalResourceId: z.string(),
  resourceType: z.string(),
  status: z.string().default('FAILED'),
  reason: z.string(),
});

/**
 * A per-target child execution's final state: the item it was given plus what deployStack and
 * pollStack returned, or the error a Catch recorded.
 */
export const ChildOutputSchema = z.object({
  target: z.object({ accountId: z.string(), region: z.string() }),
  wave: z.number().int().positive().optional(),
  firstPollSeconds: z.number().optional(),
  backoff: z
    .object({ initialSeconds: z.number(), multiplier: z.number(), maxSeconds: z.number() })
    .optional(),
  deploy: z
    .object({
      outcome: z.enum(['STARTED', 'CHANGE_SET_CREATED', 'NO_CHANGES', 'BUSY', 'FAILED', 'SKIPPED']),
      reason: z.string().optional(),
      stackStatus: z.string().optional(),
    })
    .optional(),
  poll: z
    .object({
      progress: z
        .enum([
          'IN_PROGRESS',
          'REDEPLOY',
          'SUCCEEDED',
          'NO_CHANGES',
          'FAILED',
          'NEEDS_INTERVENTION',
          'SKIPPED',
        ])
        .optional(),
      attempt: z.number().int().optional(),
      stackStatus: z.string().optional(),
      statusReason: z.string().optional(),
      rootCause: RootCauseSchema.optional(),
    })
    .optional(),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
/** A per-target child execution's final state. */
export type ChildOutput = z.infer<typeof ChildOutputSchema>;

/** `Bucket (AWS::S3::Bucket): reason` — the earliest failed resource, one line. */
export function formatRootCause(rc: z.infer<typeof RootCauseSchema>): string {
  return `${rc.logicalResourceId} (${rc.resourceType}): ${rc.reason}`;
}

/** A Lambda error's Cause is JSON `{errorType, errorMessage}`; keep the message. */
function errorReason(error: { Error?: string; Cause?: string }): string {
  const message = lambdaErrorMessage(error.Cause ?? '');
  return [error.Error, message].filter(Boolean).join(': ') || 'unknown error';
}

/** Maps a child's final state to the target's reported result. */
export function toTargetResult(child: ChildOutput): TargetResult {
  const base = {
    account: child.target.accountId,
    region: child.target.region,
    ...(child.wave !== undefined && { wave: child.wave }),
  };
  if (child.error) return { ...base, status: 'FAILED', reason: errorReason(child.error) };
  const deploy = child.deploy;
  if (!deploy) return { ...base, status: 'FAILED', reason: 'the deployment never started' };
  const poll = child.poll;
  // deployStack's own final answers (pollStack passes them through unchanged).
  switch (deploy.outcome) {
    case 'SKIPPED':
      return { ...base, status: 'SKIPPED', reason: deploy.reason ?? 'skipped' };
    case 'FAILED':
      return {
        ...base,
        status: 'FAILED',
        reason: deploy.reason ?? `stack is ${deploy.stackStatus ?? 'unusable'}`,
      };
    case 'NO_CHANGES':
      return { ...base, status: 'NO_CHANGES' };
    default:
      break;
  }
  switch (poll?.progress) {
    case 'SUCCEEDED':
      return { ...base, status: 'SUCCEEDED' };
    case 'NO_CHANGES':
      return { ...base, status: 'NO_CHANGES' };
    case 'SKIPPED':
      return { ...base, status: 'SKIPPED', reason: poll.statusReason ?? 'skipped' };
    case 'FAILED':
    case 'NEEDS_INTERVENTION':
      break;
    default:
      return {
        ...base,
        status: 'FAILED',
        reason:
          deploy.outcome === 'BUSY'
            ? (deploy.reason ?? 'stack stayed busy')
            : deploy.outcome === 'CHANGE_SET_CREATED'
              ? 'the change set was never executed'
              : 'the stack never settled',
      };
  }
  // A change set CloudFormation refused (no stack status: the stack itself was not touched).
  if (!poll.stackStatus) {
    return { ...base, status: 'FAILED', reason: poll.statusReason ?? 'the change set failed' };
  }
  const needs = poll.progress === 'NEEDS_INTERVENTION' ? ' (needs intervention)' : '';
  return {
    ...base,
    status: 'FAILED',
    reason: `${poll.stackStatus}${needs}${poll.statusReason ? `: ${poll.statusReason}` : ''}`,
    stackStatus: poll.stackStatus,
    ...(poll.rootCause && { rootCause: formatRootCause(poll.rootCause), rootCauseDetail: poll.rootCause }),
  };
}

/** How the child's polling went, when it deployed successfully (for learning the first-poll delay). */
export function pollSampleOf(child: ChildOutput): PollSample | undefined {
  if (child.poll?.progress !== 'SUCCEEDED' || child.firstPollSeconds === undefined || !child.backoff)
    return undefined;
  return { firstPollSeconds: child.firstPollSeconds, polls: child.poll.attempt ?? 1, backoff: child.backoff };
}
