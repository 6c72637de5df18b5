/**
 * The shape both compile sides build: 200 blocks of five states — Pass → Choice → Task (Lambda
 * invoke with Retry and Catch) → inline Map (whose item processor holds one Pass) → the next block.
 */

/** Number of five-state blocks: 1,000 states in all. */
export const BLOCKS = 200;

/** The Lambda function every Task invokes. */
export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:deploy';

/** Iterations per side: ours is ~100× faster than CDK, so it gets more samples in the same time. */
export const OURS_RUNS = { warmup: 40, samples: 61 } as const;
/** Iterations for aws-cdk-lib. */
export const CDK_RUNS = { warmup: 4, samples: 9 } as const;
