import { z } from 'zod';
import { RootCause } from '../poll-stack/schemas.js';
import { AccountId, OperationRef, Region, S3ObjectLocation } from '../shared/schemas.js';

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
    topicArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'expected an SNS topic ARN'),
    /** Where the full JSON report goes (`<keyPrefix><operation>/report.json`). */
    reportBucket: z.string().min(3).max(63),
    reportKeyPrefix: z.string().default('stackset-lite/reports/'),
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
