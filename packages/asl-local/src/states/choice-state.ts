import type { ChoiceExpression, ChoiceState, JsonValue, QueryLanguage } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';
import { evaluateJsonataTemplate, isJsonataExpression } from '../jsonata/jsonata-evaluator.js';
import { applyFilterPath } from '../paths/input-output.js';
import { NOT_FOUND } from '../paths/json-path.js';
import { type PathEnvironment, resolvePath } from '../paths/path-environment.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';
import { parseTimestamp, stringMatches } from './choice-comparison.js';
import { checkFieldsForLanguage } from './state-io.js';
import type { StateOutcome } from './state-outcome.js';

/** Choice: the first matching rule wins; no match and no Default raises States.NoChoiceMatched. */
export async function runChoiceState(
  frame: Frame,
  name: string,
  s: ChoiceState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<StateOutcome> {
  checkFieldsForLanguage(name, s, ql);
  const exec = frame.exec;
  if (ql === 'JSONata') {
    const env = exec.jsonataEnv(frame, name, { input });
    for (const [i, rule] of s.Choices.entries()) {
      if (rule.Condition === undefined) {
        throw new StatesError(
          'States.Runtime',
          `Choice rule ${i} of JSONata state '${name}' has no Condition`,
        );
      }
      const c = isJsonataExpression(rule.Condition)
        ? await evaluateJsonataTemplate(rule.Condition, env, `Choices[${i}].Condition`)
        : rule.Condition;
      if (typeof c !== 'boolean') {
        throw new StatesError(
          'States.QueryEvaluationError',
          `${name}.Choices[${i}].Condition: the condition returned ${JSON.stringify(c)}, not a boolean`,
        );
      }
      if (c) {
        const output =
          rule.Output === undefined
            ? input
            : await evaluateJsonataTemplate(rule.Output, env, `Choices[${i}].Output`);
        const assign = rule.Assign
          ? ((await evaluateJsonataTemplate(rule.Assign, env, `Choices[${i}].Assign`)) as Record<
              string,
              JsonValue
            >)
          : undefined;
        return { output, next: rule.Next, assign };
      }
    }
    if (s.Default === undefined) throw noMatch(name);
    const output = s.Output === undefined ? input : await evaluateJsonataTemplate(s.Output, env, 'Output');
    const assign = s.Assign
      ? ((await evaluateJsonataTemplate(s.Assign, env, 'Assign')) as Record<string, JsonValue>)
      : undefined;
    return { output, next: s.Default, assign };
  }
  const effective = applyFilterPath(s.InputPath, exec.pathEnv(frame, input), 'InputPath');
  const env = exec.pathEnv(frame, effective);
  const finish = (next: string, assignTemplate: ChoiceState['Assign']): StateOutcome => {
    const assign = assignTemplate
      ? (applyPayloadTemplate(assignTemplate, env, `the Assign of state '${name}'`) as Record<
          string,
          JsonValue
        >)
      : undefined;
    return { output: applyFilterPath(s.OutputPath, env, 'OutputPath'), next, assign };
  };
  for (const rule of s.Choices)
    if (evaluateExpression(rule, env, name)) return finish(rule.Next, rule.Assign);
  if (s.Default === undefined) throw noMatch(name);
  return finish(s.Default, s.Assign);
}

function noMatch(name: string): StatesError {
  return new StatesError(
    'States.NoChoiceMatched',
    `No Choice Rules matched the input in the Choice state '${name}' and there is no Default`,
  );
}

/** Evaluates a JSONPath choice expression (And/Or/Not or one comparison on Variable). */
export function evaluateExpression(e: ChoiceExpression, env: PathEnvironment, stateName: string): boolean {
  if (e.And) return e.And.every((x) => evaluateExpression(x, env, stateName));
  if (e.Or) return e.Or.some((x) => evaluateExpression(x, env, stateName));
  if (e.Not) return !evaluateExpression(e.Not, env, stateName);
  if (e.Variable === undefined)
    throw new StatesError('States.Runtime', `A Choice rule of state '${stateName}' has no Variable`);
  const found = resolvePath(e.Variable, env);
  const present = found !== NOT_FOUND;
  const v: JsonValue | undefined = present ? found : undefined;
  if (e.IsPresent !== undefined) return present === e.IsPresent;
  if (!present) {
    // AWS: comparing a missing variable is a runtime error, except with IsPresent.
    throw new StatesError(
      'States.Runtime',
      `Invalid path '${e.Variable}' in a Choice rule of state '${stateName}': the path selects nothing`,
    );
  }
  const operand = (op: string, literal: JsonValue | undefined, pathField: string | undefined): JsonValue => {
    if (pathField === undefined) return literal as JsonValue;
    const r = resolvePath(pathField, env);
    if (r === NOT_FOUND) {
      throw new StatesError(
        'States.Runtime',
        `Invalid path '${pathField}' for ${op}Path in state '${stateName}': the path selects nothing`,
      );
    }
    return r;
  };
  const str = typeof v === 'string' ? v : undefined;
  const num = typeof v === 'number' ? v : undefined;
  const cmpStr = (
    op: string,
    lit: string | undefined,
    path: string | undefined,
    f: (a: string, b: string) => boolean,
  ): boolean => {
    const b = operand(op, lit, path);
    return str !== undefined && typeof b === 'string' && f(str, b);
  };
  const cmpNum = (
    op: string,
    lit: number | undefined,
    path: string | undefined,
    f: (a: number, b: number) => boolean,
  ): boolean => {
    const b = operand(op, lit, path);
    return num !== undefined && typeof b === 'number' && f(num, b);
  };
  const cmpTs = (
    op: string,
    lit: string | undefined,
    path: string | undefined,
    f: (a: number, b: number) => boolean,
  ): boolean => {
    const b = operand(op, lit, path);
    const ta = str !== undefined ? parseTimestamp(str) : undefined;
    const tb = typeof b === 'string' ? parseTimestamp(b) : undefined;
    return ta !== undefined && tb !== undefined && f(ta, tb);
  };
  if ('StringEquals' in e || 'StringEqualsPath' in e)
    return cmpStr('StringEquals', e.StringEquals, e.StringEqualsPath, (a, b) => a === b);
  if ('StringLessThan' in e || 'StringLessThanPath' in e)
    return cmpStr('StringLessThan', e.StringLessThan, e.StringLessThanPath, (a, b) => a < b);
  if ('StringGreaterThan' in e || 'StringGreaterThanPath' in e)
    return cmpStr('StringGreaterThan', e.StringGreaterThan, e.StringGreaterThanPath, (a, b) => a > b);
  if ('StringLessThanEquals' in e || 'StringLessThanEqualsPath' in e)
    return cmpStr(
      'StringLessThanEquals',
      e.StringLessThanEquals,
      e.StringLessThanEqualsPath,
      (a, b) => a <= b,
    );
  if ('StringGreaterThanEquals' in e || 'StringGreaterThanEqualsPath' in e)
    return cmpStr(
      'StringGreaterThanEquals',
      e.StringGreaterThanEquals,
      e.StringGreaterThanEqualsPath,
      (a, b) => a >= b,
    );
  if ('StringMatches' in e) return str !== undefined && stringMatches(str, e.StringMatches as string);
  if ('NumericEquals' in e || 'NumericEqualsPath' in e)
    return cmpNum('NumericEquals', e.NumericEquals, e.NumericEqualsPath, (a, b) => a === b);
  if ('NumericLessThan' in e || 'NumericLessThanPath' in e)
    return cmpNum('NumericLessThan', e.NumericLessThan, e.NumericLessThanPath, (a, b) => a < b);
  if ('NumericGreaterThan' in e || 'NumericGreaterThanPath' in e)
    return cmpNum('NumericGreaterThan', e.NumericGreaterThan, e.NumericGreaterThanPath, (a, b) => a > b);
  if ('NumericLessThanEquals' in e || 'NumericLessThanEqualsPath' in e)
    return cmpNum(
      'NumericLessThanEquals',
      e.NumericLessThanEquals,
      e.NumericLessThanEqualsPath,
      (a, b) => a <= b,
    );
  if ('NumericGreaterThanEquals' in e || 'NumericGreaterThanEqualsPath' in e)
    return cmpNum(
      'NumericGreaterThanEquals',
      e.NumericGreaterThanEquals,
      e.NumericGreaterThanEqualsPath,
      (a, b) => a >= b,
    );
  if ('BooleanEquals' in e || 'BooleanEqualsPath' in e) {
    const b = operand('BooleanEquals', e.BooleanEquals, e.BooleanEqualsPath);
    return typeof v === 'boolean' && typeof b === 'boolean' && v === b;
  }
  if ('TimestampEquals' in e || 'TimestampEqualsPath' in e)
    return cmpTs('TimestampEquals', e.TimestampEquals, e.TimestampEqualsPath, (a, b) => a === b);
  if ('TimestampLessThan' in e || 'TimestampLessThanPath' in e)
    return cmpTs('TimestampLessThan', e.TimestampLessThan, e.TimestampLessThanPath, (a, b) => a < b);
  if ('TimestampGreaterThan' in e || 'TimestampGreaterThanPath' in e)
    return cmpTs('TimestampGreaterThan', e.TimestampGreaterThan, e.TimestampGreaterThanPath, (a, b) => a > b);
  if ('TimestampLessThanEquals' in e || 'TimestampLessThanEqualsPath' in e)
    return cmpTs(
      'TimestampLessThanEquals',
      e.TimestampLessThanEquals,
      e.TimestampLessThanEqualsPath,
      (a, b) => a <= b,
    );
  if ('TimestampGreaterThanEquals' in e || 'TimestampGreaterThanEqualsPath' in e)
    return cmpTs(
      'TimestampGreaterThanEquals',
      e.TimestampGreaterThanEquals,
      e.TimestampGreaterThanEqualsPath,
      (a, b) => a >= b,
    );
  if (e.IsNull !== undefined) return (v === null) === e.IsNull;
  if (e.IsNumeric !== undefined) return (typeof v === 'number') === e.IsNumeric;
  if (e.IsString !== undefined) return (typeof v === 'string') === e.IsString;
  if (e.IsBoolean !== undefined) return (typeof v === 'boolean') === e.IsBoolean;
  if (e.IsTimestamp !== undefined)
    return (str !== undefined && parseTimestamp(str) !== undefined) === e.IsTimestamp;
  throw new StatesError('States.Runtime', `A Choice rule of state '${stateName}' has no comparison operator`);
}
