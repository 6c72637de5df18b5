/**
 * @stackset-lite/asl-local — an in-process AWS Step Functions engine with AWS-faithful semantics.
 * @module
 */
export type { Clock } from './clock/clock.js';
export { RealClock } from './clock/real-clock.js';
export { VirtualClock } from './clock/virtual-clock.js';
export {
  InMemoryObjectStore,
  type ObjectStore,
  type StoredObjectSummary,
} from './distributed/object-store.js';
export { StatesError, UnsupportedFeatureError } from './errors/states-error.js';
export type { ExecutionStatus, StateTiming } from './execution/execution.js';
export {
  DEFAULT_MAX_HISTORY_EVENTS,
  DEFAULT_MAX_PAYLOAD_BYTES,
  type ExecutionOptions,
} from './execution/options.js';
export {
  createExecution,
  type ExecutionResult,
  InvalidExecutionParamsError,
  type RunningExecution,
  type StartExecutionParams,
  startExecution,
} from './execution/start-execution.js';
export { InvalidTaskTokenError } from './execution/task-tokens.js';
export {
  type HandlerInput,
  type HandlerResult,
  handlerFor,
  servesLambdaInvoke,
  type TaskSchemas,
} from './handlers/handler-for.js';
export {
  type LambdaFunctionHandler,
  type LambdaFunctionSettings,
  type TaskHandler,
  type TaskHandlerContext,
  type TaskHandlerFunction,
  type TaskHandlers,
  type TypedTaskHandler,
  typedHandler,
} from './handlers/task-handler.js';
export type { HistoryEvent, HistoryEventType } from './history/history-event.js';
export { DEFAULT_LAMBDA_CONCURRENCY, type LambdaStats } from './lambda/lambda-account.js';
