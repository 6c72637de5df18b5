import type { State, StateGraph } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import type { StateHandle } from '../state-handle.js';
import { describeShape, type Shape, step, UNKNOWN, unionOf } from './shape.js';
import { analyzeState, type FlowEnvironment, type InputRead, type StateFlow } from './state-flow.js';
import { shapeOfSchema } from './zod-shape.js';

/** A state as the flow checks see it: what the builder was told about it. */
export interface FlowState {
  readonly handle: StateHandle<unknown>;
  readonly flow: { readonly after?: unknown; readonly stateInput?: unknown; readonly itemSchema?: unknown };
  readonly children: readonly FlowGraph[];
  readonly childResults: readonly unknown[];
}

/** A graph (machine, branch, item processor) as the flow checks see it. */
export interface FlowGraph {
  flowStates(): readonly FlowState[];
}

/** Where a graph's input comes from, for messages: "the execution input", "each item of Map 'M'"... */
interface GraphEntry {
  readonly pointer: string;
  readonly describe: string;
}

/**
 * Checks every transition of a rendered graph (and of its branches and item processors) against the
 * input the target state declares, from the zod schemas:
 * - a state with `stateInput` or `after` declares its whole input: each transition into it must
 *   carry every required field, with a compatible type;
 * - every state is checked on what it reads: each `$.path` it reads (payloads, `…Path` fields,
 *   Choice variables, `$states.input…` in JSONata) must exist in what each transition into it
 *   carries;
 * - data nothing is known about (`unknown`: no schema, `z.custom`, a JSONata expression) passes, and
 *   so does an optional field (a Choice may test it with IsPresent first).
 * @returns the graph's output: what its terminal states (End, Succeed) produce.
 * @throws AslDslError `IncompatibleStateInput` naming both states, the transition and the field path.
 */
export function checkGraphFlow(
  graph: FlowGraph,
  model: StateGraph,
  input: Shape,
  entry: GraphEntry,
  env: FlowEnvironment,
): Shape {
  const declared = graph.flowStates();
  const byName = new Map(declared.map((state) => [state.handle.name, state]));
  const order = visitOrder(model);
  let flows = new Map<string, StateFlow>();
  const declaredInputs = new Map<string, Shape>();
  // Two passes: the second sees what loops bring back into a state; sub-graphs are checked in it.
  for (const final of [false, true]) {
    const incoming = new Map<string, Shape[]>([[model.StartAt, [input]]]);
    const next = new Map<string, StateFlow>();
    for (const name of order) {
      const state = byName.get(name) as FlowState;
      const own = declaredInput(state, next, flows);
      if (own !== undefined) declaredInputs.set(name, own);
      const shapeIn = own ?? unionOf(incoming.get(name) ?? [UNKNOWN]);
      const flow = analyzeState(
        model.States[name] as State,
        shapeIn,
        factsOf(state, model, entry, env, final),
        env,
      );
      next.set(name, flow);
      for (const edge of flow.edges) {
        const into = incoming.get(edge.to);
        if (into === undefined) incoming.set(edge.to, [edge.shape]);
        else into.push(edge.shape);
      }
    }
    flows = next;
  }
  // Messages and pointers are built only for the transition that fails.
  const check = (to: string, shape: Shape, from: () => string, field: () => string) => {
    const problem = problemFor(to, shape, declaredInputs.get(to), flows.get(to) as StateFlow);
    if (problem !== undefined) {
      throw new AslDslError('IncompatibleStateInput', `${from()} → '${to}': ${problem}`, {
        stateName: to,
        pointer: field(),
      });
    }
  };
  check(
    model.StartAt,
    input,
    () => entry.describe,
    () => joinPointer(entry.pointer, 'StartAt'),
  );
  for (const name of Object.keys(model.States)) {
    for (const edge of (flows.get(name) as StateFlow).edges) {
      check(
        edge.to,
        edge.shape,
        () => `'${name}' (${edge.label})`,
        () => joinPointer(entry.pointer, 'States', name) + edge.field,
      );
    }
  }
  return unionOf(
    order.flatMap((name) => {
      const terminal = flows.get(name)?.terminal;
      return terminal === undefined ? [] : [terminal];
    }),
  );
}

/** The states in the order transitions reach them from StartAt (all are reachable by now). */
function visitOrder(model: StateGraph): string[] {
  const order = [model.StartAt];
  const seen = new Set(order);
  for (let index = 0; index < order.length; index++) {
    const state = model.States[order[index] as string] as State & Record<string, unknown>;
    const targets = [
      state.Next,
      state.Default,
      ...((state.Choices as { Next: string }[] | undefined) ?? []).map((rule) => rule.Next),
      ...((state.Catch as { Next: string }[] | undefined) ?? []).map((catcher) => catcher.Next),
    ];
    for (const target of targets) {
      if (typeof target === 'string' && !seen.has(target)) {
        seen.add(target);
        order.push(target);
      }
    }
  }
  return order;
}

