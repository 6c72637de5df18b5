import type { JsonValue, QueryLanguage, WaitState } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-evaluator.js';
import { applyFilterPath } from '../paths/input-output.js';
import { NOT_FOUND } from '../paths/json-path.js';
import { resolvePath } from '../paths/path-environment.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';
import { parseTimestamp } from './choice-comparison.js';
import { filterPath, jsonataFinish } from './state-io.js';
import { nextStateName, type StateOutcome } from './state-outcome.js';

/** The longest delay AWS accepts, in seconds. */
const MAX_DELAY_SECONDS = 2_147_483_647;

/** A value as AWS quotes it in Wait causes: strings raw, anything else as JSON. */
function display(v: JsonValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function noDuration(name: string): StatesError {
  return new StatesError(
    'States.Runtime',
    `Wait state '${name}' has none of Seconds, SecondsPath, Timestamp, TimestampPath`,
  );
}

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
  let effective = input;
  let ms: number;
  if (ql === 'JSONata') {
    const env = exec.jsonataEnv(frame, name, { input });
    if (s.Seconds !== undefined) {
      const v = await evaluateJsonataTemplate(s.Seconds, env, 'Seconds');
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw atField(
          'Seconds',
          new StatesError(
            'States.QueryEvaluationError',
            `The Seconds field must be a non-negative integer: ${display(v)}`,
          ),
        );
      }
      ms = v * 1000;
    } else if (s.Timestamp !== undefined) {
      const v = await evaluateJsonataTemplate(s.Timestamp, env, 'Timestamp');
      const t = typeof v === 'string' ? parseTimestamp(v) : undefined;
      if (t === undefined) {
        throw atField(
          'Timestamp',
          new StatesError(
            'States.QueryEvaluationError',
            `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${display(v)}`,
          ),
        );
      }
      ms = t - exec.clock.now();
    } else throw noDuration(name);
  } else {
    effective = filterPath(frame, s.InputPath, input);
    const env = exec.pathEnv(frame, effective);
    const read = (path: string, field: string): JsonValue => {
      const v = resolvePath(path, env);
      if (v === NOT_FOUND)
        throw new StatesError(
          'States.Runtime',
          `The ${field} parameter does not reference an input value: ${path}`,
        );
      return v;
    };
    if (s.SecondsPath !== undefined) {
      const v = read(s.SecondsPath, 'SecondsPath');
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw new StatesError(
          'States.Runtime',
          `The SecondsPath parameter cannot be parsed as a long value: ${s.SecondsPath} == ${display(v)}`,
        );
      }
      if (v < 0) {
        throw new StatesError(
          'States.Runtime',
          `The SecondsPath parameter references a negative value: ${s.SecondsPath} == ${display(v)}`,
        );
      }
      ms = v * 1000;
    } else if (s.Seconds !== undefined) {
      const v: JsonValue = s.Seconds;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new StatesError(
          'States.Runtime',
          `The Seconds field must be a non-negative integer: ${display(v)}`,
        );
      }
      ms = v * 1000;
    } else if (s.TimestampPath !== undefined || s.Timestamp !== undefined) {
      const v =
        s.TimestampPath !== undefined ? read(s.TimestampPath, 'TimestampPath') : (s.Timestamp as string);
      const t = typeof v === 'string' ? parseTimestamp(v) : undefined;
      if (t === undefined) {
        throw new StatesError(
          'States.Runtime',
          s.TimestampPath !== undefined
            ? `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${s.TimestampPath} == ${display(v)}`
            : `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${display(v)}`,
        );
      }
      ms = t - exec.clock.now();
    } else throw noDuration(name);
  }
  // AWS refuses a delay past 2^31 - 1 seconds (recorded: a Timestamp 24,855 days ahead waits,
  // 24,856 days fails; LocalStack base/test_wait.snapshot.json).
  if (ms > MAX_DELAY_SECONDS * 1000) throw new StatesError('States.Runtime', 'Wait state delay is too long.');
  ms = Math.max(0, ms);
  await exec.clock.sleep(ms);
  if (ql === 'JSONata') {
    const { output, assign } = await jsonataFinish(frame, name, s, input, undefined);
    return { output, next, assign };
  }
  const env = exec.pathEnv(frame, effective);
  const assign = s.Assign
    ? (applyPayloadTemplate(s.Assign, env, `the Assign of state '${name}'`) as Record<string, JsonValue>)
    : undefined;
  return { output: applyFilterPath(s.OutputPath, env), next, assign };
}

/** The error with the field it came from (the EvaluationFailed event's `location`). */
function atField(location: string, se: StatesError): StatesError {
  se.location = location;
  return se;
}
