import type { ChoiceExpression } from '../../model/choice-rule.js';
import type { JsonObject, JsonValue } from '../../model/json.js';
import type { QueryLanguage } from '../../model/query-language.js';
import type { State } from '../../model/states.js';
import {
  checkStateClaims,
  type FieldRead,
  jsonataBody,
  jsonataInputReads,
  jsonataValueShape,
  jsonPathPayloadReads,
  jsonPathPayloadShape,
  jsonPathReference,
  type Reference,
  type ShapeScope,
} from './asl-shape.js';
import type { JsonataKind } from './jsonata-shape.js';
import {
  ERROR_OUTPUT,
  objectShape,
  placeAt,
  type Shape,
  STRING,
  shapeAt,
  shapeOfJson,
  step,
  UNKNOWN,
  unionOf,
} from './shape.js';

/** What the builder knows about a state beyond its rendered model: its schemas and sub-graphs. */
export interface StateFacts {
  /** Task: the `outputSchema`'s shape. */
  readonly result?: Shape;
  /** Map: the `itemSchema`'s shape. */
  readonly item?: Shape;
  /** Map / Parallel: checks sub-graph `index` for this input and returns its output (`unknown` if not run). */
  readonly child?: (index: number, input: Shape) => Shape;
  /** The state's name and JSON pointer, given in the final pass: claimed JSONata kinds are checked then. */
  readonly at?: { readonly name: string; readonly pointer: string };
}

/** The machine-wide shapes every state can reach: the context object and the variables. */
export interface FlowEnvironment {
  readonly queryLanguage: QueryLanguage;
  readonly context: Shape;
  readonly variables: ReadonlyMap<string, Shape>;
  /** The kinds `jsonata.number`-style tags claim, by the JSON pointer of the field. */
  readonly jsonataClaims?: ReadonlyMap<string, JsonataKind>;
}

/** A read of the state's raw input: its steps, the path as written, and the field it is in. */
export interface InputRead {
  readonly segments: readonly (string | number)[];
  readonly path: string;
  readonly field: string;
  /** In a Choice: the rule the read belongs to (a later rule is not evaluated once one matches). */
  readonly rule?: number;
}

/** A Choice rule that is only an IsPresent test: for some data it always matches (or never does). */
export interface PresenceGuard {
  readonly rule: number;
  readonly segments: readonly (string | number)[];
  readonly present: boolean;
}

/** One transition out of a state and the data it carries. */
export interface OutEdge {
  readonly to: string;
  /** The transition's field below the state, as a JSON pointer suffix (`Next`, `Catch/0/Next`...). */
  readonly field: string;
  /** How the transition is named in messages (`Next`, `Catch #0 (States.ALL)`, `Default`...). */
  readonly label: string;
  readonly shape: Shape;
}

/** What one state reads from its input, where it goes and what it sends. */
export interface StateFlow {
  readonly reads: readonly InputRead[];
  readonly edges: readonly OutEdge[];
  /** The output when the state ends its graph (End, Succeed). */
  readonly terminal?: Shape;
  /** The output on `Next` (what a handle of this state stands for as `stateInput`). */
  readonly output: Shape;
  /** A Choice's IsPresent-only rules, to skip what later rules read in data such a rule always takes. */
  readonly guards?: readonly PresenceGuard[];
}

/** What a Distributed Map returns when ResultWriter exports its results. */
const WRITER_DETAILS = objectShape({
  MapRunArn: STRING,
  ResultWriterDetails: objectShape({ Bucket: STRING, Key: STRING }),
});

/** The steps of a simple `$…` path of the state input, or undefined for anything else. */
function inputSteps(path: string | null | undefined): readonly (string | number)[] | undefined {
  if (path === undefined || path === null) return path === undefined ? [] : undefined;
  const reference = jsonPathReference(path);
  return reference?.root === 'input' ? reference.segments : undefined;
}

/** `InputPath` / `OutputPath`: the whole value, `{}` for `null`, the value at a path. */
function selected(shape: Shape, path: string | null | undefined): Shape {
  if (path === undefined) return shape;
  if (path === null) return objectShape({});
  const steps = inputSteps(path);
  return steps === undefined ? UNKNOWN : shapeAt(shape, steps);
}

