/**
 * publishWorkflow: ship a new ASL definition to a stack that uses the injectWorkflow macro.
 * @module
 */

export { PUBLISH_WORKFLOW_USAGE, type PublishWorkflowCliIo, publishWorkflowCli } from './cli.js';
export { PublishWorkflowError, type PublishWorkflowErrorCode } from './errors.js';
export {
  CapabilitySchema,
  type PublishWorkflowOptions,
  PublishWorkflowOptionsSchema,
  type ResolvedPublishWorkflowOptions,
} from './options.js';
export {
  type PlannedChange,
  type PublishWorkflowDependencies,
  type PublishWorkflowResult,
  publishWorkflow,
} from './publish-workflow.js';
