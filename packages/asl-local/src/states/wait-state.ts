import type { JsonValue, QueryLanguage, WaitState } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-evaluator.js';
import { applyFilterPath } from '../paths/input-output.js';
import { NOT_FOUND } from '../paths/json-path.js';
import { resolvePath } from '../paths/path-environment.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';
import { parseTimestamp } from './choice-comparison.js';
import { jsonataFinish } from './state-io.js';
import { nextStateName, type StateOutcome } from './state-outcome.js';

/** Wait: Seconds, SecondsPath, Timestamp or TimestampPath (or JSONata expressions), on the execution clock. */
export async function runWaitState(
  frame: Frame,
  name: string,
  s: WaitState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<StateOutcome> {
  const exec = frame.exec;
  const next = nextStateName(s);
  let seconds: JsonValue | undefined;
  let timestamp: JsonValue | undefined;
  let effective = input;
  if (ql === 'JSONata') {
    const env = exec.jsonataEnv(frame, name, { input });
    if (s.Seconds !== undefined) seconds = await evaluateJsonataTemplate(s.Seconds, env, 'Seconds');
    if (s.Timestamp !== undefined) timestamp = await evaluateJsonataTemplate(s.Timestamp, env, 'Timestamp');
  } else {
    effective = applyFilterPath(s.InputPath, exec.pathEnv(frame, input), 'InputPath');
    const env = exec.pathEnv(frame, effective);
    const read = (path: string, field: string): JsonValue => {
      const v = resolvePath(path, env);
      if (v === NOT_FOUND)
        throw new StatesError(
          'States.Runtime',
          `The ${field} '${path}' of Wait state '${name}' selects nothing in the input`,
        );
      return v;
    };
    seconds = s.SecondsPath !== undefined ? read(s.SecondsPath, 'SecondsPath') : s.Seconds;
    timestamp = s.TimestampPath !== undefined ? read(s.TimestampPath, 'TimestampPath') : s.Timestamp;
  }
  let ms: number;
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesError(
        'States.Runtime',
        `The Seconds of Wait state '${name}' must be a non-negative integer, got ${JSON.stringify(seconds)}`,
      );
    }
    ms = seconds * 1000;
  } else if (timestamp !== undefined) {
    const t = typeof timestamp === 'string' ? parseTimestamp(timestamp) : undefined;
    if (t === undefined) {
      throw new StatesError(
        'States.Runtime',
        `The Timestamp of Wait state '${name}' is not an RFC 3339 timestamp: ${JSON.stringify(timestamp)}`,
      );
    }
    ms = Math.max(0, t - exec.clock.now());
  } else {
    throw new StatesError(
      'States.Runtime',
      `Wait state '${name}' has none of Seconds, SecondsPath, Timestamp, TimestampPath`,
    );
  }
  await exec.clock.sleep(ms);
  if (ql === 'JSONata') {
    const { output, assign } = await jsonataFinish(frame, name, s, input, undefined);
    return { output, next, assign };
  }
  const env = exec.pathEnv(frame, effective);
  const assign = s.Assign
    ? (applyPayloadTemplate(s.Assign, env, `the Assign of state '${name}'`) as Record<string, JsonValue>)
    : undefined;
  return { output: applyFilterPath(s.OutputPath, env, 'OutputPath'), next, assign };
}