/** `ResultPath`: the result, the input unchanged (`null`), or the input with the result placed. */
function placed(input: Shape, path: string | null | undefined, result: Shape): Shape {
  if (path === undefined) return result;
  if (path === null) return input;
  const steps = inputSteps(path);
  return steps === undefined ? UNKNOWN : placeAt(input, steps, result);
}

type AnyState = State & Record<string, unknown>;

/** Works out a state's reads and transitions for an input shape. */
export function analyzeState(state: State, input: Shape, facts: StateFacts, env: FlowEnvironment): StateFlow {
  const s = state as AnyState;
  const jsonata = (s.QueryLanguage ?? env.queryLanguage) === 'JSONata';
  return jsonata ? analyzeJsonata(s, input, facts, env) : analyzeJsonPath(s, input, facts, env);
}

function analyzeJsonPath(s: AnyState, input: Shape, facts: StateFacts, env: FlowEnvironment): StateFlow {
  const inputPath = s.InputPath as string | null | undefined;
  const effective = selected(input, inputPath);
  const prefix = inputSteps(inputPath);
  const reads: InputRead[] = [];
  const readPayload = (payload: unknown, field: string) => {
    if (payload === undefined || prefix === undefined) return;
    const found: FieldRead[] = [];
    jsonPathPayloadReads(payload as JsonValue, field, found);
    for (const read of found) addRead(reads, prefix, read.path, read.field);
  };
  if (typeof inputPath === 'string' && prefix !== undefined)
    reads.push({ segments: prefix, path: inputPath, field: '/InputPath' });
  const scope = (dollar: Shape, extra: Partial<ShapeScope> = {}): ShapeScope => ({
    dollar,
    input,
    context: env.context,
    variables: env.variables,
    ...extra,
  });
  for (const field of PATH_FIELDS) {
    const value = s[field];
    if (typeof value === 'string' && prefix !== undefined) addRead(reads, prefix, value, `/${field}`);
  }
  if (s.Type === 'Fail') return { reads, edges: [], output: UNKNOWN };

  let result: Shape | undefined;
  let guards: PresenceGuard[] = [];
  switch (s.Type) {
    case 'Task':
      readPayload(s.Parameters, '/Parameters');
      readCredentials(s, reads, prefix);
      result = facts.result ?? UNKNOWN;
      break;
    case 'Pass':
      readPayload(s.Parameters, '/Parameters');
      if (s.Result !== undefined) result = shapeOfJson(s.Result as JsonValue);
      else if (s.Parameters !== undefined)
        result = jsonPathPayloadShape(s.Parameters as JsonObject, scope(effective));
      else result = effective;
      if (s.Result === undefined && s.Parameters === undefined) readPayload(s.Assign, '/Assign');
      break;
    case 'Parallel': {
      readPayload(s.Parameters, '/Parameters');
      const branchInput =
        s.Parameters === undefined
          ? effective
          : jsonPathPayloadShape(s.Parameters as JsonObject, scope(effective));
      const branches = (s.Branches as unknown[]).map(
        (_, index) => facts.child?.(index, branchInput) ?? UNKNOWN,
      );
      result = { kind: 'tuple', items: branches };
      break;
    }
    case 'Map':
      result = mapResult(s, effective, facts, env, scope, reads, prefix, readPayload);
      break;
    case 'Choice':
    case 'Wait':
    case 'Succeed':
      if (s.Type === 'Choice') guards = readChoice(s, reads, prefix);
      readPayload(s.Assign, '/Assign');
      break;
  }
  const edges: OutEdge[] = [];
  let output: Shape;
  if (result === undefined) {
    output = selected(effective, s.OutputPath as string | null | undefined);
  } else {
    const selection =
      s.ResultSelector === undefined
        ? result
        : jsonPathPayloadShape(s.ResultSelector as JsonObject, scope(result));
    output = selected(
      placed(input, s.ResultPath as string | null | undefined, selection),
      s.OutputPath as string | null | undefined,
    );
  }
  if (s.Type === 'Choice' && guards.length > 0 && s.InputPath === undefined && s.OutputPath === undefined) {
    const narrowed = narrowByGuards(output, guards, (s.Choices as unknown[]).length);
    addTransitions(s, output, edges, (_, index) => narrowed.rules[index] ?? output, narrowed.otherwise);
  } else {
    addTransitions(s, output, edges, () => output, output);
  }
  addCatches(s, edges, (catcher) =>
    placed(input, (catcher.ResultPath as string | null | undefined) ?? '$', ERROR_OUTPUT),
  );
  return {
    reads,
    edges,
    output,
    ...(isTerminal(s) ? { terminal: output } : {}),
    ...(guards.length === 0 ? {} : { guards }),
  };
}

