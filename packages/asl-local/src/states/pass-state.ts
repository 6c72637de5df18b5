import type { JsonValue, PassState, QueryLanguage } from '@stackset-lite/asl-dsl/model';
import type { Frame } from '../execution/frame.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';
import { filterPath, jsonataFinish, jsonPathFinish } from './state-io.js';
import { nextStateName, type StateOutcome } from './state-outcome.js';

/** Pass: Result or Parameters (JSONPath) or Output (JSONata); no work. */
export async function runPassState(
  frame: Frame,
  name: string,
  s: PassState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<StateOutcome> {
  const next = nextStateName(s);
  if (ql === 'JSONata') {
    const { output, assign } = await jsonataFinish(frame, name, s, input, undefined);
    return { output, next, assign };
  }
  return passJsonPath(frame, name, s, input);
}

/** The JSONPath Pass state, synchronous (no I/O): Result or Parameters, then ResultPath/OutputPath. */
export function passJsonPath(frame: Frame, name: string, s: PassState, input: JsonValue): StateOutcome {
  const next = nextStateName(s);
  const exec = frame.exec;
  const effective = filterPath(frame, s.InputPath, input);
  let result: JsonValue;
  if (s.Result !== undefined) result = s.Result;
  else if (s.Parameters !== undefined)
    result = applyPayloadTemplate(
      s.Parameters,
      exec.pathEnv(frame, effective),
      `the Parameters of state '${name}'`,
    );
  else result = effective;
  return jsonPathFinish(frame, name, s, input, result, next);
}
