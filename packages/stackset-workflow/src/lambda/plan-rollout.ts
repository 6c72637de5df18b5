import { cloudFormationTemplateInspector } from '../plan/template-check.js';
import { stackSetDepsFromEnvironment } from '../stack-set/stack-set-environment.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { createPlanRolloutHandler } from '../tasks/plan-rollout.js';

const stackSets = stackSetDepsFromEnvironment();

/** The planRollout Lambda entry point: the task over Amazon S3, templates read by CloudFormation. */
export const handler = createPlanRolloutHandler({
  store: new S3ObjectStore(),
  inspectTemplate: cloudFormationTemplateInspector(),
  // The stack set store, when the installation has one (STACK_SET_TABLE): stack set operations.
  ...(stackSets && { stackSets }),
});
