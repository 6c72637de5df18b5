import type { ChoiceRule } from './choice-rule.js';
import type { ItemBatcher, ItemReader, ProcessorConfig, ResultWriter } from './distributed-map.js';
import type { Catcher, Retrier } from './error-handling.js';
import type { JsonObject, JsonValue } from './json.js';
import type { QueryLanguage } from './query-language.js';

/** Fields every state may have. */
export interface StateCommon {
  Comment?: string;
  /** Overrides the machine's query language for this state. */
  QueryLanguage?: QueryLanguage;
}

/** A state that ends the execution or names the next state. */
export interface Transition {
  Next?: string;
  End?: boolean;
}

/** JSONPath input/output filters (states other than Fail). */
export interface JsonPathIO {
  /** @default "$" */
  InputPath?: string | null;
  /** @default "$" */
  OutputPath?: string | null;
}

/** JSONPath result handling (Task, Parallel, Map). */
export interface JsonPathResult {
  /** The effective input: any JSON, usually an object template with `.$` fields. */
  Parameters?: JsonValue;
  ResultSelector?: JsonObject;
  /** @default "$" */
  ResultPath?: string | null;
}

/** JSONata output and variable assignment. */
export interface Outputs {
  /** JSONata: the state output (a value with `{% %}` expressions). */
  Output?: JsonValue;
  /** Variables assigned when the state completes. */
  Assign?: JsonObject;
}

/** Error handling (Task, Parallel, Map). */
export interface ErrorHandling {
  Retry?: Retrier[];
  Catch?: Catcher[];
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html */
export interface TaskState
  extends StateCommon,
    Transition,
    JsonPathIO,
    JsonPathResult,
    Outputs,
    ErrorHandling {
  Type: 'Task';
  Resource: string;
  /** JSONata: the task's arguments. */
  Arguments?: JsonValue;
  /** @default 99999999 */
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  /** Role to assume for the task (`RoleArn` or `RoleArn.$`). */
  Credentials?: JsonObject;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html */
export interface PassState extends StateCommon, Transition, JsonPathIO, Outputs {
  Type: 'Pass';
  Result?: JsonValue;
  /** The effective input: any JSON, usually an object template with `.$` fields. */
  Parameters?: JsonValue;
  ResultPath?: string | null;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
export interface ChoiceState extends StateCommon, JsonPathIO, Outputs {
  Type: 'Choice';
  Choices: ChoiceRule[];
  Default?: string;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html */
export interface WaitState extends StateCommon, Transition, JsonPathIO, Outputs {
  Type: 'Wait';
  Seconds?: number | string;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html */
export interface SucceedState extends StateCommon, JsonPathIO {
  Type: 'Succeed';
  Output?: JsonValue;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html */
export interface FailState extends StateCommon {
  Type: 'Fail';
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
}

/** A set of states with a start: a Parallel branch or a Map item processor. */
export interface StateGraph {
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  StartAt: string;
  States: Record<string, State>;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html */
export interface ParallelState
  extends StateCommon,
    Transition,
    JsonPathIO,
    JsonPathResult,
    Outputs,
    ErrorHandling {
  Type: 'Parallel';
  Branches: StateGraph[];
  Arguments?: JsonValue;
}

/** A Map's item processor: its mode and the states run for each item. */
export interface ItemProcessor extends StateGraph {
  ProcessorConfig?: ProcessorConfig;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html */
export interface MapState
  extends StateCommon,
    Transition,
    JsonPathIO,
    JsonPathResult,
    Outputs,
    ErrorHandling {
  Type: 'Map';
  ItemProcessor?: ItemProcessor;
  /** Deprecated alias of ItemProcessor (inline mode only). */
  Iterator?: StateGraph;
  /** JSONPath: where the items array is. @default "$" */
  ItemsPath?: string;
  /** JSONata: the items array or an expression yielding it. */
  Items?: JsonValue;
  ItemSelector?: JsonObject;
  ItemReader?: ItemReader;
  ItemBatcher?: ItemBatcher;
  ResultWriter?: ResultWriter;
  /** 0 means no limit. @default 0 */
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ToleratedFailureCount?: number | string;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailurePercentagePath?: string;
  /** Distributed mode: names the Map Run. */
  Label?: string;
}

/** Any state, discriminated by `Type`. */
export type State =
  | TaskState
  | PassState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;

/** The `Type` of a state. */
export type StateType = State['Type'];

/**
 * A complete Amazon States Language definition.
 * @see https://states-language.net/spec.html
 */
export interface StateMachineDefinition extends StateGraph {
  /** Machine-level timeout in seconds. */
  TimeoutSeconds?: number;
  /** @default "1.0" */
  Version?: string;
}
