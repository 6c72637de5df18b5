import type { JsonValue, QueryLanguage, State } from '@stackset-lite/asl-dsl/model';
import { engineError, locateError, StatesError, UnsupportedFeatureError } from '../errors/states-error.js';
import { BranchCancelled } from '../execution/execution.js';
import type { Frame } from '../execution/frame.js';
import { ExecutionTerminated } from '../history/execution-history.js';
import type { HistoryEventDetails, HistoryEventType } from '../history/history-event.js';
import { setOwn } from '../paths/own-property.js';
import { choiceJsonPath, runChoiceState } from './choice-state.js';
import { recordEvaluationFailure } from './evaluation-failure.js';
import { runFailState } from './fail-state.js';
import { checkKnownFields } from './known-fields.js';
import { runMapState } from './map-state.js';
import { runParallelState } from './parallel-state.js';
import { passJsonPath, runPassState } from './pass-state.js';
import { checkFieldsForLanguage } from './state-io.js';
import type { StateOutcome } from './state-outcome.js';
import { runSucceedState, succeedJsonPath } from './succeed-state.js';
import { runTaskState } from './task-state.js';
import { runWaitState } from './wait-state.js';

const ENTERED: Record<State['Type'], HistoryEventType> = {
  Task: 'TaskStateEntered',
  Pass: 'PassStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
};
const EXITED: Record<Exclude<State['Type'], 'Fail'>, HistoryEventType> = {
  Task: 'TaskStateExited',
  Pass: 'PassStateExited',
  Choice: 'ChoiceStateExited',
  Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
};

/** Writes StateEntered and resets the frame's `$$.State` fields; returns the wall-clock start. */
function enter(frame: Frame, name: string, state: State, input: JsonValue): number {
  const exec = frame.exec;
  frame.stateName = name;
  frame.retries = state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map';
  frame.enteredAt = exec.clock.now();
  frame.retryCount = 0;
  frame.taskToken = undefined;
  exec.stateTransitions++;
  const inputJson = exec.jsonFor(frame, input, 'input', name);
  frame.prev = exec.history.appendEntered(ENTERED[state.Type], frame.prev, name, inputJson);
  frame.enteredEventId = frame.prev;
  return performance.now();
}

/** Writes StateExited (with assigned variables), assigns them, records timing. */
function exit(
  frame: Frame,
  name: string,
  state: State,
  outcome: StateOutcome,
  wallStart: number,
): StateOutcome {
  const exec = frame.exec;
  if (state.Type !== 'Fail') {
    const json = exec.jsonFor(frame, outcome.output, 'output', name);
    if (outcome.assign) {
      const details: HistoryEventDetails = { name, output: json };
      details.assignedVariables = assignedVariables(frame, name, outcome.assign);
      frame.prev = exec.history.append(EXITED[state.Type], frame.prev, details);
    } else frame.prev = exec.history.appendExited(EXITED[state.Type], frame.prev, name, json);
  }
  if (outcome.assign) frame.scope.assign(outcome.assign);
  exec.recordTiming(name, exec.clock.now() - frame.enteredAt, performance.now() - wallStart);
  return outcome;
}

function assignedVariables(
  frame: Frame,
  name: string,
  assign: Record<string, JsonValue>,
): Record<string, string> {
  const assigned: Record<string, string> = {};
  let bytes = 0;
  for (const [k, v] of Object.entries(assign)) {
    const text = JSON.stringify(v) ?? 'null';
    setOwn(assigned, k, text);
    bytes += text.length;
  }
  // AWS caps what one Assign stores at the payload quota.
  const max = frame.exec.services.maxPayloadBytes;
  if (max !== null && bytes > max / 3 && Buffer.byteLength(Object.values(assigned).join('')) > max) {
    throw new StatesError(
      'States.DataLimitExceeded',
      `The variables assigned by state '${name}' exceed the maximum number of bytes service limit (${max} bytes)`,
    );
  }
  return assigned;
}

/**
 * Whether a state can run without awaiting anything: JSONPath Pass, Choice and Succeed do no I/O,
 * so a 10,000-item Map runs them without an async hop each.
 */
