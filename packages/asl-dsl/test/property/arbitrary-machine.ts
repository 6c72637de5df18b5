/**
 * A fast-check generator of random VALID state machine models, for property tests anywhere in the
 * repository (`import { arbitraryMachine } from '<...>/asl-dsl/test/property/arbitrary-machine.js'`).
 *
 * Every state type appears (Task, Pass, Choice, Wait, Succeed, Fail, Parallel, inline Map and
 * Distributed Map with ItemReader/ItemBatcher/ResultWriter), in JSONPath machines, JSONata machines
 * and JSONPath machines with JSONata states. Validity by construction:
 * - state names are unique across the whole machine (nested graphs included), at most 80 characters,
 *   without forbidden characters; Distributed Map labels are unique too;
 * - each graph is a forward chain: state i goes to i+1 and Choice rules, Default and Catch only
 *   target later states, so every state is reachable, there are no loops, and the last state ends;
 * - JSONata states use only JSONata fields and `{% %}` expressions over `$states.input`; JSONPath
 *   states use only JSONPath fields, reference paths and intrinsic functions with valid arities;
 * - `States.ALL` is alone and last in Retry and Catch; no uncatchable error is listed;
 * - Assign values never read a variable, so nothing is read before it is assigned.
 * @module
 */
import fc from 'fast-check';
import type {
  Catcher,
  ChoiceExpression,
  ChoiceRule,
  JsonObject,
  JsonValue,
  MapState,
  QueryLanguage,
  Retrier,
  State,
  StateGraph,
  StateMachineDefinition,
  TaskState,
} from '../../src/model/index.js';

/** Random numbers per machine: enough for the largest default machines; past it choices are 0. */
const TAPE_LENGTH = 1024;

/** Options of `arbitraryMachine`. */
export interface ArbitraryMachineOptions {
  /**
   * `JSONPath` machines (possibly with JSONata states), `JSONata` machines, or either.
   * @default "any"
   */
  queryLanguage?: QueryLanguage | 'any';
  /**
   * Most states in one graph (machine, branch or item processor).
   * @default 6
   */
  maxStatesPerGraph?: number;
  /**
   * Deepest nesting of Parallel branches and Map item processors.
   * @default 2
   */
  maxDepth?: number;
}

/**
 * Random choices read from a tape of numbers that fast-check generates and shrinks. Shrinking the
 * tape toward zeros shrinks every choice toward its first option (fewer states, no optional
 * fields), so a failing machine shrinks to a small one; reading numbers is much faster than
 * building an arbitrary per choice. Past the tape's end every choice is 0.
 */
class ChoiceTape {
  private position = 0;

  constructor(private readonly tape: readonly number[]) {}

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    const raw = this.tape[this.position++] ?? 0;
    return min + (raw % (max - min + 1));
  }

  bool(): boolean {
    return this.int(0, 1) === 1;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(0, values.length - 1)] as T;
  }

  /** A short string over an alphabet with the characters JSON must escape. */
  string(maxLength: number): string {
    const length = this.int(0, maxLength);
    let text = '';
    for (let i = 0; i < length; i++) text += this.pick(ALPHABET);
    return text;
  }

  /** Any JSON value, at most `depth` levels of arrays/objects deep. */
  json(depth: number): JsonValue {
    switch (this.int(0, depth > 0 ? 6 : 4)) {
      case 0:
        return null;
      case 1:
        return this.bool();
      case 2:
        return this.pick([0, 1, -1, 42, 2.5, -1e-7, 1e21, 2 ** 53 - 1]);
      case 3:
      case 4:
        return this.string(8);
      case 5:
        return Array.from({ length: this.int(0, 3) }, () => this.json(depth - 1));
      default: {
        const object: JsonObject = {};
        const size = this.int(0, 3);
        for (let i = 0; i < size; i++) object[this.pick(KEYS)] = this.json(depth - 1);
        return object;
      }
    }
  }
}

