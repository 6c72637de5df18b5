/**
 * The plain, typed Amazon States Language model. The builder produces it; the validator, serializer,
 * renderer, importer and the asl-local engine consume it.
 * @module
 */

export {
  CHOICE_COMPARISON_OPERATORS,
  type ChoiceComparisons,
  type ChoiceExpression,
  type ChoiceRule,
} from './choice-rule.js';
export type {
  ItemBatcher,
  ItemReader,
  ProcessorConfig,
  ReaderConfig,
  ResultWriter,
  WriterConfig,
} from './distributed-map.js';
export type { Catcher, Retrier } from './error-handling.js';
export { type PredefinedError, PredefinedErrors, UNCATCHABLE_ERRORS } from './errors.js';
export type { JsonObject, JsonPrimitive, JsonValue } from './json.js';
export { JSONATA_ONLY_FIELDS, JSONPATH_ONLY_FIELDS, type QueryLanguage } from './query-language.js';
export type {
  ChoiceState,
  ErrorHandling,
  FailState,
  ItemProcessor,
  JsonPathIO,
  JsonPathResult,
  MapState,
  Outputs,
  ParallelState,
  PassState,
  State,
  StateCommon,
  StateGraph,
  StateMachineDefinition,
  StateType,
  SucceedState,
  TaskState,
  Transition,
  WaitState,
} from './states.js';