export function runsSynchronously(state: State, ql: QueryLanguage): boolean {
  return ql === 'JSONPath' && (state.Type === 'Pass' || state.Type === 'Choice' || state.Type === 'Succeed');
}

/** {@link runState} for states where {@link runsSynchronously} holds (they have no Catch). */
export function runStateSync(frame: Frame, name: string, state: State, input: JsonValue): StateOutcome {
  const wallStart = enter(frame, name, state, input);
  let outcome: StateOutcome;
  try {
    checkKnownFields(name, state);
    checkFieldsForLanguage(name, state, 'JSONPath');
    if (state.Type === 'Pass') outcome = passJsonPath(frame, name, state, input);
    else if (state.Type === 'Choice') outcome = choiceJsonPath(frame, name, state, input);
    else if (state.Type === 'Succeed') outcome = succeedJsonPath(frame, state, input);
    else throw new StatesError('States.Runtime', `State '${name}' cannot run synchronously`);
    return exit(frame, name, state, outcome, wallStart);
  } catch (e) {
    if (e instanceof ExecutionTerminated) throw e;
    throw locateError(engineError(e), name, frame.enteredEventId);
  }
}

/**
 * Runs one state: StateEntered, the type's semantics, Catch, StateExited, variable assignment.
 * Counts one billed state transition per entry. Synchronous when the state's work is (a task with a
 * synchronous handler), else a promise settled one step after the work.
 */
export function runState(
  frame: Frame,
  name: string,
  state: State,
  input: JsonValue,
): StateOutcome | Promise<StateOutcome> {
  const ql: QueryLanguage = state.QueryLanguage ?? frame.queryLanguage;
  const wallStart = enter(frame, name, state, input);
  let pending: StateOutcome | Promise<StateOutcome>;
  try {
    checkKnownFields(name, state);
    // Every type refuses the other query language's fields before it runs.
    checkFieldsForLanguage(name, state, ql);
    pending = dispatch(frame, name, state, input, ql);
  } catch (e) {
    return stateFailed(frame, name, state, input, ql, wallStart, e);
  }
  if (pending instanceof Promise) {
    return pending.then(
      (outcome) => exit(frame, name, state, outcome, wallStart),
      (e: unknown) => stateFailed(frame, name, state, input, ql, wallStart, e),
    );
  }
  return exit(frame, name, state, pending, wallStart);
}

/** The state's work failed: its Catch takes the error (then StateExited), or the error goes on. */
function stateFailed(
  frame: Frame,
  name: string,
  state: State,
  input: JsonValue,
  ql: QueryLanguage,
  wallStart: number,
  e: unknown,
): StateOutcome | Promise<StateOutcome> {
  if (e instanceof ExecutionTerminated || e instanceof BranchCancelled) throw e;
  const se = locateError(engineError(e), name, frame.enteredEventId);
  recordEvaluationFailure(frame, name, se, state.Type === 'Map');
  const catchers =
    state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map' ? state.Catch : undefined;
  const pending = frame.exec.applyCatch(frame, name, catchers, input, se, ql);
  if (pending instanceof Promise)
    return pending.then((caught) => exit(frame, name, state, caught, wallStart));
  if (!pending) throw se;
  return exit(frame, name, state, pending, wallStart);
}

function dispatch(
  frame: Frame,
  name: string,
  state: State,
  input: JsonValue,
  ql: QueryLanguage,
): StateOutcome | Promise<StateOutcome> {
  switch (state.Type) {
    case 'Task':
      return runTaskState(frame, name, state, input, ql);
    case 'Pass':
      return runPassState(frame, name, state, input, ql);
    case 'Choice':
      return runChoiceState(frame, name, state, input, ql);
    case 'Wait':
      return runWaitState(frame, name, state, input, ql);
    case 'Succeed':
      return runSucceedState(frame, name, state, input, ql);
    case 'Fail':
      return runFailState(frame, name, state, input, ql);
    case 'Parallel':
      return runParallelState(frame, name, state, input, ql);
    case 'Map':
      return runMapState(frame, name, state, input, ql);
    default: {
      const t = (state as { Type?: unknown }).Type;
      return Promise.reject(
        new UnsupportedFeatureError(`state type ${JSON.stringify(t)}`, `state '${name}'`),
      );
    }
  }
}
