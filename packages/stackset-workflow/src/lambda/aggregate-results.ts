import { stackSetDepsFromEnvironment } from '../stack-set/stack-set-environment.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { createAggregateResultsHandler } from '../tasks/aggregate-results.js';

const stackSets = stackSetDepsFromEnvironment();

/** The aggregateResults Lambda entry point: the task over Amazon S3. */
export const handler = createAggregateResultsHandler({
  store: new S3ObjectStore(),
  // The stack set store, when the installation has one (STACK_SET_TABLE): stack set operations.
  ...(stackSets && { stackSets }),
});
