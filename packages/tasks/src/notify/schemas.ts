import { z } from 'zod';
import { RootCause } from '../poll-stack/schemas.js';
import { parseArn } from '../shared/arn.js';
import { BucketName, KeyPrefix } from '../shared/s3-names.js';
import { AccountId, OperationRef, Region, S3ObjectLocation } from '../shared/schemas.js';

/**
 * An SNS topic ARN: `arn:<partition>:sns:<region>:<account>:<name>` with a known partition and region of
 * it, and a topic name of 1-256 letters, digits, `_` and `-` (FIFO topics end `.fifo`) — SNS API
 * reference, CreateTopic, Name.
 */
export const TopicArn = z.string().superRefine((text, ctx) => {
  const parsed = parseArn(text, 'sns');
  const problem = !parsed.ok
    ? parsed.problem
    : parsed.arn.region === '' || parsed.arn.accountId === ''
      ? 'expected an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<name>)'
      : /^([\w-]{1,256}|[\w-]{1,251}\.fifo)$/.test(parsed.arn.resource)
        ? undefined
        : 'expected an SNS topic name (1-256 letters, digits, _ and -)';
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** How a target ended (StackSets' instance statuses, plus NO_CHANGES and NEEDS_INTERVENTION). */
export const TargetFinalStatus = z.enum([
  'SUCCEEDED',
  'NO_CHANGES',
  'FAILED',
  'NEEDS_INTERVENTION',
  'SKIPPED',
  'CANCELLED',
]);
/** How a target ended. */
export type TargetFinalStatus = z.infer<typeof TargetFinalStatus>;

/** One target's outcome, as the machine collected it. */
export const TargetResult = z.object({
  accountId: AccountId,
  region: Region,
  /** Deployment wave (1-based) the target ran in. */
  wave: z.number().int().min(0).optional(),
  status: TargetFinalStatus,
  reason: z.string().optional(),
  stackStatus: z.string().optional(),
  rootCause: RootCause.optional(),
});
/** One target's outcome. */
export type TargetResult = z.infer<typeof TargetResult>;

/** notify's event. */
export const NotifyInput = z
  .object({
    operation: OperationRef,
    /** The results inline, or … */
    results: z.array(TargetResult).optional(),
    /** … an S3 object holding a JSON array of them. */
    resultsLocation: S3ObjectLocation.optional(),
    /** The topic to publish to; it must be in the orchestrator's own account. */
    topicArn: TopicArn,
    /** Where the full JSON report goes (`<keyPrefix><operation>/report.json`). */
    reportBucket: BucketName,
    reportKeyPrefix: KeyPrefix.pipe(z.string().max(512)).default('stackset-lite/reports/'),
    /** How the operation ended, when the caller says (e.g. `STOPPED: stopped at the user's request …`). */
    outcome: z.string().max(1024).optional(),
    /** A stack set operation's instance status changes, one line per kind (`OUTDATED → CURRENT: 40 instances (…)`). */
    instanceStatusChanges: z.array(z.string().max(16_384)).max(50).optional(),
    /** Region of the report bucket. @default the topic's region */
    reportRegion: Region.optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.results === !input.resultsLocation) {
      ctx.addIssue({
        code: 'custom',
        path: ['results'],
        message: 'give exactly one of results or resultsLocation',
      });
    }
  });
/** notify's event (as sent). */
export type NotifyEvent = z.input<typeof NotifyInput>;
/** notify's event after parsing. */
export type NotifyInput = z.infer<typeof NotifyInput>;

/** notify's result. */
export const NotifyOutput = z.object({
  messageId: z.string(),
  subject: z.string().max(99),
  report: S3ObjectLocation,
  counts: z.record(TargetFinalStatus, z.number().int()),
  /** Lines of the message body left out to stay under SNS's 256 KiB (they are in the report). */
  omittedLines: z.number().int().min(0),
});
/** notify's result. */
export type NotifyOutput = z.infer<typeof NotifyOutput>;
