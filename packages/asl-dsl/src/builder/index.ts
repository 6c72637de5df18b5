/**
 * The typed fluent builder: declares states with typed references and produces the plain ASL model.
 * @module
 */

export { type Condition, cond, type Operand, type RawPath } from './conditions.js';
export { AslDslError, type AslDslErrorCode, AslDslErrorCodes, type AslDslErrorLocation } from './errors.js';
export type {
  AfterCheck,
  AfterOption,
  AfterResultPath,
  CatchEdges,
  CaughtData,
  CheckedName,
  ChoiceEdges,
  FlowCheck,
  FlowInto,
  GraphOutput,
  GraphResult,
  MapResult,
  NextCheck,
  NextEdge,
  ParallelResult,
  ResolvedValue,
  ResultWriterOutput,
  Selected,
  StateInput,
} from './flow-types.js';
export { GraphBuilder } from './graph.js';
export {
  type Arg,
  type HashAlgorithm,
  type IntrinsicArg,
  type IntrinsicValue,
  States,
} from './intrinsics.js';
export { type JsonataExpression, type JsonataInterpolation, jsonata } from './jsonata.js';
export {
  type LambdaError,
  LambdaErrors,
  type LambdaTaskOptions,
  type LambdaTaskPreset,
  lambdaServiceRetry,
  lambdaTask,
  type PresetCatch,
} from './lambda-task.js';
export { pick } from './pick.js';
export type { ContextObject } from './refs/context-object.js';
export { castRef, type PathProxy, type PathRef, ref } from './refs/path-ref.js';
export type { Resolved } from './resolved.js';
export { type IntegrationPattern, type Placeholder, resources } from './resources.js';
export { type ResultAt, resultAt } from './result-at.js';
export type { CatchOptions, ErrorName, RetryOptions } from './retry-catch.js';
export type {
  BuilderEnv,
  CatchScope,
  Computed,
  DefaultEnv,
  ErrorOutput,
  ResultScope,
  StateScope,
  VariableRefs,
} from './scope.js';
export { SnsPublishInput, SnsPublishOutput, snsPublish } from './sns-publish.js';
export type {
  Edge,
  EdgesOf,
  InputOf,
  OutputOf,
  StateHandle,
  Target,
  TargetName,
  TaskHandle,
} from './state-handle.js';
export {
  type MachineEnv,
  StateMachineBuilder,
  type StateMachineOptions,
  stateMachine,
} from './state-machine.js';
export type {
  ChoiceDeclaration,
  ChoiceHandleFor,
  ChoiceName,
  ChoiceOptions,
  ChoiceRuleOptions,
  PassThroughOutput,
} from './states/choice.js';
export type {
  ItemBatcherOptions,
  ItemReaderOptions,
  ReaderConfigOptions,
  ResultWriterOptions,
} from './states/distributed-map.js';
export type { FailDeclaration, FailOptions } from './states/fail.js';
export type {
  ItemSelectorScope,
  MapBaseOptions,
  MapContext,
  MapDeclaration,
  MapHandleFor,
  MapName,
  ProcessorInput,
} from './states/map.js';
export type {
  BranchInput,
  ParallelBaseOptions,
  ParallelDeclaration,
  ParallelHandleFor,
  ParallelName,
  ResultHandleOf,
  ResultOutput,
} from './states/parallel.js';
export type { PassDeclaration, PassHandleFor, PassName, PassOptions, PassOutput } from './states/pass.js';
export type {
  AllowedQueryLanguage,
  CommonOptions,
  DynamicNumber,
  DynamicNumberOption,
  DynamicString,
  DynamicStringOption,
  JsonataFieldInJsonPath,
  JsonataOnly,
  JsonPathFieldInJsonata,
  JsonPathOnly,
  PathChoice,
  PathOption,
  QueryLanguageOption,
  StateEnv,
  TransitionOptions,
} from './states/state-fields.js';
export type { SucceedDeclaration, SucceedHandleFor, SucceedOptions } from './states/succeed.js';
export type {
  AssignOption,
  FlowOptions,
  StateInputSource,
  TaskDeclaration,
  TaskHandleFor,
  TaskName,
  TaskOptions,
  TaskOutput,
} from './states/task.js';
export type { WaitDeclaration, WaitHandleFor, WaitName, WaitOptions } from './states/wait.js';
export type { StateMethod, StatesAfter } from './states-after.js';
export { type TaskLookup, taskLookup } from './task-lookup.js';
export type { Dynamic, LooseTemplate, Template } from './template.js';