const ALPHABET = [
  'a',
  'B',
  '7',
  ' ',
  '-',
  '_',
  '.',
  '"',
  '\\',
  '\n',
  '\t',
  '\u2028',
  'é',
  '😀',
  '{',
  '}',
  '%',
  '/',
];
const KEYS = ['a', 'b', 'Z', '0', '10', '__proto__', 'constructor', 'x.y', 'key with space', 'ünïcode', ''];

const WORDS = [
  'Deploy',
  'Check',
  'Notify',
  'Wait for stack',
  'Fan-out',
  'List_accounts',
  'Retry.later',
  'Done',
];
const FIELDS = ['account', 'region', 'stack', 'items', 'status', 'count', 'flag', 'name'];
const TASK_RESOURCES = [
  'arn:aws:states:::lambda:invoke',
  'arn:aws:lambda:us-east-1:123456789012:function:deploy-stack',
  'arn:aws:states:::aws-sdk:cloudformation:describeStacks',
  'arn:aws:states:::sns:publish',
  'arn:aws:states:us-east-1:123456789012:activity:approve',
];
const CATCHABLE_ERRORS = [
  'States.Timeout',
  'States.TaskFailed',
  'States.Permissions',
  'States.HeartbeatTimeout',
  'Lambda.ServiceException',
  'DeployFailed',
];

/** Builds one machine from the generator's random choices. */
class MachineGenerator {
  private stateCount = 0;
  private labelCount = 0;
  private machineLanguage: QueryLanguage = 'JSONPath';

  constructor(
    private readonly g: ChoiceTape,
    private readonly maxStates: number,
    private readonly maxDepth: number,
  ) {}

  machine(language: QueryLanguage): StateMachineDefinition {
    this.machineLanguage = language;
    const graph = this.graph(language, 0);
    const machine: StateMachineDefinition = {
      ...this.maybeComment(),
      StartAt: graph.StartAt,
      States: graph.States,
    };
    if (language === 'JSONata') machine.QueryLanguage = 'JSONata';
    if (this.g.bool()) machine.TimeoutSeconds = this.g.int(1, 31_536_000);
    if (this.g.bool()) machine.Version = '1.0';
    return machine;
  }

  private pick<T>(values: readonly T[]): T {
    return this.g.pick(values);
  }

  private chance(): boolean {
    return this.g.bool();
  }

  private maybeComment(): { Comment?: string } {
    return this.chance() ? { Comment: this.g.string(20) } : {};
  }

  private name(): string {
    this.stateCount += 1;
    return `${this.pick(WORDS)} ${this.stateCount}`.replaceAll(' ', this.pick(['_', '-', '']));
  }

  /**
   * A graph of 1..maxStates states chained forward, in `language` (the language of the state that
   * holds it). In a JSONPath machine, any JSONPath state may switch to JSONata on its own; states
   * nested in a JSONata state stay JSONata.
   */
  private graph(language: QueryLanguage, depth: number): StateGraph {
    const count = this.g.int(1, this.maxStates);
    const names = Array.from({ length: count }, () => this.name());
    const states: Record<string, State> = {};
    names.forEach((name, index) => {
      const switches = language === 'JSONPath' && this.g.int(0, 3) === 0;
      states[name] = this.state(switches ? 'JSONata' : language, names.slice(index + 1), depth);
    });
    const first = names[0] as string;
    return { StartAt: first, States: states };
  }

