import type { JsonValue, QueryLanguage, State } from '@stackset-lite/asl-dsl/model';
import { StatesError, toStatesError, UnsupportedFeatureError } from '../errors/states-error.js';
import { BranchCancelled } from '../execution/execution.js';
import type { Frame } from '../execution/frame.js';
import { ExecutionTerminated } from '../history/execution-history.js';
import type { HistoryEventDetails, HistoryEventType } from '../history/history-event.js';
import { runChoiceState } from './choice-state.js';
import { runFailState } from './fail-state.js';
import { checkKnownFields } from './known-fields.js';
import { runMapState } from './map-state.js';
import { runParallelState } from './parallel-state.js';
import { runPassState } from './pass-state.js';
import type { StateOutcome } from './state-outcome.js';
import { runSucceedState } from './succeed-state.js';
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

/**
 * Runs one state: StateEntered, the type's semantics, Catch, StateExited, variable assignment.
 * Counts one billed state transition per entry.
 */
export async function runState(
  frame: Frame,
  name: string,
  state: State,
  input: JsonValue,
): Promise<StateOutcome> {
  const exec = frame.exec;
  const clock = exec.clock;
  const ql: QueryLanguage = state.QueryLanguage ?? frame.queryLanguage;
  frame.stateName = name;
  frame.enteredAt = clock.now();
  frame.retryCount = 0;
  frame.taskToken = undefined;
  const wallStart = performance.now();
  exec.stateTransitions++;
  const inputJson = exec.jsonFor(frame, input, `input of state '${name}'`);
  frame.prev = exec.history.append(ENTERED[state.Type], frame.prev, { name, input: inputJson });
  let outcome: StateOutcome;
  try {
    checkKnownFields(name, state);
    outcome = await dispatch(frame, name, state, input, ql);
  } catch (e) {
    if (e instanceof ExecutionTerminated || e instanceof BranchCancelled) throw e;
    const se = toStatesError(e, 'States.Runtime');
    const catchers =
      state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map' ? state.Catch : undefined;
    const caught = await exec.applyCatch(frame, name, catchers, input, se, ql);
    if (!caught) throw se;
    outcome = caught;
  }
  if (state.Type !== 'Fail') {
    const output = outcome.output;
    const json = exec.jsonFor(frame, output, `output of state '${name}'`);
    const details: HistoryEventDetails = { name, output: json };
    if (outcome.assign) {
      const assigned: Record<string, string> = {};
      let bytes = 0;
      for (const [k, v] of Object.entries(outcome.assign)) {
        const text = JSON.stringify(v) ?? 'null';
        assigned[k] = text;
        bytes += text.length;
      }
      // AWS caps what one Assign stores at the payload quota.
      const max = exec.services.maxPayloadBytes;
      if (max !== null && bytes > max / 3 && Buffer.byteLength(Object.values(assigned).join('')) > max) {
        throw new StatesError(
          'States.DataLimitExceeded',
          `The variables assigned by state '${name}' exceed the maximum number of bytes service limit (${max} bytes)`,
        );
      }
      details.assignedVariables = assigned;
    }
    frame.prev = exec.history.append(EXITED[state.Type], frame.prev, details);
  }
  if (outcome.assign) frame.scope.assign(outcome.assign);
  exec.recordTiming(name, clock.now() - frame.enteredAt, performance.now() - wallStart);
  return outcome;
}

function dispatch(
  frame: Frame,
  name: string,
  state: State,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<StateOutcome> {
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
