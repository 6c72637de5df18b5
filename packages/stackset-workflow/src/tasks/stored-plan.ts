import { z } from 'zod';
import { RegionLimitsSchema } from '../plan/region-limits-schema.js';

const TargetSchema = z.object({ account: z.string().min(1), region: z.string().min(1) });

/** Zod schema of {@link import('../plan/stage-plan.js').Stage} (the type test keeps them equal). */
export const StageSchema = z.object({
  index: z.number().int().min(0),
  wave: z.number().int().min(1),
  regions: z.array(z.string().min(1)).min(1),
  targets: z.array(TargetSchema).min(1),
});

/**
 * A stored plan: the stages with their targets and the per-region limits, written to S3 by
 * planRollout and read back by recordStage and aggregateResults. Read back through this schema, so a
 * truncated, edited or foreign object is refused naming the field instead of giving wrong totals:
 * beyond the types, every stage sits at its own index, lists each target once and only in its
 * regions, and every region has limits.
 */
export const StoredPlanSchema = z
  .object({
    stages: z.array(StageSchema),
    regions: z.array(RegionLimitsSchema),
    firstPollSeconds: z.number().int().min(0),
    /** Smallest STRICT round, so that a run never has more than MAX_ROUNDS rounds (plans before it have none). */
    minRoundSize: z.number().int().min(1).optional(),
    /** Largest round of a stage run as an inline Map (its items and results share one 256 KiB state). */
    maxInlineRoundSize: z.number().int().min(1).optional(),
  })
  .superRefine((plan, ctx) => {
    const limited = new Set(plan.regions.map((r) => r.region));
    const seen = new Map<string, number>();
    for (const [i, stage] of plan.stages.entries()) {
      // recordStage finds a stage by its index: a stage elsewhere would record another stage's targets.
      if (stage.index !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'index'],
          message: `expected ${i}, got ${stage.index}`,
        });
      for (const [r, region] of stage.regions.entries()) {
        // describeStage would give the region no concurrency at all.
        if (!limited.has(region))
          ctx.addIssue({
            code: 'custom',
            path: ['stages', i, 'regions', r],
            message: `region ${region} has no limits in /regions`,
          });
      }
      for (const [t, target] of stage.targets.entries()) {
        const key = `${target.account}/${target.region}`;
        if (!stage.regions.includes(target.region))
          ctx.addIssue({
            code: 'custom',
            path: ['stages', i, 'targets', t, 'region'],
            message: `${target.region} is not one of the stage's regions (${stage.regions.join(', ')})`,
          });
        const first = seen.get(key);
        // A target planned twice would be counted once in the report but deployed twice.
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['stages', i, 'targets', t],
            message: `target ${key} is already in stage ${first}`,
          });
        else seen.set(key, i);
      }
    }
  });

/** A stored plan (see {@link StoredPlanSchema}). */
export type StoredPlan = z.output<typeof StoredPlanSchema>;
