import { CHOICE_COMPARISON_OPERATORS } from '../model/choice-rule.js';
import { JSONATA_ONLY_FIELDS, JSONPATH_ONLY_FIELDS, type QueryLanguage } from '../model/query-language.js';
import type { Diagnostic, DiagnosticCode } from './diagnostic.js';
import {
  isJsonataExpression,
  parseIntrinsicExpression,
  parseJsonataExpression,
  parsePath,
} from './expression-cache.js';
import { pointerTo } from './json-pointer.js';
import { labelProblem, stateNameProblem } from './names.js';
import { type PayloadVisitor, walkPayload } from './payload-walk.js';
import { resourceProblem } from './resource-arn.js';
import type { Edge, GraphInfo, StateInfo, VariableRead } from './state-graph-info.js';

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const COMPARISONS: ReadonlySet<string> = new Set(CHOICE_COMPARISON_OPERATORS);
/** A whole-value `${Name}` placeholder, replaced before AWS sees the definition. */
const PLACEHOLDER_ONLY = /^\$\{[^}]+\}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const LOOKS_LIKE_PATH = /^\$\$?[.[]/;
const LOOKS_LIKE_INTRINSIC = /^States\.[A-Za-z0-9]+\(/;

/** JSONPath fields that must be Reference Paths (a single node). */
const REFERENCE_PATH_FIELDS = [
  'ItemsPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'SecondsPath',
  'TimestampPath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
] as const;
/** State fields the JSONata expression walk skips: they are names, enums or nested graphs. */
const NOT_EXPRESSIONS = new Set([
  'Type',
  'Comment',
  'QueryLanguage',
  'Next',
  'End',
  'Default',
  'Resource',
  'Branches',
  'ItemProcessor',
  'Iterator',
  'Label',
  'Retry',
]);
const TERMINAL_TYPES = new Set(['Succeed', 'Fail']);
/** ASL's bound on second counts (Wait Seconds, TimeoutSeconds, HeartbeatSeconds). */
const MAX_SECONDS = 99_999_999;
const NEEDS_TRANSITION = new Set(['Task', 'Pass', 'Wait', 'Parallel', 'Map']);

interface NumberRule {
  readonly integer: boolean;
  readonly min: number;
  readonly max?: number;
}

/**
 * One pass over a definition: per-state rules (fields by query language, paths, intrinsics,
 * JSONata, transitions, Retry/Catch, names, labels, resources) plus the facts the graph analyses need.
 * Defensive about shapes: structural type errors are the schema's to report, so odd values are skipped.
 */
export class DefinitionWalker {
  private readonly stateNames = new Map<string, string>();
  private readonly labels = new Map<string, string>();
  // Per-state scratch, reset for each state.
  private reads: VariableRead[] = [];

  /** JSONata state fields: `{% %}` strings are expressions; `.$` names are a JSONPath habit. */
  private readonly jsonataValues: PayloadVisitor = {
    visitString: (text, location) => {
      if (isJsonataExpression(text)) this.checkJsonata(text, location);
    },
    visitDollarField: (key, _value, location) => {
      this.report(
        'QUERY_LANGUAGE_MIXING',
        location,
        `'${key}': JSONata states do not evaluate '.$' fields; write the value as a {% %} expression`,
      );
      return true;
    },
  };

  /** A JSONPath payload template: `"key.$"` fields hold a path or an intrinsic function. */
  private readonly templateValues: PayloadVisitor = {
    visitString: (text, location, key) => {
      // Only object members can be forgotten `.$` fields; array elements are plain data.
      if (key === undefined) return;
      if (LOOKS_LIKE_INTRINSIC.test(text) || (LOOKS_LIKE_PATH.test(text) && parsePath(text).ok)) {
        this.report(
          'NO_DOLLAR',
          location,
          `'${text}' looks like a ${LOOKS_LIKE_INTRINSIC.test(text) ? 'intrinsic function' : 'path'} but '${key}' does not end in '.$', so it is passed as a literal string`,
          'WARNING',
        );
      }
    },
    visitDollarField: (key, value, location) => {
      if (typeof value !== 'string') {
        this.report(
          'SCHEMA_VALIDATION_FAILED',
          location,
          `'${key}' ends in '.$', so its value must be a path or intrinsic function string`,
        );
      } else this.checkDynamicValue(value, location);
      return false;
    },
  };

  /** A Pass state's Result is never evaluated: paths and `.$` names in it are likely mistakes. */
  private readonly staticResultValues: PayloadVisitor = {
    visitString: (text, location) => {
      if (LOOKS_LIKE_PATH.test(text) && parsePath(text).ok) {
        this.report(
          'PASS_RESULT_IS_STATIC',
          location,
          `Result is static: '${text}' is not evaluated (use Parameters for paths)`,
          'WARNING',
        );
      }
    },
    visitDollarField: (key, _value, location) => {
      this.report(
        'PASS_RESULT_IS_STATIC',
        location,
        `Result is static: '${key}' is not evaluated (use Parameters for paths)`,
        'WARNING',
      );
      return false;
    },
  };

  constructor(private readonly out: Diagnostic[]) {}

  private report(
    code: DiagnosticCode,
    location: string,
    message: string,
    severity: 'ERROR' | 'WARNING' = 'ERROR',
  ) {
    this.out.push({ code, severity, message, location });
  }

  /**
   * The query language of a graph or state: its own QueryLanguage, else the inherited one. A JSONata
   * machine cannot hold JSONPath parts (JSONPath machines may hold JSONata states).
   */
  private languageOf(holder: Obj, location: string, inherited: QueryLanguage): QueryLanguage {
    const own = holder.QueryLanguage;
    if (own !== 'JSONPath' && own !== 'JSONata') return inherited;
    if (inherited === 'JSONata' && own === 'JSONPath') {
      this.report(
        'QUERY_LANGUAGE_MIXING',
        pointerTo(location, 'QueryLanguage'),
        'a JSONata state machine cannot contain JSONPath states',
      );
    }
    return own;
  }

  /** Walks a state graph (the machine, a branch or an item processor). */
  walkGraph(graph: Obj, location: string, inherited: QueryLanguage, depth: number): GraphInfo {
    const language = this.languageOf(graph, location, inherited);
    const states = new Map<string, StateInfo>();
    const startAt = typeof graph.StartAt === 'string' ? graph.StartAt : undefined;
    const info: GraphInfo = { location, startAt, states };
    if (!isObject(graph.States)) return info;
    const statesLocation = pointerTo(location, 'States');
    const names = graph.States;
    let empty = true;
    for (const _ in names) {
      empty = false;
      break;
    }
    if (empty) {
      this.report('SCHEMA_VALIDATION_FAILED', statesLocation, 'States must contain at least one state');
    }
    if (startAt !== undefined && !Object.hasOwn(names, startAt)) {
      this.report(
        'MISSING_TRANSITION_TARGET',
        pointerTo(location, 'StartAt'),
        `StartAt names '${startAt}', which is not a state of this ${location === '' ? 'machine' : 'graph'}`,
      );
    }
    for (const name in names) {
      const state = names[name];
      const stateLocation = pointerTo(statesLocation, name);
      this.checkStateName(name, stateLocation);
      if (!isObject(state)) continue;
      states.set(name, this.walkState(name, state, stateLocation, names, language, depth));
    }
    return info;
  }

  private checkStateName(name: string, location: string): void {
    const problem = stateNameProblem(name);
    if (problem) this.report('INVALID_STATE_NAME', location, problem);
    const first = this.stateNames.get(name);
    if (first === undefined) this.stateNames.set(name, location);
    else {
      this.report(
        'DUPLICATE_STATE_NAME',
        location,
        `state name '${name}' is already used at ${first}; names must be unique across the whole machine`,
      );
    }
  }

  private walkState(
    name: string,
    state: Obj,
    location: string,
    siblings: Obj,
    inherited: QueryLanguage,
    depth: number,
  ): StateInfo {
    const reads: VariableRead[] = [];
    this.reads = reads;
    const type = typeof state.Type === 'string' ? state.Type : '';
    const language = this.languageOf(state, location, inherited);
    const jsonata = language === 'JSONata';
    const edges: Edge[] = [];
    const children: GraphInfo[] = [];

    // Transitions.
    if (NEEDS_TRANSITION.has(type)) {
      const hasNext = typeof state.Next === 'string';
      const ends = state.End === true;
      if (hasNext && ends)
        this.report('SCHEMA_VALIDATION_FAILED', location, 'a state cannot have both Next and End: true');
      else if (!hasNext && !ends) {
        this.report('SCHEMA_VALIDATION_FAILED', location, `${type} state '${name}' needs Next or End: true`);
      }
      if (hasNext)
        this.addEdge(edges, state.Next as string, [], false, pointerTo(location, 'Next'), siblings);
    }

    // Fields of the other query language.
    const forbidden = jsonata ? JSONPATH_ONLY_FIELDS : JSONATA_ONLY_FIELDS;
    for (const field of forbidden) {
      if (state[field] !== undefined) {
        this.report(
          'QUERY_LANGUAGE_MIXING',
          pointerTo(location, field),
          `${field} is a ${jsonata ? 'JSONPath' : 'JSONata'} field but this state uses ${language}`,
        );
      }
    }

    if (jsonata) this.walkJsonataFields(state, location);
    else this.walkJsonPathFields(state, location);

    const assigns = assignKeys(state.Assign, jsonata);

    switch (type) {
      case 'Task':
        this.checkTask(state, location, jsonata);
        break;
      case 'Wait':
        this.checkWait(state, location, jsonata);
        break;
      case 'Fail':
        this.checkFail(state, location, jsonata);
        break;
      case 'Choice':
        this.checkChoice(state, location, jsonata, edges, siblings);
        break;
      case 'Pass':
        if (!jsonata && state.Result !== undefined)
          walkPayload(state.Result, pointerTo(location, 'Result'), this.staticResultValues);
        break;
      case 'Parallel':
        if (Array.isArray(state.Branches)) {
          if (state.Branches.length === 0) {
            this.report(
              'SCHEMA_VALIDATION_FAILED',
              pointerTo(location, 'Branches'),
              'Branches must not be empty',
            );
          }
          state.Branches.forEach((branch, i) => {
            if (isObject(branch)) {
              children.push(
                this.walkGraph(branch, pointerTo(pointerTo(location, 'Branches'), i), language, depth + 1),
              );
            }
          });
        }
        break;
      case 'Map':
        this.checkMap(state, location, jsonata, language, depth, children);
        break;
    }
    // Walking branches or an item processor moved the scratch list to their states: take it back.
    this.reads = reads;
    if (type === 'Task' || type === 'Parallel' || type === 'Map') {
      this.checkErrorHandling(state, location, jsonata, edges, siblings);
    }

    const resource = typeof state.Resource === 'string' ? state.Resource : '';
    return {
      name,
      location,
      type,
      assigns,
      edges,
      reads,
      children,
      // A loop through a Wait, a job/callback task or a Map/Parallel fan-out is paced by real work; a
      // Task → Choice → Task loop without one is the classic polling spin.
      pauses:
        type === 'Wait' ||
        type === 'Map' ||
        type === 'Parallel' ||
        /\.(sync(:2)?|waitForTaskToken)$/.test(resource),
      terminal: TERMINAL_TYPES.has(type) || (NEEDS_TRANSITION.has(type) && state.End === true),
    };
  }

  private addEdge(
    edges: Edge[],
    target: string,
    assigns: string[],
    onError: boolean,
    location: string,
    siblings: Obj,
  ) {
    if (!Object.hasOwn(siblings, target)) {
      this.report('MISSING_TRANSITION_TARGET', location, `'${target}' is not a state of this graph`);
    }
    edges.push({ target, assigns, onError });
  }

  // ---- JSONata ----

  private walkJsonataFields(state: Obj, location: string): void {
    for (const key in state) {
      if (NOT_EXPRESSIONS.has(key)) continue;
      walkPayload(state[key], pointerTo(location, key), this.jsonataValues);
    }
  }

  private checkJsonata(text: string, location: string): void {
    const parsed = parseJsonataExpression(text);
    if (!parsed.ok) {
      this.report('INVALID_JSONATA', location, `invalid JSONata: ${parsed.message}`);
      return;
    }
    for (const name of parsed.variables) this.reads.push({ name, location });
  }

  // ---- JSONPath ----

  private walkJsonPathFields(state: Obj, location: string): void {
    for (const field of ['InputPath', 'OutputPath'] as const) {
      const value = state[field];
      if (typeof value === 'string') this.checkPath(value, pointerTo(location, field), 'path');
    }
    if (typeof state.ResultPath === 'string')
      this.checkPath(state.ResultPath, pointerTo(location, 'ResultPath'), 'result');
    for (const field of REFERENCE_PATH_FIELDS) {
      const value = state[field];
      if (typeof value === 'string') this.checkPath(value, pointerTo(location, field), 'reference');
    }
    for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign', 'Credentials'] as const) {
      if (state[field] !== undefined) this.walkTemplate(state[field], pointerTo(location, field));
    }
  }

  /**
   * Checks one JSONPath. `result`: a ResultPath (reference path on the input, `$`-rooted);
   * `reference`: any single-node path; `path`: any JSONPath.
   */
  private checkPath(text: string, location: string, kind: 'path' | 'reference' | 'result'): void {
    if (PLACEHOLDER_ONLY.test(text)) return;
    const parsed = parsePath(text);
    if (!parsed.ok) {
      this.report('INVALID_JSONPATH', location, parsed.message);
      return;
    }
    if (kind !== 'path' && !parsed.isReference) {
      this.report(
        'INVALID_JSONPATH',
        location,
        `'${text}' must be a Reference Path (a single node: no *, .., [a:b], unions, filters or functions)`,
      );
    }
    const root = parsed.ast.root;
    if (kind === 'result' && root.kind !== 'input') {
      this.report(
        'INVALID_JSONPATH',
        location,
        `ResultPath '${text}' must start with '$.' (the state input)`,
      );
    }
    if (root.kind === 'variable') this.reads.push({ name: root.name, location });
  }

  /** A JSONPath payload template (Parameters, ResultSelector, Assign...). */
  private walkTemplate(value: unknown, location: string): void {
    walkPayload(value, location, this.templateValues);
  }

  /** The value of a `.$` field, ErrorPath or CausePath: a JSONPath or an intrinsic function. */
  private checkDynamicValue(text: string, location: string): void {
    if (text.startsWith('$')) {
      this.checkPath(text, location, 'path');
      return;
    }
    const parsed = parseIntrinsicExpression(text);
    if (!parsed.ok) {
      this.report('INVALID_INTRINSIC', location, parsed.message);
      return;
    }
    for (const problem of parsed.problems) {
      this.report(
        problem.kind === 'nesting' ? 'TOO_DEEPLY_NESTED' : 'INVALID_INTRINSIC',
        location,
        problem.message,
      );
    }
    for (const name of parsed.variables) this.reads.push({ name, location });
  }

  // ---- numbers, timestamps ----

  private checkNumber(
    value: unknown,
    location: string,
    field: string,
    rule: NumberRule,
    jsonata: boolean,
  ): void {
    if (value === undefined) return;
    if (typeof value === 'number') {
      const problem =
        rule.integer && !Number.isInteger(value)
          ? 'must be an integer'
          : value < rule.min
            ? `must be at least ${rule.min}`
            : rule.max !== undefined && value > rule.max
              ? `must be at most ${rule.max}`
              : undefined;
      if (problem) this.report('SCHEMA_VALIDATION_FAILED', location, `${field} ${problem}, got ${value}`);
      return;
    }
    if (typeof value !== 'string' || PLACEHOLDER_ONLY.test(value)) return;
    if (jsonata && isJsonataExpression(value)) return; // checked by the JSONata walk
    if (!jsonata && LOOKS_LIKE_PATH.test(value)) {
      this.report(
        'NO_PATH',
        location,
        `${field} looks like a path: use ${field}Path to read it from the input`,
        'WARNING',
      );
      this.report(
        'SCHEMA_VALIDATION_FAILED',
        location,
        `${field} must be a number, got the string '${value}'`,
      );
      return;
    }
    this.report(
      'SCHEMA_VALIDATION_FAILED',
      location,
      `${field} must be a number${jsonata ? ' or a {% %} expression' : ''}, got '${value}'`,
    );
  }

  private checkExclusive(state: Obj, location: string, fields: readonly string[]): void {
    const present = fields.filter((f) => state[f] !== undefined);
    if (present.length > 1) {
      this.report(
        'SCHEMA_VALIDATION_FAILED',
        pointerTo(location, present[1] as string),
        `only one of ${present.join(', ')} may be set`,
      );
    }
  }

  private checkLiteralString(state: Obj, field: string, location: string, jsonata: boolean): void {
    const value = state[field];
    if (typeof value !== 'string' || jsonata || PLACEHOLDER_ONLY.test(value)) return;
    if (LOOKS_LIKE_PATH.test(value)) {
      this.report(
        'NO_PATH',
        pointerTo(location, field),
        `${field} '${value}' looks like a path: use ${field}Path to read it from the input`,
        'WARNING',
      );
    }
  }

  // ---- state types ----

  private checkTask(state: Obj, location: string, jsonata: boolean): void {
    if (typeof state.Resource === 'string') {
      const problem = resourceProblem(state.Resource);
      if (problem) this.report('INVALID_RESOURCE', pointerTo(location, 'Resource'), problem);
    }
    const positive = { integer: true, min: 1, max: MAX_SECONDS };
    this.checkNumber(
      state.TimeoutSeconds,
      pointerTo(location, 'TimeoutSeconds'),
      'TimeoutSeconds',
      positive,
      jsonata,
    );
    this.checkNumber(
      state.HeartbeatSeconds,
      pointerTo(location, 'HeartbeatSeconds'),
      'HeartbeatSeconds',
      positive,
      jsonata,
    );
    this.checkExclusive(state, location, ['TimeoutSeconds', 'TimeoutSecondsPath']);
    this.checkExclusive(state, location, ['HeartbeatSeconds', 'HeartbeatSecondsPath']);
    if (
      typeof state.TimeoutSeconds === 'number' &&
      typeof state.HeartbeatSeconds === 'number' &&
      state.HeartbeatSeconds >= state.TimeoutSeconds
    ) {
      this.report(
        'SCHEMA_VALIDATION_FAILED',
        pointerTo(location, 'HeartbeatSeconds'),
        `HeartbeatSeconds (${state.HeartbeatSeconds}) must be less than TimeoutSeconds (${state.TimeoutSeconds})`,
      );
    }
  }

  private checkWait(state: Obj, location: string, jsonata: boolean): void {
    const fields = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter(
      (f) => state[f] !== undefined,
    );
    if (fields.length !== 1) {
      this.report(
        'SCHEMA_VALIDATION_FAILED',
        location,
        fields.length === 0
          ? 'a Wait state needs one of Seconds, SecondsPath, Timestamp or TimestampPath'
          : `a Wait state takes only one of ${fields.join(', ')}`,
      );
    }
    // "You must specify time as an integer value from 0 to 99999999" (the Wait state page).
    this.checkNumber(
      state.Seconds,
      pointerTo(location, 'Seconds'),
      'Seconds',
      { integer: true, min: 0, max: MAX_SECONDS },
      jsonata,
    );
    const timestamp = state.Timestamp;
    if (
      typeof timestamp === 'string' &&
      !PLACEHOLDER_ONLY.test(timestamp) &&
      !isJsonataExpression(timestamp)
    ) {
      if (LOOKS_LIKE_PATH.test(timestamp) && !jsonata)
        this.checkLiteralString(state, 'Timestamp', location, jsonata);
      else if (!TIMESTAMP.test(timestamp)) {
        this.report(
          'SCHEMA_VALIDATION_FAILED',
          pointerTo(location, 'Timestamp'),
          `Timestamp '${timestamp}' is not an RFC 3339 timestamp such as 2026-03-14T01:59:00Z`,
        );
      }
    }
  }

  private checkFail(state: Obj, location: string, jsonata: boolean): void {
    this.checkExclusive(state, location, ['Error', 'ErrorPath']);
    this.checkExclusive(state, location, ['Cause', 'CausePath']);
    this.checkLiteralString(state, 'Error', location, jsonata);
    this.checkLiteralString(state, 'Cause', location, jsonata);
    if (!jsonata) {
      for (const field of ['ErrorPath', 'CausePath'] as const) {
        const value = state[field];
        if (typeof value === 'string') this.checkDynamicValue(value, pointerTo(location, field));
      }
    }
  }

  private checkChoice(state: Obj, location: string, jsonata: boolean, edges: Edge[], siblings: Obj): void {
    const choicesLocation = pointerTo(location, 'Choices');
    if (Array.isArray(state.Choices)) {
      if (state.Choices.length === 0) {
        this.report('SCHEMA_VALIDATION_FAILED', choicesLocation, 'Choices must contain at least one rule');
      }
      state.Choices.forEach((rule, i) => {
        if (!isObject(rule)) return;
        const ruleLocation = pointerTo(choicesLocation, i);
        if (jsonata) this.checkJsonataRule(rule, ruleLocation);
        else this.checkJsonPathRule(rule, ruleLocation);
        if (typeof rule.Next === 'string') {
          this.addEdge(
            edges,
            rule.Next,
            assignKeys(rule.Assign, jsonata),
            false,
            pointerTo(ruleLocation, 'Next'),
            siblings,
          );
        }
      });
    }
    if (typeof state.Default === 'string') {
      this.addEdge(edges, state.Default, [], false, pointerTo(location, 'Default'), siblings);
    } else {
      this.report(
        'CHOICE_WITHOUT_DEFAULT',
        location,
        'no Default: when no rule matches, the execution fails with States.NoChoiceMatched',
        'WARNING',
      );
    }
  }

  private checkJsonataRule(rule: Obj, location: string): void {
    if (rule.Condition === undefined) {
      this.report('SCHEMA_VALIDATION_FAILED', location, 'a JSONata Choice rule needs a Condition');
    }
    for (const key in rule) {
      if (key === 'Variable' || key === 'And' || key === 'Or' || key === 'Not' || COMPARISONS.has(key)) {
        this.report(
          'QUERY_LANGUAGE_MIXING',
          pointerTo(location, key),
          `${key} is a JSONPath Choice field; JSONata rules use Condition`,
        );
      }
    }
  }

  private checkJsonPathRule(rule: Obj, location: string): void {
    for (const field of ['Condition', 'Output'] as const) {
      if (rule[field] !== undefined) {
        this.report(
          'QUERY_LANGUAGE_MIXING',
          pointerTo(location, field),
          `${field} is a JSONata field but this state uses JSONPath`,
        );
      }
    }
    this.checkChoiceExpression(rule, location);
    if (rule.Assign !== undefined) this.walkTemplate(rule.Assign, pointerTo(location, 'Assign'));
  }

  private checkChoiceExpression(expr: Obj, location: string): void {
    const operators: string[] = [];
    for (const key in expr) if (COMPARISONS.has(key)) operators.push(key);
    const combinators = (['And', 'Or', 'Not'] as const).filter((k) => expr[k] !== undefined);
    const hasVariable = expr.Variable !== undefined;
    if (combinators.length + (hasVariable || operators.length > 0 ? 1 : 0) !== 1) {
      this.report(
        'SCHEMA_VALIDATION_FAILED',
        location,
        combinators.length === 0
          ? 'a Choice rule needs Variable with a comparison, or And, Or or Not'
          : `a Choice rule takes only one of ${[...combinators, ...(hasVariable ? ['Variable'] : [])].join(', ')}`,
      );
    } else if (combinators.length === 0) {
      if (!hasVariable) this.report('SCHEMA_VALIDATION_FAILED', location, `${operators[0]} needs a Variable`);
      else if (operators.length !== 1) {
        this.report(
          'SCHEMA_VALIDATION_FAILED',
          location,
          operators.length === 0
            ? 'a Choice rule with Variable needs one comparison (StringEquals, NumericGreaterThan, IsPresent...)'
            : `a Choice rule takes one comparison, found ${operators.join(', ')}`,
        );
      }
    }
    if (typeof expr.Variable === 'string')
      this.checkPath(expr.Variable, pointerTo(location, 'Variable'), 'path');
    for (const op of operators) {
      const value = expr[op];
      const opLocation = pointerTo(location, op);
      if (op.endsWith('Path') && typeof value === 'string') this.checkPath(value, opLocation, 'path');
      else if (op.startsWith('Timestamp') && typeof value === 'string' && !TIMESTAMP.test(value)) {
        this.report('SCHEMA_VALIDATION_FAILED', opLocation, `'${value}' is not an RFC 3339 timestamp`);
      }
    }
    for (const key of ['And', 'Or'] as const) {
      const list = expr[key];
      if (!Array.isArray(list)) continue;
      if (list.length === 0)
        this.report('SCHEMA_VALIDATION_FAILED', pointerTo(location, key), `${key} must not be empty`);
      list.forEach((inner, i) => {
        if (isObject(inner)) this.checkChoiceExpression(inner, pointerTo(pointerTo(location, key), i));
      });
    }
    if (isObject(expr.Not)) this.checkChoiceExpression(expr.Not, pointerTo(location, 'Not'));
  }

  private checkMap(
    state: Obj,
    location: string,
    jsonata: boolean,
    language: QueryLanguage,
    depth: number,
    children: GraphInfo[],
  ): void {
    const hasProcessor = state.ItemProcessor !== undefined;
    const hasIterator = state.Iterator !== undefined;
    if (hasProcessor === hasIterator) {
      this.report(
        'SCHEMA_VALIDATION_FAILED',
        location,
        hasProcessor
          ? 'a Map state takes ItemProcessor or Iterator, not both'
          : 'a Map state needs an ItemProcessor',
      );
    }
    this.checkExclusive(state, location, ['Parameters', 'ItemSelector']);
    if (jsonata) this.checkJsonataItems(state.Items, pointerTo(location, 'Items'));
    this.checkExclusive(state, location, ['MaxConcurrency', 'MaxConcurrencyPath']);
    this.checkExclusive(state, location, ['ToleratedFailureCount', 'ToleratedFailureCountPath']);
    this.checkExclusive(state, location, ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath']);
    const count = { integer: true, min: 0 };
    this.checkNumber(
      state.MaxConcurrency,
      pointerTo(location, 'MaxConcurrency'),
      'MaxConcurrency',
      count,
      jsonata,
    );
    this.checkNumber(
      state.ToleratedFailureCount,
      pointerTo(location, 'ToleratedFailureCount'),
      'ToleratedFailureCount',
      count,
      jsonata,
    );
    this.checkNumber(
      state.ToleratedFailurePercentage,
      pointerTo(location, 'ToleratedFailurePercentage'),
      'ToleratedFailurePercentage',
      { integer: false, min: 0, max: 100 },
      jsonata,
    );
    if (typeof state.Label === 'string') {
      const labelLocation = pointerTo(location, 'Label');
      const problem = labelProblem(state.Label);
      if (problem) this.report('INVALID_LABEL_NAME', labelLocation, problem);
      const first = this.labels.get(state.Label);
      if (first === undefined) this.labels.set(state.Label, labelLocation);
      else
        this.report(
          'DUPLICATE_LABEL_NAME',
          labelLocation,
          `Label '${state.Label}' is already used at ${first}`,
        );
    }
    if (isObject(state.ItemReader))
      this.checkItemReader(state.ItemReader, pointerTo(location, 'ItemReader'), jsonata);
    if (isObject(state.ItemBatcher)) {
      const batcher = state.ItemBatcher;
      const batcherLocation = pointerTo(location, 'ItemBatcher');
      for (const field of ['MaxItemsPerBatch', 'MaxInputBytesPerBatch'] as const) {
        this.checkNumber(
          batcher[field],
          pointerTo(batcherLocation, field),
          field,
          { integer: true, min: 1 },
          jsonata,
        );
        this.checkExclusive(batcher, batcherLocation, [field, `${field}Path`]);
        const pathValue = batcher[`${field}Path`];
        if (!jsonata && typeof pathValue === 'string') {
          this.checkPath(pathValue, pointerTo(batcherLocation, `${field}Path`), 'reference');
        }
      }
      if (!jsonata && batcher.BatchInput !== undefined) {
        this.walkTemplate(batcher.BatchInput, pointerTo(batcherLocation, 'BatchInput'));
      }
    }
    if (isObject(state.ResultWriter)) {
      const writer = state.ResultWriter;
      const writerLocation = pointerTo(location, 'ResultWriter');
      if (typeof writer.Resource === 'string') {
        const problem = resourceProblem(writer.Resource, 'ResultWriter');
        if (problem) this.report('INVALID_RESOURCE', pointerTo(writerLocation, 'Resource'), problem);
      }
      this.checkIoPair(writer, writerLocation, jsonata);
    }
    const graphField = hasProcessor ? 'ItemProcessor' : 'Iterator';
    const graph = state[graphField];
    if (isObject(graph)) {
      children.push(this.walkGraph(graph, pointerTo(location, graphField), language, depth + 1));
    }
  }

  /**
   * A JSONata Map's `Items` is a JSON array or a `{% %}` expression that evaluates to one; AWS
   * refuses any other literal, a plain string included.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
   */
  private checkJsonataItems(items: unknown, location: string): void {
    if (items === undefined || Array.isArray(items)) return;
    if (typeof items === 'string' && (isJsonataExpression(items) || PLACEHOLDER_ONLY.test(items))) return;
    const got = items === null ? 'null' : typeof items === 'string' ? `the string '${items}'` : typeof items;
    this.report(
      'SCHEMA_VALIDATION_FAILED',
      location,
      `Items must be a JSON array or a {% %} expression that evaluates to one, got ${got}`,
    );
  }

  /** The machine's own TimeoutSeconds: a whole number of seconds, like a Task's. */
  checkMachineTimeout(value: unknown): void {
    this.checkNumber(
      value,
      '/TimeoutSeconds',
      'TimeoutSeconds',
      { integer: true, min: 1, max: MAX_SECONDS },
      false,
    );
  }

  private checkItemReader(reader: Obj, location: string, jsonata: boolean): void {
    if (typeof reader.Resource === 'string') {
      const problem = resourceProblem(reader.Resource, 'ItemReader');
      if (problem) this.report('INVALID_RESOURCE', pointerTo(location, 'Resource'), problem);
    }
    this.checkIoPair(reader, location, jsonata);
    if (isObject(reader.ReaderConfig)) {
      const config = reader.ReaderConfig;
      const configLocation = pointerTo(location, 'ReaderConfig');
      this.checkNumber(
        config.MaxItems,
        pointerTo(configLocation, 'MaxItems'),
        'MaxItems',
        { integer: true, min: 0 },
        jsonata,
      );
      this.checkExclusive(config, configLocation, ['MaxItems', 'MaxItemsPath']);
      if (typeof config.MaxItemsPath === 'string') {
        if (jsonata) {
          this.report(
            'QUERY_LANGUAGE_MIXING',
            pointerTo(configLocation, 'MaxItemsPath'),
            'MaxItemsPath is a JSONPath field',
          );
        } else this.checkPath(config.MaxItemsPath, pointerTo(configLocation, 'MaxItemsPath'), 'reference');
      }
    }
  }

  /** ItemReader / ResultWriter take Parameters (JSONPath) or Arguments (JSONata). */
  private checkIoPair(holder: Obj, location: string, jsonata: boolean): void {
    const wrong = jsonata ? 'Parameters' : 'Arguments';
    if (holder[wrong] !== undefined) {
      this.report(
        'QUERY_LANGUAGE_MIXING',
        pointerTo(location, wrong),
        `${wrong} is a ${jsonata ? 'JSONPath' : 'JSONata'} field but this state uses ${jsonata ? 'JSONata' : 'JSONPath'}`,
      );
    }
    if (!jsonata && holder.Parameters !== undefined)
      this.walkTemplate(holder.Parameters, pointerTo(location, 'Parameters'));
  }

  private checkErrorHandling(
    state: Obj,
    location: string,
    jsonata: boolean,
    edges: Edge[],
    siblings: Obj,
  ): void {
    for (const field of ['Retry', 'Catch'] as const) {
      const list = state[field];
      if (!Array.isArray(list)) continue;
      const listLocation = pointerTo(location, field);
      list.forEach((entry, i) => {
        if (!isObject(entry)) return;
        const entryLocation = pointerTo(listLocation, i);
        this.checkErrorEquals(
          entry.ErrorEquals,
          pointerTo(entryLocation, 'ErrorEquals'),
          field,
          i === list.length - 1,
        );
        if (field === 'Retry') this.checkRetrier(entry, entryLocation);
        else {
          if (typeof entry.Next === 'string') {
            this.addEdge(
              edges,
              entry.Next,
              assignKeys(entry.Assign, jsonata),
              true,
              pointerTo(entryLocation, 'Next'),
              siblings,
            );
          }
          if (jsonata) {
            if (entry.ResultPath !== undefined) {
              this.report(
                'QUERY_LANGUAGE_MIXING',
                pointerTo(entryLocation, 'ResultPath'),
                'ResultPath is a JSONPath field but this state uses JSONata',
              );
            }
          } else {
            if (entry.Output !== undefined) {
              this.report(
                'QUERY_LANGUAGE_MIXING',
                pointerTo(entryLocation, 'Output'),
                'Output is a JSONata field but this state uses JSONPath',
              );
            }
            if (typeof entry.ResultPath === 'string') {
              this.checkPath(entry.ResultPath, pointerTo(entryLocation, 'ResultPath'), 'result');
            }
            if (entry.Assign !== undefined)
              this.walkTemplate(entry.Assign, pointerTo(entryLocation, 'Assign'));
          }
        }
      });
    }
  }

  private checkErrorEquals(errors: unknown, location: string, field: 'Retry' | 'Catch', last: boolean): void {
    if (!Array.isArray(errors)) return;
    if (errors.length === 0) {
      this.report('SCHEMA_VALIDATION_FAILED', location, 'ErrorEquals must name at least one error');
      return;
    }
    errors.forEach((error, i) => {
      if (error === 'States.ALL') {
        if (errors.length > 1) {
          this.report(
            'STATES_ALL_NOT_LAST',
            pointerTo(location, i),
            `States.ALL must be alone in ErrorEquals, found with ${errors.length - 1} other error name(s)`,
          );
        } else if (!last) {
          this.report(
            'STATES_ALL_NOT_LAST',
            pointerTo(location, i),
            `the ${field} entry with States.ALL must be the last one; later entries can never match`,
          );
        }
      } else if (error === 'States.Runtime' || error === 'States.DataLimitExceeded') {
        this.report(
          'UNCATCHABLE_ERROR',
          pointerTo(location, i),
          `${error} cannot be ${field === 'Catch' ? 'caught' : 'retried'}: Step Functions fails the execution at once`,
          'WARNING',
        );
      }
    });
  }

  private checkRetrier(retrier: Obj, location: string): void {
    const rules: [string, NumberRule][] = [
      ['IntervalSeconds', { integer: true, min: 1, max: 99_999_999 }],
      ['MaxAttempts', { integer: true, min: 0, max: 99_999_999 }],
      ['BackoffRate', { integer: false, min: 1 }],
      ['MaxDelaySeconds', { integer: true, min: 1, max: 31_622_400 }],
    ];
    for (const [field, rule] of rules) {
      const value = retrier[field];
      if (typeof value === 'number') this.checkNumber(value, pointerTo(location, field), field, rule, false);
    }
  }
}

/** Variable names assigned by an `Assign` block (JSONPath keys drop their `.$`). */
function assignKeys(assign: unknown, jsonata: boolean): string[] {
  if (!isObject(assign)) return [];
  const keys = Object.keys(assign);
  return jsonata ? keys : keys.map((k) => (k.endsWith('.$') ? k.slice(0, -2) : k));
}