/** The `…Path` fields that read one value of the (effective) input. */
const PATH_FIELDS = [
  'SecondsPath',
  'TimestampPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'ItemsPath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
  'ErrorPath',
  'CausePath',
] as const;

function addRead(
  reads: InputRead[],
  prefix: readonly (string | number)[],
  path: string,
  field: string,
  rule?: number,
): void {
  const reference = jsonPathReference(path);
  if (reference?.root === 'input') {
    reads.push({
      segments: [...prefix, ...reference.segments],
      path,
      field,
      ...(rule === undefined ? {} : { rule }),
    });
  }
}

function readCredentials(
  s: AnyState,
  reads: InputRead[],
  prefix: readonly (string | number)[] | undefined,
): void {
  const credentials = s.Credentials as Record<string, unknown> | undefined;
  const roleArn = credentials?.['RoleArn.$'];
  if (typeof roleArn === 'string' && prefix !== undefined)
    addRead(reads, prefix, roleArn, '/Credentials/RoleArn.$');
}

/**
 * A Choice reads each rule's Variable and `…Path` comparisons, tagged with the rule. A path some rule
 * tests with IsPresent is left out, as are the paths under it; a rule that is only an IsPresent test
 * becomes a guard (see `PresenceGuard`), since the rules are evaluated in order.
 */
function readChoice(
  s: AnyState,
  reads: InputRead[],
  prefix: readonly (string | number)[] | undefined,
): PresenceGuard[] {
  if (prefix === undefined) return [];
  const rules = s.Choices as ChoiceExpression[];
  const guarded: string[] = [];
  const guards: PresenceGuard[] = [];
  const collectGuards = (rule: ChoiceExpression) => {
    if (rule.IsPresent !== undefined && rule.Variable !== undefined) guarded.push(rule.Variable);
    for (const nested of [
      ...(rule.And ?? []),
      ...(rule.Or ?? []),
      ...(rule.Not === undefined ? [] : [rule.Not]),
    ]) {
      collectGuards(nested);
    }
  };
  rules.forEach(collectGuards);
  rules.forEach((rule, index) => {
    const reference = rule.Variable === undefined ? undefined : jsonPathReference(rule.Variable);
    if (rule.IsPresent !== undefined && reference?.root === 'input') {
      guards.push({ rule: index, segments: [...prefix, ...reference.segments], present: rule.IsPresent });
    }
  });
  const isGuarded = (path: string) =>
    guarded.some((guard) => path === guard || path.startsWith(`${guard}.`) || path.startsWith(`${guard}[`));
  const visit = (rule: ChoiceExpression, at: string, index: number) => {
    if (rule.Variable !== undefined && !isGuarded(rule.Variable)) {
      addRead(reads, prefix, rule.Variable, `${at}/Variable`, index);
    }
    for (const [key, value] of Object.entries(rule)) {
      if (key.endsWith('Path') && typeof value === 'string' && !isGuarded(value)) {
        addRead(reads, prefix, value, `${at}/${key}`, index);
      }
    }
    (rule.And ?? []).forEach((nested, position) => {
      visit(nested, `${at}/And/${position}`, index);
    });
    (rule.Or ?? []).forEach((nested, position) => {
      visit(nested, `${at}/Or/${position}`, index);
    });
    if (rule.Not !== undefined) visit(rule.Not, `${at}/Not`, index);
  };
  rules.forEach((rule, index) => {
    visit(rule, `/Choices/${index}`, index);
  });
  return guards;
}