/** The input a state declares: its `stateInput`, or what its `after` states send it; else none. */
function declaredInput(
  state: FlowState,
  current: ReadonlyMap<string, StateFlow>,
  previous: ReadonlyMap<string, StateFlow>,
): Shape | undefined {
  const flowOf = (name: string) => current.get(name) ?? previous.get(name);
  const stateInput = state.flow.stateInput;
  if (stateInput !== undefined) {
    if (isHandle(stateInput)) return flowOf(stateInput.name)?.output ?? UNKNOWN;
    return shapeOfSchema(stateInput as never);
  }
  if (state.flow.after === undefined) return undefined;
  const befores = Array.isArray(state.flow.after) ? state.flow.after : [state.flow.after];
  const shapes: Shape[] = [];
  for (const before of befores as StateHandle<unknown>[]) {
    const flow = flowOf(before.name);
    if (flow === undefined) return UNKNOWN;
    for (const edge of flow.edges) if (edge.to === state.handle.name) shapes.push(edge.shape);
  }
  return unionOf(shapes);
}

function isHandle(value: unknown): value is StateHandle<unknown> {
  return typeof value === 'object' && value !== null && 'graph' in value && 'name' in value;
}

/** The schemas and sub-graphs of a state; sub-graphs are checked only in the final pass. */
function factsOf(
  state: FlowState,
  model: StateGraph,
  entry: GraphEntry,
  env: FlowEnvironment,
  final: boolean,
) {
  const name = state.handle.name;
  const result =
    'outputSchema' in state.handle ? shapeOfSchema(state.handle.outputSchema as never) : undefined;
  const item =
    state.flow.itemSchema === undefined ? undefined : shapeOfSchema(state.flow.itemSchema as never);
  const rendered = model.States[name] as State & Record<string, unknown>;
  const child = (index: number, input: Shape): Shape => {
    if (!final) return UNKNOWN;
    const graph = state.children[index] as FlowGraph;
    const isMap = rendered.Type === 'Map';
    const childModel = (
      isMap ? rendered.ItemProcessor : (rendered.Branches as StateGraph[])[index]
    ) as StateGraph;
    const pointer = joinPointer(
      entry.pointer,
      'States',
      name,
      ...(isMap ? ['ItemProcessor'] : ['Branches', index]),
    );
    const output = checkGraphFlow(
      graph,
      childModel,
      input,
      {
        pointer,
        describe: isMap ? `each item of Map '${name}'` : `the input of branch #${index} of '${name}'`,
      },
      env,
    );
    checkGraphResult(state.childResults[index], graph, childModel, pointer, name);
    return output;
  };
  return {
    ...(result === undefined ? {} : { result }),
    ...(item === undefined ? {} : { item }),
    ...(state.children.length === 0 ? {} : { child }),
    ...(final && (env.jsonataClaims?.size ?? 0) > 0
      ? { at: { name, pointer: joinPointer(entry.pointer, 'States', name) } }
      : {}),
  };
}

/**
 * A processor or branch callback that returned handles claims they are its terminal states (they type
 * its output): they must be exactly the states that end it (End, Succeed; Fail produces no output).
 */
function checkGraphResult(
  result: unknown,
  graph: FlowGraph,
  model: StateGraph,
  pointer: string,
  owner: string,
): void {
  if (result === undefined) return;
  const returned = (Array.isArray(result) ? result : [result]) as unknown[];
  const names: string[] = [];
  for (const handle of returned) {
    if (!isHandle(handle) || handle.graph !== graph) {
      throw new AslDslError(
        'InvalidGraphResult',
        `the callback of '${owner}' returned ${isHandle(handle) ? `state '${handle.name}' of another graph` : 'something that is not a state handle'}; return the handles of its own terminal states (or nothing)`,
        { stateName: owner, pointer },
      );
    }
    names.push(handle.name);
  }
  const terminal = Object.entries(model.States)
    .filter(([, state]) => state.Type === 'Succeed' || ('End' in state && state.End === true))
    .map(([name]) => name);
  const extra = names.find((name) => !terminal.includes(name));
  const left = terminal.find((name) => !names.includes(name));
  if (extra !== undefined || left !== undefined) {
    throw new AslDslError(
      'InvalidGraphResult',
      extra !== undefined
        ? `the callback of '${owner}' returned '${extra}', which does not end the graph (terminal states: ${terminal.join(', ')})`
        : `the callback of '${owner}' did not return terminal state '${left}': the output type would miss what it produces`,
      { stateName: owner, pointer: joinPointer(pointer, 'States', (extra ?? left) as string) },
    );
  }
}