  private state(language: QueryLanguage, later: readonly string[], depth: number): State {
    const last = later.length === 0;
    const kinds: string[] = ['Task', 'Pass', 'Wait'];
    if (!last) kinds.push('Choice');
    if (last) kinds.push('Succeed', 'Fail');
    if (depth < this.maxDepth) kinds.push('Parallel', 'Map', 'DistributedMap');
    const kind = this.pick(kinds);
    const common = {
      ...this.maybeComment(),
      // Explicit wherever it differs from the machine's, so no inheritance rule is relied on.
      ...(language !== this.machineLanguage ? { QueryLanguage: language } : {}),
    };
    const transition = last ? { End: true as const } : { Next: later[0] as string };
    const jsonata = language === 'JSONata';
    switch (kind) {
      case 'Task':
        return { Type: 'Task', ...common, ...this.task(jsonata, later), ...transition };
      case 'Pass':
        return jsonata
          ? { Type: 'Pass', ...common, ...this.jsonataOutputs(), ...transition }
          : {
              Type: 'Pass',
              ...common,
              ...(this.chance() ? { InputPath: this.referencePath() } : {}),
              ...(this.chance() ? { Result: this.g.json(2) } : {}),
              ...(this.chance() ? { Parameters: this.jsonPathPayload() } : {}),
              ...(this.chance() ? { ResultPath: this.resultPath() } : {}),
              ...(this.chance() ? { Assign: this.literalAssign() } : {}),
              ...transition,
            };
      case 'Wait':
        return { Type: 'Wait', ...common, ...this.wait(jsonata), ...transition };
      case 'Choice':
        return { Type: 'Choice', ...common, ...this.choice(jsonata, later) };
      case 'Succeed':
        return jsonata
          ? { Type: 'Succeed', ...common, ...(this.chance() ? { Output: this.jsonataPayload() } : {}) }
          : { Type: 'Succeed', ...common, ...(this.chance() ? { OutputPath: this.referencePath() } : {}) };
      case 'Fail':
        return {
          Type: 'Fail',
          ...common,
          ...(!jsonata && this.chance()
            ? { ErrorPath: '$.error' }
            : this.chance()
              ? { Error: this.pick(['DeployFailed', 'Rejected', 'States.TaskFailed']) }
              : {}),
          ...(!jsonata && this.chance()
            ? { CausePath: "States.Format('failed: {}', $.reason)" }
            : this.chance()
              ? {
                  Cause:
                    jsonata && this.chance() ? "{% 'failed: ' & $states.input.reason %}" : this.g.string(30),
                }
              : {}),
        };
      case 'Parallel': {
        const branchCount = this.g.int(1, 3);
        const branches = Array.from({ length: branchCount }, () => this.graph(language, depth + 1));
        return {
          Type: 'Parallel',
          ...common,
          Branches: branches,
          ...(this.chance()
            ? jsonata
              ? { Arguments: this.jsonataPayload() }
              : { Parameters: this.jsonPathPayload() }
            : {}),
          ...this.resultHandling(jsonata),
          ...this.errorHandling(jsonata, later),
          ...transition,
        };
      }
      case 'Map':
        return {
          Type: 'Map',
          ...common,
          ...(jsonata
            ? this.chance()
              ? { Items: '{% $states.input.items %}' }
              : {}
            : this.chance()
              ? { ItemsPath: '$.items' }
              : {}),
          ...(!jsonata && this.chance() ? { ItemSelector: { 'value.$': '$$.Map.Item.Value' } } : {}),
          ...(this.chance()
            ? { MaxConcurrency: this.g.int(0, 40) }
            : !jsonata && this.chance()
              ? { MaxConcurrencyPath: '$.concurrency' }
              : {}),
          ItemProcessor: {
            ...(this.chance() ? { ProcessorConfig: { Mode: 'INLINE' as const } } : {}),
            ...this.graph(language, depth + 1),
          },
          ...this.resultHandling(jsonata),
          ...this.errorHandling(jsonata, later),
          ...transition,
        };
      default:
        return { ...this.distributedMap(language, later, depth), ...common, ...transition };
    }
  }

