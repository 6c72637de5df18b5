import { cloudFormationTemplateInspector } from '../plan/template-check.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { createPlanRolloutHandler } from '../tasks/plan-rollout.js';

/** The planRollout Lambda entry point: the task over Amazon S3, templates read by CloudFormation. */
export const handler = createPlanRolloutHandler({
  store: new S3ObjectStore(),
  inspectTemplate: cloudFormationTemplateInspector(),
});
