import { z } from 'zod';

/** The stage a Distributed Map run deploys next: small enough to travel in the state's payload. */
export const StageDescriptorSchema = z.object({
  index: z.number().int().min(0),
  wave: z.number().int().positive(),
  regions: z.array(z.string()),
  /** Position in the stage of this round's first target (STRICT mode runs a stage in rounds). */
  offset: z.number().int().min(0).default(0),
  /** Targets in this round's item file. */
  count: z.number().int().positive(),
  /** S3 key of the round's items (a JSON array) for the ItemReader. */
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
  roundItems: (runId: string, stage: number, offset: number) =>
    `runs/${runId}/stages/${stage}-${offset}.json`,
  stageResults: (runId: string, stage: number, offset = 0) => `runs/${runId}/results/${stage}-${offset}`,
  report: (runId: string) => `runs/${runId}/report.json`,
};
