import { S3ObjectStore } from '../store/s3-object-store.js';
import { createRecordStageHandler } from '../tasks/record-stage.js';

/** The recordStage Lambda entry point: the task over Amazon S3. */
export const handler = createRecordStageHandler({ store: new S3ObjectStore() });
