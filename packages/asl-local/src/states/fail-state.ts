import type { FailState, JsonValue, QueryLanguage } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-evaluator.js';
import { evaluateIntrinsic, isIntrinsic } from '../paths/intrinsic-functions.js';
import { NOT_FOUND } from '../paths/json-path.js';
import { resolvePath } from '../paths/path-environment.js';
import { pathNotFoundCause } from '../paths/path-errors.js';
import type { StateOutcome } from './state-outcome.js';

/** Fail: raises Error/Cause (literal, ErrorPath/CausePath, or JSONata expressions). */
export async function runFailState(
  frame: Frame,
  name: string,
  s: FailState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<StateOutcome> {
  const exec = frame.exec;
  let error = s.Error ?? '';
  let cause = s.Cause ?? '';
  if (ql === 'JSONata') {
    const env = exec.jsonataEnv(frame, name, { input });
    if (s.Error !== undefined)
      error = asText(await evaluateJsonataTemplate(s.Error, env, 'Error'), name, 'Error');
    if (s.Cause !== undefined)
      cause = asText(await evaluateJsonataTemplate(s.Cause, env, 'Cause'), name, 'Cause');
  } else {
    const env = exec.pathEnv(frame, input);
    const read = (path: string, field: string): string => {
      const v = isIntrinsic(path) ? evaluateIntrinsic(path, env, field) : resolvePath(path, env);
      if (v === NOT_FOUND) throw new StatesError('States.Runtime', pathNotFoundCause(path, field, input));
      return asText(v, name, field);
    };
    if (s.ErrorPath !== undefined) error = read(s.ErrorPath, 'ErrorPath');
    if (s.CausePath !== undefined) cause = read(s.CausePath, 'CausePath');
  }
  const se = new StatesError(error, cause);
  se.raisedByWorkflow = true;
  throw se;
}

function asText(v: JsonValue, name: string, field: string): string {
  if (typeof v !== 'string') {
    throw new StatesError(
      'States.Runtime',
      `The ${field} of Fail state '${name}' must be a string, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}
