import { S3ObjectStore } from '../store/s3-object-store.js';
import { createAggregateResultsHandler } from '../tasks/aggregate-results.js';

/** The aggregateResults Lambda entry point: the task over Amazon S3. */
export const handler = createAggregateResultsHandler({ store: new S3ObjectStore() });