  private distributedMap(language: QueryLanguage, later: readonly string[], depth: number): MapState {
    const jsonata = language === 'JSONata';
    this.labelCount += 1;
    const csv = this.chance();
    const s3 = { Bucket: 'inventory-bucket', Key: csv ? 'accounts.csv' : 'accounts.json' };
    const map: MapState = {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: {
          ...(csv
            ? { InputType: 'CSV' as const, CSVHeaderLocation: 'FIRST_ROW' as const }
            : { InputType: this.pick(['JSON', 'JSONL'] as const) }),
          ...(this.chance() ? { MaxItems: this.g.int(1, 100_000) } : {}),
        },
        ...(jsonata ? { Arguments: s3 } : { Parameters: s3 }),
      },
      ...(this.chance() ? { ItemBatcher: { MaxItemsPerBatch: this.g.int(1, 100) } } : {}),
      MaxConcurrency: this.g.int(1, 10_000),
      ...(this.chance()
        ? { ToleratedFailurePercentage: this.g.int(0, 100) }
        : this.chance()
          ? { ToleratedFailureCount: this.g.int(0, 50) }
          : !jsonata && this.chance()
            ? { ToleratedFailureCountPath: '$.tolerated' }
            : {}),
      Label: `Rows${this.labelCount}`,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: this.pick(['STANDARD', 'EXPRESS'] as const) },
        ...this.graph(language, depth + 1),
      },
      ...(this.chance()
        ? {
            ResultWriter: {
              Resource: 'arn:aws:states:::s3:putObject',
              ...(jsonata
                ? { Arguments: { Bucket: 'results-bucket', Prefix: 'runs' } }
                : { Parameters: { Bucket: 'results-bucket', Prefix: 'runs' } }),
            },
          }
        : {}),
      ...this.errorHandling(jsonata, later),
    };
    return map;
  }

  private task(jsonata: boolean, later: readonly string[]): Omit<TaskState, 'Type' | 'Next' | 'End'> {
    const resource = this.pick(TASK_RESOURCES);
    const timeout = this.chance() ? this.g.int(2, 3600) : undefined;
    return {
      Resource: resource,
      ...(jsonata
        ? this.chance()
          ? { Arguments: this.jsonataPayload() }
          : {}
        : {
            ...(this.chance() ? { InputPath: this.referencePath() } : {}),
            ...(this.chance() ? { Parameters: this.jsonPathPayload() } : {}),
          }),
      ...(timeout === undefined
        ? !jsonata && this.chance()
          ? { TimeoutSecondsPath: '$.timeout' }
          : {}
        : { TimeoutSeconds: timeout }),
      ...(timeout !== undefined && this.chance() ? { HeartbeatSeconds: this.g.int(1, timeout - 1) } : {}),
      ...(this.chance()
        ? {
            Credentials: jsonata
              ? { RoleArn: '{% $states.input.roleArn %}' }
              : this.chance()
                ? { 'RoleArn.$': '$.roleArn' }
                : { RoleArn: 'arn:aws:iam::123456789012:role/target-deployer' },
          }
        : {}),
      ...this.resultHandling(jsonata),
      ...this.errorHandling(jsonata, later),
    };
  }

  private resultHandling(jsonata: boolean): Record<string, JsonValue> {
    if (jsonata) return this.jsonataOutputs();
    return {
      ...(this.chance() ? { ResultSelector: this.jsonPathPayload() } : {}),
      ...(this.chance() ? { ResultPath: this.resultPath() } : {}),
      ...(this.chance() ? { OutputPath: this.referencePath() } : {}),
      ...(this.chance() ? { Assign: this.literalAssign() } : {}),
    };
  }

  private jsonataOutputs(): Record<string, JsonValue> {
    return {
      ...(this.chance() ? { Output: this.jsonataPayload() } : {}),
      ...(this.chance() ? { Assign: { [this.pick(FIELDS)]: this.jsonataExpression() } } : {}),
    };
  }

  private errorHandling(
    jsonata: boolean,
    later: readonly string[],
  ): { Retry?: Retrier[]; Catch?: Catcher[] } {
    const result: { Retry?: Retrier[]; Catch?: Catcher[] } = {};
    if (this.chance()) {
      const retriers: Retrier[] = this.errorLists().map((errors) => ({
        ErrorEquals: errors,
        ...(this.chance() ? { IntervalSeconds: this.g.int(1, 60) } : {}),
        ...(this.chance() ? { MaxAttempts: this.g.int(0, 10) } : {}),
        ...(this.chance() ? { BackoffRate: this.pick([1, 1.5, 2, 3]) } : {}),
        ...(this.chance() ? { MaxDelaySeconds: this.g.int(1, 3600) } : {}),
        ...(this.chance() ? { JitterStrategy: this.pick(['FULL', 'NONE'] as const) } : {}),
      }));
      result.Retry = retriers;
    }
    if (later.length > 0 && this.chance()) {
      result.Catch = this.errorLists().map((errors) => ({
        ErrorEquals: errors,
        ...(jsonata
          ? this.chance()
            ? { Output: this.jsonataPayload() }
            : {}
          : this.chance()
            ? { ResultPath: this.resultPath() }
            : {}),
        ...(this.chance()
          ? { Assign: jsonata ? { failed: '{% $states.errorOutput.Error %}' } : { failed: true } }
          : {}),
        Next: this.pick(later),
      }));
    }
    return result;
  }

  /** 1-3 error lists; when States.ALL appears it is alone and in the last list. */
  private errorLists(): string[][] {
    const count = this.g.int(1, 3);
    const lists = Array.from({ length: count }, () => [
      ...new Set(Array.from({ length: this.g.int(1, 3) }, () => this.pick(CATCHABLE_ERRORS))),
    ]);
    if (this.chance()) lists[lists.length - 1] = ['States.ALL'];
    return lists;
  }

  private wait(jsonata: boolean): Record<string, JsonValue> {
    const form = this.g.int(0, 3);
    if (jsonata) {
      return form === 0
        ? { Seconds: '{% $states.input.count %}' }
        : form === 1
          ? { Timestamp: '2026-11-21T10:00:00Z' }
          : { Seconds: this.g.int(0, 3600) };
    }
    return [
      { Seconds: this.g.int(0, 3600) },
      { SecondsPath: '$.count' },
      { Timestamp: '2026-11-21T10:00:00Z' },
      { TimestampPath: '$.when' },
    ][form] as Record<string, JsonValue>;
  }

  private choice(jsonata: boolean, later: readonly string[]): { Choices: ChoiceRule[]; Default?: string } {
    const count = this.g.int(1, 3);
    const withDefault = this.chance();
    const choices: ChoiceRule[] = Array.from({ length: count }, (_, index) =>
      jsonata
        ? {
            Condition: this.pick([
              '{% $states.input.flag = true %}',
              '{% $states.input.count > 3 %}',
              "{% $states.input.status = 'FAILED' %}",
            ]),
            ...(this.chance() ? { Output: this.jsonataPayload() } : {}),
            ...(this.chance() ? { Assign: { route: index } } : {}),
            Next: this.choiceTarget(later, index, withDefault),
          }
        : {
            ...this.choiceExpression(0),
            ...(this.chance() ? { Assign: { route: index } } : {}),
            Next: this.choiceTarget(later, index, withDefault),
          },
    );
    return { Choices: choices, ...(withDefault ? { Default: later[0] as string } : {}) };
  }

  /** Without a Default, the first rule leads to the next state so that it stays reachable. */
  private choiceTarget(later: readonly string[], index: number, withDefault: boolean): string {
    return !withDefault && index === 0 ? (later[0] as string) : this.pick(later);
  }

  private choiceExpression(depth: number): ChoiceExpression {
    const form = this.g.int(0, depth < 2 ? 6 : 3);
    const variable = this.referencePath();
    switch (form) {
      case 0:
        return { Variable: variable, StringEquals: this.g.string(8) };
      case 1:
        return {
          Variable: variable,
          [this.pick(['NumericGreaterThan', 'NumericLessThanEquals', 'NumericEquals'])]: this.g.int(
            -1000,
            1000,
          ),
        };
      case 2:
        return {
          Variable: variable,
          [this.pick(['IsPresent', 'IsNull', 'IsString', 'IsNumeric'])]: this.chance(),
        };
      case 3:
        return this.pick<ChoiceExpression>([
          { Variable: variable, BooleanEquals: true },
          { Variable: variable, StringMatches: 'stack-*' },
          { Variable: variable, TimestampLessThan: '2026-01-01T00:00:00Z' },
          { Variable: variable, StringEqualsPath: '$.expected' },
          { Variable: variable, NumericGreaterThanEqualsPath: '$.limit' },
        ]);
      case 4:
        return { And: [this.choiceExpression(depth + 1), this.choiceExpression(depth + 1)] };
      case 5:
        return { Or: [this.choiceExpression(depth + 1), this.choiceExpression(depth + 1)] };
      default:
        return { Not: this.choiceExpression(depth + 1) };
    }
  }

  private referencePath(): string {
    const depth = this.g.int(0, 2);
    let path = '$';
    for (let i = 0; i < depth; i++) path += `.${this.pick(FIELDS)}`;
    if (depth > 0 && this.chance()) path += `[${this.g.int(0, 3)}]`;
    return path;
  }

  private resultPath(): string | null {
    return this.g.int(0, 4) === 0 ? null : this.referencePath();
  }

  /** A JSONPath payload template: literals, `.$` paths, context paths and intrinsic calls. */
  private jsonPathPayload(): JsonObject {
    const payload: JsonObject = {};
    const count = this.g.int(0, 4);
    for (let i = 0; i < count; i++) {
      const field = this.pick(FIELDS);
      switch (this.g.int(0, 3)) {
        case 0:
          payload[`${field}.$`] = this.referencePath();
          break;
        case 1:
          payload[`${field}.$`] = this.pick([
            "States.Format('stack-{}', $.account)",
            'States.UUID()',
            'States.ArrayLength($.items)',
            "States.StringSplit($.name, ',')",
            '$$.Execution.Id',
          ]);
          break;
        case 2:
          payload[field] = this.jsonPathPayload();
          break;
        default:
          payload[field] = this.literal();
      }
    }
    return payload;
  }

  /** A JSONata value: literals and `{% %}` expressions over `$states.input`. */
  private jsonataPayload(): JsonValue {
    if (this.chance()) return this.jsonataExpression();
    const payload: JsonObject = {};
    const count = this.g.int(0, 3);
    for (let i = 0; i < count; i++) {
      payload[this.pick(FIELDS)] = this.chance() ? this.jsonataExpression() : this.literal();
    }
    return payload;
  }

  private jsonataExpression(): string {
    return this.pick([
      '{% $states.input %}',
      '{% $states.input.account %}',
      '{% $count($states.input.items) %}',
      "{% $states.input.name & '-stack' %}",
      '{% $states.context.Execution.Id %}',
    ]);
  }

  private literalAssign(): JsonObject {
    return { [this.pick(FIELDS)]: this.literal() };
  }

  /** A JSON literal that no query language would read as an expression. */
  private literal(): JsonValue {
    const value = this.g.json(0);
    return typeof value === 'string' && (value.startsWith('$') || value.includes('{%')) ? `x${value}` : value;
  }
}

/**
 * An arbitrary of random valid state machine models (see the module comment for what "valid"
 * guarantees). Deterministic for a given fast-check seed.
 */
export function arbitraryMachine(
  options: ArbitraryMachineOptions = {},
): fc.Arbitrary<StateMachineDefinition> {
  const maxStates = options.maxStatesPerGraph ?? 6;
  const maxDepth = options.maxDepth ?? 2;
  const language = options.queryLanguage ?? 'any';
  return fc
    .array(fc.nat({ max: 1_000_000 }), { minLength: TAPE_LENGTH, maxLength: TAPE_LENGTH })
    .map((numbers) => {
      const tape = new ChoiceTape(numbers);
      const chosen: QueryLanguage =
        language === 'any' ? tape.pick(['JSONPath', 'JSONata'] as const) : language;
      return new MachineGenerator(tape, maxStates, maxDepth).machine(chosen);
    });
}
