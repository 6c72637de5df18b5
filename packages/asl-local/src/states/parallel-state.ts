import type { JsonValue, ParallelState, QueryLanguage } from '@stackset-lite/asl-dsl/model';
import { engineError, StatesError } from '../errors/states-error.js';
import { fanOut } from '../execution/fan-out.js';
import type { CancelSignal, Frame } from '../execution/frame.js';
import { ExecutionTerminated } from '../history/execution-history.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-evaluator.js';
import { jsonataFinish, jsonPathEffectiveInput, jsonPathFinish } from './state-io.js';
import { nextStateName, type StateOutcome } from './state-outcome.js';

/**
 * Parallel: every branch gets the effective input and its own variable scope; the result is the
 * array of branch outputs. The first failing branch stops the others and fails the state with the
 * branch's error.
 */
export async function runParallelState(
  frame: Frame,
  name: string,
  s: ParallelState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<StateOutcome> {
  const exec = frame.exec;
  const next = nextStateName(s);
  if (!Array.isArray(s.Branches)) {
    throw new StatesError(
      'States.Runtime',
      `The Branches of Parallel state '${name}' must be an array of state machines, got ${JSON.stringify(s.Branches)}`,
    );
  }
  const branchInput =
    ql === 'JSONata'
      ? s.Arguments === undefined
        ? input
        : await evaluateJsonataTemplate(s.Arguments, exec.jsonataEnv(frame, name, { input }), 'Arguments')
      : jsonPathEffectiveInput(frame, name, s, input);
  const result = await exec.withRetry(frame, s.Retry, async () => {
    frame.prev = exec.history.append('ParallelStateStarted', frame.prev);
    const startedId = frame.prev;
    const cancel: CancelSignal = { cancelled: false };
    let lastId = startedId;
    try {
      const outputs = await fanOut(s.Branches.length, 0, cancel, async (i) => {
        const branch = s.Branches[i] as ParallelState['Branches'][number];
        const child = exec.childFrame(frame, startedId, branch.QueryLanguage ?? ql, cancel);
        try {
          return await exec.runGraph(branch, branchInput, child);
        } finally {
          lastId = Math.max(lastId, child.prev);
        }
      });
      frame.prev = exec.history.append('ParallelStateSucceeded', lastId);
      return outputs;
    } catch (e) {
      if (e instanceof ExecutionTerminated) throw e;
      frame.prev = exec.history.append('ParallelStateFailed', lastId);
      throw engineError(e);
    }
  });
  if (ql === 'JSONata') {
    const { output, assign } = await jsonataFinish(frame, name, s, input, result);
    return { output, next, assign };
  }
  return jsonPathFinish(frame, name, s, input, result, next);
}