function mapResult(
  s: AnyState,
  effective: Shape,
  facts: StateFacts,
  env: FlowEnvironment,
  scope: (dollar: Shape, extra?: Partial<ShapeScope>) => ShapeScope,
  reads: InputRead[],
  prefix: readonly (string | number)[] | undefined,
  readPayload: (payload: unknown, field: string) => void,
): Shape {
  const reader = s.ItemReader as Record<string, unknown> | undefined;
  const batcher = s.ItemBatcher as Record<string, unknown> | undefined;
  readPayload(s.ItemSelector, '/ItemSelector');
  readPayload(reader?.Parameters, '/ItemReader/Parameters');
  readPayload(batcher?.BatchInput, '/ItemBatcher/BatchInput');
  readPayload(
    (s.ResultWriter as Record<string, unknown> | undefined)?.Parameters,
    '/ResultWriter/Parameters',
  );
  for (const [owner, object, fields] of [
    [
      'ItemReader/ReaderConfig',
      reader?.ReaderConfig as Record<string, unknown> | undefined,
      ['MaxItemsPath'],
    ],
    ['ItemBatcher', batcher, ['MaxItemsPerBatchPath', 'MaxInputBytesPerBatchPath']],
  ] as const) {
    for (const field of fields) {
      const value = object?.[field];
      if (typeof value === 'string' && prefix !== undefined)
        addRead(reads, prefix, value, `/${owner}/${field}`);
    }
  }
  const items =
    reader === undefined ? selected(effective, (s.ItemsPath as string | undefined) ?? '$') : UNKNOWN;
  const item = facts.item ?? elementOf(items);
  const processorInput =
    s.ItemSelector === undefined
      ? item
      : jsonPathPayloadShape(
          s.ItemSelector as JsonObject,
          scope(effective, { context: withItem(env.context, item) }),
        );
  const iteration = facts.child?.(0, processorInput) ?? UNKNOWN;
  return exportsResults(s) ? WRITER_DETAILS : { kind: 'array', element: iteration };
}

function exportsResults(s: AnyState): boolean {
  return (s.ResultWriter as Record<string, unknown> | undefined)?.Resource !== undefined;
}

function elementOf(items: Shape): Shape {
  if (items.kind === 'array') return items.element;
  if (items.kind === 'tuple') return unionOf(items.items);
  return UNKNOWN;
}

/** The context object with `Map.Item.Value` typed as the item (inside an ItemSelector). */
function withItem(context: Shape, item: Shape): Shape {
  return placeAt(context, ['Map', 'Item', 'Value'], item);
}

function analyzeJsonata(s: AnyState, input: Shape, facts: StateFacts, env: FlowEnvironment): StateFlow {
  const reads: InputRead[] = [];
  collectJsonataReads(s, '', reads);
  const scope = (extra: Partial<ShapeScope> = {}): ShapeScope => ({
    dollar: input,
    input,
    context: env.context,
    variables: env.variables,
    ...extra,
  });
  // Claims are looked up by pointer only where a machine has some (rare), in the final pass.
  const claims =
    env.jsonataClaims !== undefined && env.jsonataClaims.size > 0 ? env.jsonataClaims : undefined;
  const at = claims === undefined ? undefined : facts.at?.pointer;
  const value = (template: unknown, extra: Partial<ShapeScope> = {}, field?: string) =>
    jsonataValueShape(
      template as JsonValue,
      scope(extra),
      claims,
      at === undefined || field === undefined ? undefined : `${at}/${field}`,
    );
  if (s.Type === 'Fail') return { reads, edges: [], output: UNKNOWN };
  let result: Shape | undefined;
  if (s.Type === 'Task') result = facts.result ?? UNKNOWN;
  if (s.Type === 'Parallel') {
    const branchInput = s.Arguments === undefined ? input : value(s.Arguments, {}, 'Arguments');
    result = {
      kind: 'tuple',
      items: (s.Branches as unknown[]).map((_, index) => facts.child?.(index, branchInput) ?? UNKNOWN),
    };
  }
  if (s.Type === 'Map') {
    const items =
      s.Items === undefined ? (s.ItemReader === undefined ? input : UNKNOWN) : value(s.Items, {}, 'Items');
    const item = facts.item ?? elementOf(items);
    const processorInput =
      s.ItemSelector === undefined
        ? item
        : value(s.ItemSelector, { context: withItem(env.context, item) }, 'ItemSelector');
    const iteration = facts.child?.(0, processorInput) ?? UNKNOWN;
    result = exportsResults(s) ? WRITER_DETAILS : { kind: 'array', element: iteration };
  }
  const output =
    s.Output === undefined
      ? (result ?? input)
      : value(s.Output, result === undefined ? {} : { result }, 'Output');
  if (claims !== undefined && facts.at !== undefined) {
    const everything = scope({ errorOutput: ERROR_OUTPUT, ...(result === undefined ? {} : { result }) });
    checkStateClaims(s as JsonValue, everything, claims, facts.at.name, facts.at.pointer);
  }
  const edges: OutEdge[] = [];
  addTransitions(
    s,
    output,
    edges,
    (rule, index) => (rule.Output === undefined ? input : value(rule.Output, {}, `Choices/${index}/Output`)),
    output,
  );
  addCatches(s, edges, (catcher, index) =>
    catcher.Output === undefined
      ? ERROR_OUTPUT
      : value(catcher.Output, { errorOutput: ERROR_OUTPUT }, `Catch/${index}/Output`),
  );
  return { reads, edges, output, ...(isTerminal(s) ? { terminal: output } : {}) };
}

