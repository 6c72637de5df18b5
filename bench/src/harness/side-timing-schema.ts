/** The zod schema of a side's timing, as printed by a child process (see warm-median.ts). */
import { z } from 'zod';

/** Parses a {@link import('./warm-median.js').SideTiming} read back from a child's stdout. */
export const sideTimingSchema = z.object({
  ms: z.number(),
  cpuMs: z.number(),
  minMs: z.number(),
  samples: z.number().int().positive(),
});
