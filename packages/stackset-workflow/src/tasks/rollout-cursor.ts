import { z } from 'zod';

/** The stage a Distributed Map run deploys next: small enough to travel in the state's payload. */
export const StageDescriptorSchema = z.object({
  index: z.number().int().min(0),
  wave: z.number().int().positive(),
  regions: z.array(z.string()),
  /** Targets in the stage's item file. */
  count: z.number().int().positive(),
  /** S3 key of the stage's items (a JSON array) for the ItemReader. */
  itemsKey: z.string(),
  /** S3 prefix for the Distributed Map's ResultWriter. */
  resultsPrefix: z.string(),
  /** The Distributed Map's MaxConcurrency for this stage. */
  maxConcurrency: z.number().int().positive(),
  /** Seconds to wait after starting a stack before the first DescribeStacks. */
  firstPollSeconds: z.number().int().min(0),
  /** The items themselves, when the machine runs stages as inline Maps (Step Functions Local). */
  items: z.array(z.unknown()).optional(),
});
/** The stage a Distributed Map run deploys next. */
export type StageDescriptor = z.infer<typeof StageDescriptorSchema>;

/** Where the rollout stands; `$.rollout` in the state machine. */
export const RolloutCursorSchema = z.object({
  runId: z.string().min(1),
  bucket: z.string().min(1),
  stageCount: z.number().int().min(0),
  /** Stage items travel in the descriptor (inline Map) instead of only in S3 (Distributed Map). */
  inlineItems: z.boolean().default(false),
  /** Absent when no stage is left (done, or stopped by the failure tolerance). */
  next: StageDescriptorSchema.optional(),
});
/** Where the rollout stands. */
export type RolloutCursor = z.infer<typeof RolloutCursorSchema>;

/** S3 keys of one run's objects. */
export const runKeys = {
  plan: (runId: string) => `runs/${runId}/plan.json`,
  ledger: (runId: string) => `runs/${runId}/ledger.json`,
  stageItems: (runId: string, stage: number) => `runs/${runId}/stages/${stage}.json`,
  stageResults: (runId: string, stage: number) => `runs/${runId}/results/${stage}`,
  report: (runId: string) => `runs/${runId}/report.json`,
};