/** Every `$states.input…` reference in the state's JSONata strings (not in its sub-graphs). */
function collectJsonataReads(value: unknown, at: string, reads: InputRead[]): void {
  const body = jsonataBody(value);
  if (body !== undefined) {
    for (const reference of jsonataInputReads(body)) {
      reads.push({ segments: reference.segments, path: `$states.input${renderSteps(reference)}`, field: at });
    }
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Branches' || key === 'ItemProcessor') continue;
    collectJsonataReads(item, `${at}/${key}`, reads);
  }
}

function renderSteps(reference: Reference): string {
  return reference.segments
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`))
    .join('');
}

/** Whether data of `shape` certainly has the field at `segments`, certainly lacks it, or may have it. */
function presence(shape: Shape, segments: readonly (string | number)[]): 'present' | 'absent' | 'maybe' {
  let here = shape;
  let certain = true;
  for (const segment of segments) {
    const reached = step(here, segment);
    if ('missing' in reached) return 'absent';
    if (reached.optional || reached.found.kind === 'unknown') certain = false;
    here = reached.found;
  }
  return certain ? 'present' : 'maybe';
}

/**
 * What each Choice rule and the default carry when some rules are only IsPresent tests: such a rule
 * takes the members of a union that may pass it, and what it always takes never reaches the later rules
 * or the default (`isPresent(input.error)` first: the rest see only the members without `error`).
 */
function narrowByGuards(
  output: Shape,
  guards: readonly PresenceGuard[],
  ruleCount: number,
): { rules: Shape[]; otherwise: Shape } {
  let remaining = output.kind === 'union' ? [...output.members] : [output];
  const rules: Shape[] = [];
  for (let index = 0; index < ruleCount; index++) {
    const guard = guards.find((candidate) => candidate.rule === index);
    if (guard === undefined) {
      rules.push(unionOf(remaining));
      continue;
    }
    const fails = guard.present ? 'absent' : 'present';
    const passes = guard.present ? 'present' : 'absent';
    rules.push(unionOf(remaining.filter((member) => presence(member, guard.segments) !== fails)));
    remaining = remaining.filter((member) => presence(member, guard.segments) !== passes);
  }
  return { rules, otherwise: unionOf(remaining) };
}

/** `Next`, the Choice rules' `Next` and `Default`. */
function addTransitions(
  s: AnyState,
  output: Shape,
  edges: OutEdge[],
  ruleOutput: (rule: Record<string, unknown>, index: number) => Shape,
  defaultOutput: Shape,
): void {
  if (typeof s.Next === 'string') edges.push({ to: s.Next, field: '/Next', label: 'Next', shape: output });
  if (s.Type !== 'Choice') return;
  (s.Choices as unknown as Record<string, unknown>[]).forEach((rule, index) => {
    edges.push({
      to: rule.Next as string,
      field: `/Choices/${index}/Next`,
      label: `Choice rule #${index}`,
      shape: ruleOutput(rule, index),
    });
  });
  if (typeof s.Default === 'string')
    edges.push({ to: s.Default, field: '/Default', label: 'Default', shape: defaultOutput });
}

function addCatches(
  s: AnyState,
  edges: OutEdge[],
  caught: (catcher: Record<string, unknown>, index: number) => Shape,
): void {
  const catchers = s.Catch as Record<string, unknown>[] | undefined;
  catchers?.forEach((catcher, index) => {
    edges.push({
      to: catcher.Next as string,
      field: `/Catch/${index}/Next`,
      label: `Catch #${index} (${(catcher.ErrorEquals as string[]).join(', ')})`,
      shape: caught(catcher, index),
    });
  });
}

function isTerminal(s: AnyState): boolean {
  return s.Type === 'Succeed' || s.End === true;
}
