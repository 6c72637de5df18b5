/**
 * `@stackset-lite/tasks/simulated-estate`: the simulated AWS estate alone, for `stackset-lite simulate`.
 * Unlike `@stackset-lite/tasks/testing` it does not load the IAM policy simulator or the YAML template
 * reader (optional peers a user's install does not have); it needs only `aws-sdk-client-mock`.
 * @module
 */
export { InMemoryS3 } from './in-memory-s3.js';
export type { PublishedMessage } from './in-memory-sns.js';
export { seededRandom } from './seeded-random.js';
export { DEFAULT_LATENCIES, type SimulatedStack, type StackLatencies } from './simulated-cloudformation.js';
export { SimulatedDrift } from './simulated-drift.js';
export { type EstateOptions, SimulatedEstate } from './simulated-estate.js';