/** Why a transition carrying `shape` cannot enter state `to`, or undefined when it can. */
function problemFor(
  to: string,
  shape: Shape,
  declared: Shape | undefined,
  flow: StateFlow,
): string | undefined {
  if (declared !== undefined) {
    const problem = incompatibility(shape, declared, []);
    if (problem !== undefined) return `${problem}, which '${to}' declares as its input (stateInput / after)`;
  }
  // What the state reads must be there on every transition, whatever it declares (a declaration
  // from `after` joins the transitions, so a field only some carry is no longer required by it).
  const cutoff = alwaysTakenRule(shape, flow);
  for (const read of flow.reads) {
    if (read.rule !== undefined && read.rule > cutoff) continue;
    const problem = unreadable(shape, read);
    if (problem !== undefined) return `'${to}' reads ${read.path} (at ${read.field}), but ${problem}`;
  }
  return undefined;
}

/**
 * The first Choice rule that always matches data of `shape` (an IsPresent test of a field every
 * member has, or lacks): rules after it are never evaluated for that data, so their reads are not
 * checked against it.
 */
function alwaysTakenRule(shape: Shape, flow: StateFlow): number {
  for (const guard of flow.guards ?? []) {
    let here: Shape | undefined = shape;
    let present = true;
    for (const segment of guard.segments) {
      const reached = step(here, segment);
      if ('missing' in reached) {
        present = false;
        break;
      }
      if (reached.optional || reached.found.kind === 'unknown') {
        here = undefined;
        break;
      }
      here = reached.found;
    }
    if (here === undefined && present) continue; // Maybe there: the rule may or may not match.
    if (present === guard.present) return guard.rule;
  }
  return Number.POSITIVE_INFINITY;
}

function fieldName(path: readonly (string | number)[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${segment}`,
    )
    .join('');
}

/** Where a read fails on `shape`: a field not in the data, or a step into a value of another kind. */
function unreadable(shape: Shape, read: InputRead): string | undefined {
  let here = shape;
  for (let index = 0; index < read.segments.length; index++) {
    const reached = step(here, read.segments[index] as string | number);
    const path = fieldName(read.segments.slice(0, index + 1));
    if ('missing' in reached) {
      return reached.missing === 'field'
        ? `field '${path}' is not in the data this transition carries (${describeShape(reached.got)})`
        : `'${fieldName(read.segments.slice(0, index)) || '$'}' is ${describeShape(reached.got)} there`;
    }
    here = reached.found;
  }
  return undefined;
}

/** The first way `actual` fails to satisfy `expected`, or undefined. */
function incompatibility(actual: Shape, expected: Shape, path: (string | number)[]): string | undefined {
  if (expected.kind === 'unknown' || actual.kind === 'unknown') return undefined;
  if (actual.kind === 'union') {
    for (const member of actual.members) {
      const problem = incompatibility(member, expected, path);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (expected.kind === 'union') {
    const problems = expected.members.map((member) => incompatibility(actual, member, path));
    return problems.includes(undefined) ? undefined : problems[0];
  }
  const at = path.length === 0 ? 'the data' : `field '${fieldName(path)}'`;
  const conflict = () => `${at} is ${describeShape(actual)}, not ${describeShape(expected)}`;
  switch (expected.kind) {
    case 'object': {
      if (actual.kind !== 'object') return conflict();
      for (const [key, field] of expected.fields) {
        const given =
          actual.fields.get(key) ??
          (actual.rest === undefined ? undefined : { shape: actual.rest, optional: true });
        if (given === undefined) {
          if (field.optional) continue;
          return `field '${fieldName([...path, key])}' is missing`;
        }
        if (given.optional && !field.optional && actual.fields.has(key)) {
          return `field '${fieldName([...path, key])}' may be missing (it is optional there)`;
        }
        const problem = incompatibility(given.shape, field.shape, [...path, key]);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'array':
      if (actual.kind === 'array') return incompatibility(actual.element, expected.element, [...path, 0]);
      if (actual.kind === 'tuple') {
        for (const item of actual.items) {
          const problem = incompatibility(item, expected.element, [...path, 0]);
          if (problem !== undefined) return problem;
        }
        return undefined;
      }
      return conflict();
    case 'tuple':
      return actual.kind === 'tuple' || actual.kind === 'array' ? undefined : conflict();
    case 'literal':
      // A value of the literal's kind may well be it (the data is not narrowed): only other kinds conflict.
      return baseKind(actual) === baseKind(expected) ? undefined : conflict();
    default:
      return baseKind(actual) === expected.kind ? undefined : conflict();
  }
}

function baseKind(shape: Shape): string {
  if (shape.kind === 'literal') return typeof shape.value;
  return shape.kind;
}
