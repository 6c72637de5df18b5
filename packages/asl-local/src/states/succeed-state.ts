import type { JsonValue, QueryLanguage, SucceedState } from '@stackset-lite/asl-dsl/model';
import type { Frame } from '../execution/frame.js';
import { filterPath, jsonataFinish } from './state-io.js';
import type { StateOutcome } from './state-outcome.js';

/** Succeed: ends the graph with InputPath/OutputPath (JSONPath) or Output (JSONata) applied. */
export async function runSucceedState(
  frame: Frame,
  name: string,
  s: SucceedState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<StateOutcome> {
  if (ql === 'JSONata') {
    const { output } = await jsonataFinish(frame, name, { Output: s.Output }, input, undefined);
    return { output, next: null };
  }
  return succeedJsonPath(frame, s, input);
}

/** The JSONPath Succeed state, synchronous. */
export function succeedJsonPath(frame: Frame, s: SucceedState, input: JsonValue): StateOutcome {
  const effective = filterPath(frame, s.InputPath, input);
  return { output: filterPath(frame, s.OutputPath, effective), next: null };
}
