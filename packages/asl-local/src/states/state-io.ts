import {
  JSONATA_ONLY_FIELDS,
  JSONPATH_ONLY_FIELDS,
  type JsonObject,
  type JsonValue,
  type QueryLanguage,
} from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-evaluator.js';
import { applyFilterPath, applyResultPath } from '../paths/input-output.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';
import type { StateOutcome } from './state-outcome.js';

/** The JSONPath fields that shape a state's data (Task, Parallel, Map, Pass). */
export interface JsonPathFields {
  InputPath?: string | null;
  /** Any JSON (AWS deploys an array too); usually an object template. */
  Parameters?: JsonValue;
  ResultSelector?: JsonObject;
  ResultPath?: string | null;
  OutputPath?: string | null;
  Assign?: JsonObject;
}

/**
 * InputPath / OutputPath / ItemsPath on `data`; the path environment is only built when there is a
 * path to apply (most states have none, and a 10,000-item Map runs several per item).
 */
export function filterPath(frame: Frame, path: string | null | undefined, data: JsonValue): JsonValue {
  if (path === undefined || path === '$') return data;
  return applyFilterPath(path, frame.exec.pathEnv(frame, data));
}

/** InputPath then Parameters: the effective input a JSONPath state works on. */
export function jsonPathEffectiveInput(
  frame: Frame,
  name: string,
  s: JsonPathFields,
  input: JsonValue,
): JsonValue {
  const exec = frame.exec;
  const effective = filterPath(frame, s.InputPath, input);
  if (s.Parameters === undefined) return effective;
  return applyPayloadTemplate(
    s.Parameters,
    exec.pathEnv(frame, effective),
    `the Parameters of state '${name}'`,
  );
}

/**
 * ResultSelector → Assign (reads the selected result) → ResultPath → OutputPath.
 * Assign values see the variables as they were before this state assigned any.
 */
export function jsonPathFinish(
  frame: Frame,
  name: string,
  s: JsonPathFields,
  input: JsonValue,
  rawResult: JsonValue,
  next: string | null,
): StateOutcome {
  const exec = frame.exec;
  const result = s.ResultSelector
    ? applyPayloadTemplate(
        s.ResultSelector,
        exec.pathEnv(frame, rawResult),
        `the ResultSelector of state '${name}'`,
      )
    : rawResult;
  const assign = s.Assign
    ? (applyPayloadTemplate(
        s.Assign,
        exec.pathEnv(frame, result),
        `the Assign of state '${name}'`,
      ) as JsonObject)
    : undefined;
  const combined = applyResultPath(input, result, s.ResultPath);
  return { output: filterPath(frame, s.OutputPath, combined), next, assign };
}

/** JSONata Output (default: the result) and Assign, both evaluated before any assignment. */
export async function jsonataFinish(
  frame: Frame,
  name: string,
  s: { Output?: JsonValue; Assign?: JsonObject },
  input: JsonValue,
  result: JsonValue | undefined,
): Promise<{ output: JsonValue; assign: Record<string, JsonValue> | undefined }> {
  const env = frame.exec.jsonataEnv(frame, name, result === undefined ? { input } : { input, result });
  const output =
    s.Output === undefined
      ? result === undefined
        ? input
        : result
      : await evaluateJsonataTemplate(s.Output, env, 'Output');
  const assign = s.Assign
    ? ((await evaluateJsonataTemplate(s.Assign, env, 'Assign')) as JsonObject)
    : undefined;
  return { output, assign };
}

/** Rejects JSONPath-only fields in a JSONata state and vice versa (AWS refuses such definitions). */
const languageChecked = new WeakMap<object, QueryLanguage>();

export function checkFieldsForLanguage(name: string, state: object, ql: QueryLanguage): void {
  if (languageChecked.get(state) === ql) return;
  const bad = (ql === 'JSONata' ? JSONPATH_ONLY_FIELDS : JSONATA_ONLY_FIELDS).filter((f) => f in state);
  if (bad.length > 0) {
    throw new StatesError(
      'States.Runtime',
      `The ${ql} state '${name}' cannot use the field(s) ${bad.join(', ')}`,
    );
  }
  languageChecked.set(state, ql);
}
