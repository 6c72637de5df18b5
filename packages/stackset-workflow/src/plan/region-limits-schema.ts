import { z } from 'zod';

/** Zod schema of {@link import('./region-limits.js').RegionLimits}, for data read back from S3. */
export const RegionLimitsSchema = z.object({
  region: z.string(),
  targets: z.number().int().min(0),
  maxConcurrent: z.number().int().min(1),
  failureTolerance: z.number().int().min(0),
});
