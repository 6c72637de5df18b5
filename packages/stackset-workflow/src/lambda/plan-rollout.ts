import { S3ObjectStore } from '../store/s3-object-store.js';
import { createPlanRolloutHandler } from '../tasks/plan-rollout.js';

/** The planRollout Lambda entry point: the task over Amazon S3. */
export const handler = createPlanRolloutHandler({ store: new S3ObjectStore() });
