// The global `performance` is a lazy accessor in Node (a getter call per read): import it.
import { performance } from 'node:perf_hooks';
import type { JsonValue, QueryLanguage, State } from '@stackset-lite/asl-dsl/model';
import { engineError, locateError, StatesError, UnsupportedFeatureError } from '../errors/states-error.js';
import { BranchCancelled } from '../execution/execution.js';
import type { Frame } from '../execution/frame.js';
import type { StatePlan } from '../execution/state-plan.js';
import { ExecutionTerminated } from '../history/execution-history.js';
import type { HistoryEventDetails } from '../history/history-event.js';
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

/** Writes StateEntered and resets the frame's `$$.State` fields; returns the wall-clock start. */
function enter(frame: Frame, plan: StatePlan, input: JsonValue): number {
  const exec = frame.exec;
  frame.stateName = plan.name;
  frame.retries = plan.retries;
  frame.enteredAt = exec.clock.now();
  frame.retryCount = 0;
  frame.taskToken = undefined;
  exec.stateTransitions++;
  const inputJson = exec.jsonFor(frame, input, 'input', plan.name);
  frame.prev = exec.history.appendEnteredCode(plan.enteredCode, frame.prev, plan.nameId, inputJson);
  frame.enteredEventId = frame.prev;
  // Entered right after the thread's previous state exited: that exit's clock reading is this start.
  if (frame.wallFresh) {
    frame.wallFresh = false;
    return frame.wallMark;
  }
  return performance.now();
}

/** Writes StateExited (with assigned variables), assigns them, records timing. */
function exit(frame: Frame, plan: StatePlan, outcome: StateOutcome, wallStart: number): StateOutcome {
  const exec = frame.exec;
  const name = plan.name;
  if (plan.state.Type !== 'Fail') {
    const output = outcome.output;
    let json: string;
    if (output !== null && typeof output === 'object') json = exec.jsonFor(frame, output, 'output', name);
    else if (output === plan.lastOutput && plan.lastOutputJson !== undefined) json = plan.lastOutputJson;
    else {
      // A scalar output (a Pass state's Result, say) repeats: its JSON is kept by the state.
      json = exec.jsonFor(frame, output, 'output', name);
      plan.lastOutput = output;
      plan.lastOutputJson = json;
    }
    if (outcome.assign) {
      const details: HistoryEventDetails = { name, output: json };
      details.assignedVariables = assignedVariables(frame, name, outcome.assign);
      frame.prev = exec.history.appendCodeDetails(plan.exitedCode, frame.prev, details);
    } else frame.prev = exec.history.appendExitedCode(plan.exitedCode, frame.prev, plan.nameId, json);
  }
  if (outcome.assign) frame.scope.assign(outcome.assign);
  const wallEnd = performance.now();
  frame.wallMark = wallEnd;
  plan.timing = exec.recordTiming(plan.timing, name, exec.clock.now() - frame.enteredAt, wallEnd - wallStart);
  return outcome;
}

/** Runs the field checks of a state once per query language it runs in (they throw on entry). */
function checkFields(plan: StatePlan, ql: QueryLanguage): void {
  if (plan.checkedFor === ql) return;
  checkKnownFields(plan.name, plan.state);
  checkFieldsForLanguage(plan.name, plan.state, ql);
  plan.checkedFor = ql;
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
export function runStateSync(frame: Frame, plan: StatePlan, input: JsonValue): StateOutcome {
  const { name, state } = plan;
  const wallStart = enter(frame, plan, input);
  let outcome: StateOutcome;
  try {
    checkFields(plan, 'JSONPath');
    if (state.Type === 'Pass') outcome = passJsonPath(frame, name, state, input);
    else if (state.Type === 'Choice') outcome = choiceJsonPath(frame, name, state, input);
    else if (state.Type === 'Succeed') outcome = succeedJsonPath(frame, state, input);
    else throw new StatesError('States.Runtime', `State '${name}' cannot run synchronously`);
    return exit(frame, plan, outcome, wallStart);
  } catch (e) {
    if (e instanceof ExecutionTerminated) throw e;
    throw locateError(engineError(e), name, frame.enteredEventId);
  }
}

/**
 * A state whose work goes on after the call that entered it: {@link finishState} (or
 * {@link failState}) completes it once `work` settles, in the same promise step as whatever
 * follows (the graph's next state), not a step of its own.
 */
export class PendingState {
  constructor(
    readonly work: Promise<StateOutcome>,
    readonly frame: Frame,
    readonly plan: StatePlan,
    readonly input: JsonValue,
    readonly ql: QueryLanguage,
    readonly wallStart: number,
  ) {}
}

/** A pending state's work succeeded: StateExited, assignments, timing. */
export function finishState(p: PendingState, outcome: StateOutcome): StateOutcome {
  return exit(p.frame, p.plan, outcome, p.wallStart);
}

/** A pending state's work failed: its Catch, or the error goes on. */
export function failState(p: PendingState, e: unknown): StateOutcome | Promise<StateOutcome> {
  return stateFailed(p.frame, p.plan, p.input, p.ql, p.wallStart, e);
}

/** A pending state's outcome as one promise. */
export function settleState(p: PendingState): Promise<StateOutcome> {
  return p.work.then(
    (outcome) => finishState(p, outcome),
    (e: unknown) => failState(p, e),
  );
}

/**
 * Runs one state: StateEntered, the type's semantics, Catch, StateExited, variable assignment.
 * Counts one billed state transition per entry. Synchronous when the state's work is (a task with a
 * synchronous handler); else a {@link PendingState}, or a promise when a JSONata Catch is awaited.
 */
export function runState(
  frame: Frame,
  plan: StatePlan,
  input: JsonValue,
): StateOutcome | Promise<StateOutcome> | PendingState {
  const { name, state } = plan;
  const ql: QueryLanguage = state.QueryLanguage ?? frame.queryLanguage;
  const wallStart = enter(frame, plan, input);
  let pending: StateOutcome | Promise<StateOutcome>;
  try {
    // Every type refuses unknown fields and the other query language's fields before it runs.
    checkFields(plan, ql);
    pending = dispatch(frame, name, state, input, ql);
  } catch (e) {
    return stateFailed(frame, plan, input, ql, wallStart, e);
  }
  if (pending instanceof Promise) return new PendingState(pending, frame, plan, input, ql, wallStart);
  return exit(frame, plan, pending, wallStart);
}

/** The state's work failed: its Catch takes the error (then StateExited), or the error goes on. */
function stateFailed(
  frame: Frame,
  plan: StatePlan,
  input: JsonValue,
  ql: QueryLanguage,
  wallStart: number,
  e: unknown,
): StateOutcome | Promise<StateOutcome> {
  const { name, state } = plan;
  if (e instanceof ExecutionTerminated || e instanceof BranchCancelled) throw e;
  const se = locateError(engineError(e), name, frame.enteredEventId);
  recordEvaluationFailure(frame, name, se, state.Type === 'Map');
  const catchers =
    state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map' ? state.Catch : undefined;
  const pending = frame.exec.applyCatch(frame, name, catchers, input, se, ql);
  if (pending instanceof Promise) return pending.then((caught) => exit(frame, plan, caught, wallStart));
  if (!pending) throw se;
  return exit(frame, plan, pending, wallStart);
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
