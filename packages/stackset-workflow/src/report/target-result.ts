import { z } from 'zod';

/** The final status of one target, as the report and the notification carry it. */
export const TargetStatusSchema = z.enum(['SUCCEEDED', 'NO_CHANGES', 'FAILED', 'SKIPPED', 'CANCELLED']);
/** The final status of one target. */
export type TargetStatus = z.infer<typeof TargetStatusSchema>;
/** Every final status, in report order. */
export const TARGET_STATUSES: readonly TargetStatus[] = TargetStatusSchema.options;

/** What happened to one account/region. */
export const TargetResultSchema = z.object({
  account: z.string(),
  region: z.string(),
  status: TargetStatusSchema,
  /** Why it failed, was skipped or cancelled. */
  reason: z.string().optional(),
  /** The earliest failed resource, e.g. `Bucket (AWS::S3::Bucket): bucket already exists`. */
  rootCause: z.string().optional(),
  /** The root cause as pollStack found it, for the notification's grouping. */
  rootCauseDetail: z
    .object({
      logicalResourceId: z.string(),
      resourceType: z.string(),
      status: z.string(),
      reason: z.string(),
    })
    .optional(),
  /** The stack's status when the target settled. */
  stackStatus: z.string().optional(),
  /** The wave that deployed it (absent when skipped). */
  wave: z.number().int().positive().optional(),
});
/** What happened to one account/region. */
export type TargetResult = z.infer<typeof TargetResultSchema>;
