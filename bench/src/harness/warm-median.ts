/**
 * Warm medians for one benchmark side, measured inside that side's own process.
 *
 * Samples run back to back in the side's own process, so the garbage collector works at its steady
 * state for that side's allocation rate: each sample pays its fair share of GC and nothing of the
 * other side's. (Forcing a full GC before each sample was tried and rejected: V8 then shrinks the
 * young generation and sweeps concurrently, which inflated a 5 ms build to 9–13 ms.)
 */

/** What one side reports to the parent: medians plus the output of the last run. */
export interface SideTiming {
  /** Median wall time of one run, ms. */
  readonly ms: number;
  /** Median CPU time (user + system) of one run, ms: what other processes cannot inflate. */
  readonly cpuMs: number;
  /** Fastest run, ms. */
  readonly minMs: number;
  /** Number of timed samples. */
  readonly samples: number;
}

/** The median of `xs` (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs `run` `warmup` times, then times `samples` runs; returns medians. */
export function warmMedian(run: () => unknown, warmup: number, samples: number): SideTiming {
  for (let i = 0; i < warmup; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < samples; i++) {
    const startCpu = process.cpuUsage();
    const start = performance.now();
    run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu), minMs: Math.min(...wall), samples };
}
