import { stackSetDepsFromEnvironment } from '../stack-set/stack-set-environment.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { createRecordStageHandler } from '../tasks/record-stage.js';

const stackSets = stackSetDepsFromEnvironment();

/** The recordStage Lambda entry point: the task over Amazon S3. */
export const handler = createRecordStageHandler({
  store: new S3ObjectStore(),
  // The stack set store, when the installation has one (STACK_SET_TABLE): stack set operations.
  ...(stackSets && { stackSets }),
});
