/**
 * The shape both compile sides build: 200 blocks of five states — Pass → Choice → Task (Lambda
 * invoke with Retry and Catch) → inline Map (whose item processor holds one Pass) → the next block.
 */

/** Number of five-state blocks: 1,000 states in all. */
export const BLOCKS = 200;

/** The Lambda function every Task invokes. */
export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:deploy';

/**
 * Iterations per side. Warm-up is by count of runs: V8 needs ~100–150 runs of our 4 ms build before
 * its optimized code is steady (measured: 5–8 ms per run before, 3.7 ms after), while CDK's 100 ms
 * synth runs enough code per run to settle within a few. Ours then gets more timed samples (it is
 * 20–30× faster) so both sides' timed samples span a comparable stretch of wall time.
 */
export const OURS_RUNS = { warmup: 200, samples: 151 } as const;
/** Iterations for aws-cdk-lib. */
export const CDK_RUNS = { warmup: 8, samples: 9 } as const;
