import type { ChoiceExpression, ChoiceState, JsonValue, QueryLanguage } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';
import { evaluateJsonataTemplate, isJsonataExpression } from '../jsonata/jsonata-evaluator.js';
import { applyFilterPath } from '../paths/input-output.js';
import { NOT_FOUND } from '../paths/json-path.js';
import { type PathEnvironment, resolvePath } from '../paths/path-environment.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';
import { parseTimestamp } from './choice-comparison.js';
import { stringMatches } from './glob-match.js';
import { filterPath } from './state-io.js';
import type { StateOutcome } from './state-outcome.js';

/** Choice: the first matching rule wins; no match and no Default raises States.NoChoiceMatched. */
export async function runChoiceState(
  frame: Frame,
  name: string,
  s: ChoiceState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<StateOutcome> {
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
  return choiceJsonPath(frame, name, s, input);
}

/** The JSONPath Choice state, synchronous: the first matching rule, else Default. */
export function choiceJsonPath(frame: Frame, name: string, s: ChoiceState, input: JsonValue): StateOutcome {
  const exec = frame.exec;
  const effective = filterPath(frame, s.InputPath, input);
  const env = exec.pathEnv(frame, effective);
  let next: string | undefined;
  let assignTemplate: ChoiceState['Assign'];
  for (const rule of s.Choices) {
    if (evaluateExpression(rule, env, name)) {
      next = rule.Next;
      assignTemplate = rule.Assign;
      break;
    }
  }
  if (next === undefined) {
    if (s.Default === undefined) throw noMatch(name);
    next = s.Default;
    assignTemplate = s.Assign;
  }
  const assign = assignTemplate
    ? (applyPayloadTemplate(assignTemplate, env, `the Assign of state '${name}'`) as Record<
        string,
        JsonValue
      >)
    : undefined;
  return { output: applyFilterPath(s.OutputPath, env), next, assign };
}

function noMatch(name: string): StatesError {
  return new StatesError(
    'States.NoChoiceMatched',
    `No Choice Rules matched the input in the Choice state '${name}' and there is no Default`,
  );
}

type Kind = 'string' | 'numeric' | 'boolean' | 'timestamp';
type Cmp = 'eq' | 'lt' | 'gt' | 'le' | 'ge' | 'matches';

/** One comparison of a rule, found once per rule object (rules are evaluated for every item). */
interface Comparison {
  operator: string;
  kind: Kind | 'type';
  cmp: Cmp;
  literal: JsonValue | undefined;
  path: string | undefined;
}

const OPERATORS: [string, Kind, Cmp][] = [
  ['StringEquals', 'string', 'eq'],
  ['StringLessThan', 'string', 'lt'],
  ['StringGreaterThan', 'string', 'gt'],
  ['StringLessThanEquals', 'string', 'le'],
  ['StringGreaterThanEquals', 'string', 'ge'],
  ['StringMatches', 'string', 'matches'],
  ['NumericEquals', 'numeric', 'eq'],
  ['NumericLessThan', 'numeric', 'lt'],
  ['NumericGreaterThan', 'numeric', 'gt'],
  ['NumericLessThanEquals', 'numeric', 'le'],
  ['NumericGreaterThanEquals', 'numeric', 'ge'],
  ['BooleanEquals', 'boolean', 'eq'],
  ['TimestampEquals', 'timestamp', 'eq'],
  ['TimestampLessThan', 'timestamp', 'lt'],
  ['TimestampGreaterThan', 'timestamp', 'gt'],
  ['TimestampLessThanEquals', 'timestamp', 'le'],
  ['TimestampGreaterThanEquals', 'timestamp', 'ge'],
];
const TYPE_TESTS = ['IsNull', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'] as const;

const comparisons = new WeakMap<ChoiceExpression, Comparison | null>();

function comparisonOf(e: ChoiceExpression): Comparison | null {
  let c = comparisons.get(e);
  if (c !== undefined) return c;
  c = null;
  const rec = e as Record<string, JsonValue | undefined>;
  for (const [op, kind, cmp] of OPERATORS) {
    if (op in rec) c = { operator: op, kind, cmp, literal: rec[op], path: undefined };
    else if (`${op}Path` in rec && op !== 'StringMatches')
      c = { operator: op, kind, cmp, literal: undefined, path: rec[`${op}Path`] as string };
    if (c) break;
  }
  if (!c) {
    for (const t of TYPE_TESTS)
      if (t in rec) c = { operator: t, kind: 'type', cmp: 'eq', literal: rec[t], path: undefined };
  }
  comparisons.set(e, c);
  return c;
}

function compare<T extends string | number>(a: T, b: T, cmp: Cmp): boolean {
  switch (cmp) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'gt':
      return a > b;
    case 'le':
      return a <= b;
    case 'ge':
      return a >= b;
    default:
      return false;
  }
}

function typeTest(operator: string, v: JsonValue): boolean {
  switch (operator) {
    case 'IsNull':
      return v === null;
    case 'IsNumeric':
      return typeof v === 'number';
    case 'IsString':
      return typeof v === 'string';
    case 'IsBoolean':
      return typeof v === 'boolean';
    default:
      return typeof v === 'string' && parseTimestamp(v) !== undefined;
  }
}

/** Evaluates a JSONPath choice expression (And/Or/Not or one comparison on Variable). */
export function evaluateExpression(e: ChoiceExpression, env: PathEnvironment, stateName: string): boolean {
  if (e.And) return e.And.every((x) => evaluateExpression(x, env, stateName));
  if (e.Or) return e.Or.some((x) => evaluateExpression(x, env, stateName));
  if (e.Not) return !evaluateExpression(e.Not, env, stateName);
  if (e.Variable === undefined)
    throw new StatesError('States.Runtime', `A Choice rule of state '${stateName}' has no Variable`);
  const found = resolvePath(e.Variable, env);
  if (e.IsPresent !== undefined) return (found !== NOT_FOUND) === e.IsPresent;
  if (found === NOT_FOUND) {
    // AWS: comparing a missing variable is a runtime error, except with IsPresent; the cause is
    // AWS's sentence as executions on AWS report it (see test/choice-missing-path.test.ts).
    throw new StatesError(
      'States.Runtime',
      `Invalid path '${e.Variable}': The choice state's condition path references an invalid value.`,
    );
  }
  const c = comparisonOf(e);
  if (!c)
    throw new StatesError(
      'States.Runtime',
      `A Choice rule of state '${stateName}' has no comparison operator`,
    );
  const v = found;
  if (c.kind === 'type') return typeTest(c.operator, v) === c.literal;
  let b = c.literal as JsonValue;
  if (c.path !== undefined) {
    const r = resolvePath(c.path, env);
    if (r === NOT_FOUND) {
      throw new StatesError(
        'States.Runtime',
        `Invalid path '${c.path}' for ${c.operator}Path in state '${stateName}': the path selects nothing`,
      );
    }
    b = r;
  }
  switch (c.kind) {
    case 'string':
      if (typeof v !== 'string' || typeof b !== 'string') return false;
      return c.cmp === 'matches' ? stringMatches(v, b) : compare(v, b, c.cmp);
    case 'numeric':
      return typeof v === 'number' && typeof b === 'number' && compare(v, b, c.cmp);
    case 'boolean':
      return typeof v === 'boolean' && typeof b === 'boolean' && v === b;
    case 'timestamp': {
      const ta = typeof v === 'string' ? parseTimestamp(v) : undefined;
      const tb = typeof b === 'string' ? parseTimestamp(b) : undefined;
      return ta !== undefined && tb !== undefined && compare(ta, tb, c.cmp);
    }
  }
}
