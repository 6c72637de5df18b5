/**
 * @stackset-lite/stackset-workflow — the StackSets-lite state machine, its input schema, its own
 * tasks (prepareOperation, planRollout, recordStage, aggregateResults) and the SAM template. The
 * simulation on asl-local against the tasks package's simulated estate is a separate entry point,
 * `@stackset-lite/stackset-workflow/simulate`, so that importing this one never loads the estate.
 * @module
 */
export {
  type BuiltFile,
  buildArtifacts,
  functionBundlesDir,
  MissingBundlesError,
} from './build/build-artifacts.js';
export { exampleRolloutInput } from './build/example-input.js';
export {
  functionCodeUri,
  functionLogicalId,
  type InstallationDefaults,
  STATE_MACHINE_NAME,
  samTemplate,
} from './build/sam-template.js';
export { type InputProblem, InvalidInputError } from './input/input-error.js';
export { parseRolloutInput } from './input/parse-rollout-input.js';
export {
  AccountIdSchema,
  CapabilitySchema,
  DEFAULT_SERVICE_ROLE_NAME,
  DEFAULT_STACK_NAME_PREFIX,
  type Preferences,
  PreferencesSchema,
  type RolloutInput,
  type RolloutInputDocument,
  type RolloutInputOptions,
  RolloutInputSchema,
  rolloutInputJsonSchema,
  rolloutInputSchema,
  StackNamePrefixSchema,
  TargetsSchema,
  TemplateLocationSchema,
  type WaveSize,
  WaveSizeSchema,
} from './input/rollout-input.js';
export {
  DEFAULT_FIRST_POLL_SECONDS,
  POLL_BACKOFF,
  type StacksetMachineOptions,
  stacksetMachine,
} from './machine/stackset-machine.js';
export type { StageMode } from './machine/stage-mode.js';
export {
  SETTING_PLACEHOLDERS,
  SUBSTITUTION_KEYS,
  substituteDefinition,
  TASK_FUNCTIONS,
  type TaskFunctionName,
} from './machine/task-functions.js';
export { learnFirstPollSeconds, type PollSample } from './plan/poll-schedule.js';
export {
  type RegionLimits,
  regionConcurrency,
  resolveRegionLimits,
  toleranceExceeded,
} from './plan/region-limits.js';
export { orderRegions, planStages, type Stage, type StagePlan } from './plan/stage-plan.js';
export type { Target } from './plan/target.js';
export { planWaves, resolveWaveSize } from './plan/wave-plan.js';
export { buildReport, type ReportedTarget, type RolloutReport } from './report/rollout-report.js';
export { countByStatus, type StatusCounts } from './report/rollout-summary.js';
export { TARGET_STATUSES, type TargetResult, type TargetStatus } from './report/target-result.js';
export { type ExecutionMetrics, measureExecution } from './simulate/execution-metrics.js';
export {
  type AutoDeploymentOutcome,
  handleOrganizationsEvent,
  type OrganizationLookup,
} from './stack-set/auto-deployment.js';
export {
  DynamoDbStackSetStore,
  type DynamoDbStackSetStoreOptions,
} from './stack-set/dynamodb-stack-set-store.js';
export { describeStatusChanges, instanceChanges } from './stack-set/instance-results.js';
export { MemoryStackSetStore } from './stack-set/memory-stack-set-store.js';
export {
  finishOperation,
  LEASE_TTL_MS,
  type OperationLauncher,
  type QueueDeps,
  startNextOperation,
} from './stack-set/operation-queue.js';
export { rolloutInputFor } from './stack-set/operation-rollout-input.js';
export { createOrganizationLookup } from './stack-set/organization-lookup.js';
export {
  type AccountChange,
  AUTO_DEPLOYMENT_EVENT_PATTERN,
  accountChangeOf,
  OrganizationsEventSchema,
} from './stack-set/organizations-event.js';
export { type DriftDetectionDeps, detectStackSetDrift } from './stack-set/stack-set-drift.js';
export * from './stack-set/stack-set-model.js';
export {
  type CreateStackSetRequest,
  CreateStackSetRequestSchema,
  createStackSet,
  type OperationRequest,
  OperationRequestSchema,
  requestOperation,
  type StackExists,
  StopRequestSchema,
  stopOperation,
  UpdateStackSetRequestSchema,
  updateStackSet,
} from './stack-set/stack-set-requests.js';
export {
  type OperationChange,
  OperationStatusConflictError,
  StackSetConflictError,
  type StackSetStore,
  type StoreMetrics,
} from './stack-set/stack-set-store.js';
export type { StackSetTaskDeps } from './stack-set/stack-set-task-deps.js';
export { STACK_SET_TABLE_DEFINITION } from './stack-set/table-items.js';
export { MemoryObjectStore, type ObjectStore } from './store/object-store.js';
export { S3ObjectStore } from './store/s3-object-store.js';
export { createAggregateResultsHandler } from './tasks/aggregate-results.js';
export { createPlanRolloutHandler } from './tasks/plan-rollout.js';
export {
  type InstallationSettings,
  type PreparedOperation,
  prepareOperation,
} from './tasks/prepare-operation.js';
export { createRecordStageHandler } from './tasks/record-stage.js';
export type { RolloutCursor, StageDescriptor } from './tasks/rollout-cursor.js';
