import type { JsonValue } from '../model/json.js';
import type { State, StateGraph } from '../model/states.js';
import { AslDslError, joinPointer } from './errors.js';
import type {
  AfterOption,
  CheckedName,
  FlowCheck,
  GivenKeys,
  GraphResult,
  Selected,
  StateInput,
} from './flow-types.js';
import type { Located } from './refs/field-env.js';
import { createPathProxy, type PathProxy, type PathRef } from './refs/path-ref.js';
import type { CatchOptions } from './retry-catch.js';
import { type BuilderEnv, compute, type StateScope, type VariableRefs } from './scope.js';
import type { StateHandle, Target, TaskHandle } from './state-handle.js';
import { checkStateName } from './state-names.js';
import {
  type ChoiceDeclaration,
  type ChoiceHandleFor,
  type ChoiceName,
  type ChoiceRuleOptions,
  renderChoice,
} from './states/choice.js';
import type { ResultWriterOptions } from './states/distributed-map.js';
import { type FailDeclaration, renderFail } from './states/fail.js';
import { type MapDeclaration, type MapHandleFor, type MapName, renderMap } from './states/map.js';
import {
  type ParallelDeclaration,
  type ParallelHandleFor,
  type ParallelName,
  renderParallel,
} from './states/parallel.js';
import { type PassDeclaration, type PassHandleFor, type PassName, renderPass } from './states/pass.js';
import type { MachineRenderContext, RenderableGraph, StateRenderContext } from './states/render-context.js';
import type { AllowedQueryLanguage, StateEnv } from './states/state-fields.js';
import { renderSucceed, type SucceedDeclaration, type SucceedHandleFor } from './states/succeed.js';
import { renderTask, type TaskDeclaration, type TaskHandleFor, type TaskName } from './states/task.js';
import { renderWait, type WaitDeclaration, type WaitHandleFor, type WaitName } from './states/wait.js';
import { type StatesAfter, statesAfter } from './states-after.js';
import type { LooseTemplate } from './template.js';

/** What a state declares about its input: the states it follows and its declared input type. */
export interface FlowDeclaration {
  readonly after?: unknown;
  readonly stateInput?: unknown;
}

/** A state as declared: its handle and how to render it once the whole graph is known. */
export interface DeclaredState {
  readonly handle: StateHandle<unknown>;
  /** The options that place it in the data flow (`after`, `stateInput`). */
  readonly flow: FlowDeclaration;
  /** Branch or item-processor graphs the state owns. */
  readonly children: readonly GraphBuilder<unknown, BuilderEnv>[];
  /** What each child's callback returned: the handles of its terminal states, or nothing. */
  readonly childResults: readonly unknown[];
  render(rc: StateRenderContext): State;
}

/**
 * A graph of states: the machine itself, a Parallel branch or a Map item processor. States are
 * declared in any order and refer to each other by name or handle; loops need no workaround. Nothing
 * is rendered until `toModel()`, so a state declared after the one that points at it is never lost,
 * and a state reached from two places is rendered once.
 *
 * `In` is the type of the graph's input (machine input, branch input or Map item); `Env` carries the
 * declared variables, the context object type and the substitution keys. `Prev` is what a state's
 * `after` defaults to: nothing, or the state(s) given to {@link GraphBuilder.after}.
 */
export class GraphBuilder<In, Env extends BuilderEnv, Prev extends AfterOption | undefined = undefined>
  implements RenderableGraph
{
  readonly #states: DeclaredState[] = [];
  #startAt: Target | undefined;

  /** Declares a state; used by every state method and by extensions. */
  protected declare<H extends StateHandle<unknown>>(
    name: string,
    render: (rc: StateRenderContext) => State,
    extra: Omit<H, 'name' | 'graph'>,
    children: readonly GraphBuilder<unknown, BuilderEnv>[] = [],
    childResults: readonly unknown[] = [],
    flow: FlowDeclaration = {},
  ): H {
    const handle = { ...extra, name, graph: this } as unknown as H;
    this.#states.push({ handle, render, children, childResults, flow });
    return handle;
  }

  /** The declared states, for the build-time data-flow checks (`flow/check-flow.ts`). @internal */
  flowStates(): readonly DeclaredState[] {
    return this.#states;
  }

  /**
   * Every Task handle of this graph and its branches / item processors, in declaration order, with the
   * payload and result schemas — for Lambda handlers, test harnesses and the local engine.
   */
  taskHandles(): TaskHandle<unknown, unknown, unknown>[] {
    const tasks: TaskHandle<unknown, unknown, unknown>[] = [];
    for (const { handle, children } of this.#states) {
      if ('inputSchema' in handle) tasks.push(handle as TaskHandle<unknown, unknown, unknown>);
      for (const child of children) tasks.push(...child.taskHandles());
    }
    return tasks;
  }

  /**
   * The Task handle declared as `name` in this graph or its branches / item processors, for a harness
   * that has the machine but not the handle (`handlerFor(machine.handle('Deploy'), …)`). The payload
   * and result types are the schemas' at run time only; to keep them in the type, look the handles up
   * with {@link taskLookup} instead.
   * @throws AslDslError `UnknownTaskState` naming the Task states there are
   */
  handle(name: string): TaskHandle<unknown, unknown, unknown> {
    const tasks = this.taskHandles();
    const found = tasks.find((t) => t.name === name);
    if (found) return found;
    throw new AslDslError(
      'UnknownTaskState',
      `no Task state named '${name}' (Task states: ${tasks.map((t) => t.name).join(', ') || 'none'})`,
    );
  }

  /**
   * A typed reference into this graph's input, for options that take a reference outside a callback:
   * `timeoutSeconds: machine.ref((i) => i.timeout)`.
   */
  ref<R>(select: (input: PathProxy<In>) => PathRef<R>): PathRef<R> {
    return select(createPathProxy<In>('input'));
  }

  /**
   * The state methods (`task`, `pass`, `choice`, …) for a state that follows `predecessors`, as if it
   * named them in `after`: `machine.after(deploy).wait('Pause', { seconds: ({ input }) => … })` types
   * the Wait's input from what Deploy sends it and links Deploy's `Next` to it.
   */
  after<const A extends AfterOption>(predecessors: A): StatesAfter<In, Env, A> {
    return statesAfter(this, predecessors);
  }

  /** Typed references to the declared variables (`$name`). */
  get vars(): VariableRefs<Env['vars']> {
    return compute((scope: StateScope<In, Env>) => scope.vars);
  }

  /** A typed reference to the context object (`$$` / `$states.context`). */
  get ctx(): PathProxy<Env['context']> {
    return createPathProxy<Env['context']>('context');
  }

  /**
   * The first state. @default the first declared state
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
   */
  startAt(target: Target): this {
    this.#startAt = target;
    return this;
  }

  /**
   * Declares a Task state. `inputSchema` / `outputSchema` type the payload and the result; `errors`
   * declares error names the resource raises for `retry` / `catch`.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
   */
  task<
    const N extends string,
    // Captured without defaults: a default would be fixed before the callbacks inside are typed.
    const C extends readonly CatchOptions<NoInfer<E>, StateInput<A, SI, N, In>, StateEnv<Env, SQ>>[],
    const A extends AfterOption | undefined = Prev,
    SI = never,
    P = unknown,
    PI = P,
    R = unknown,
    const E extends string = never,
    Sel = never,
    const RP = undefined,
    O extends LooseTemplate = never,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
    const NX extends Target | undefined = undefined,
    const END extends true | undefined = undefined,
    const IP = undefined,
    const OP = undefined,
    K extends keyof TaskDeclaration<
      In,
      Env,
      N,
      A,
      SI,
      P,
      R,
      E,
      Sel,
      RP,
      O,
      SQ,
      IP,
      OP,
      NX,
      END,
      C,
      PI
    > = never,
  >(
    name: TaskName<In, N, A, SI, R, Sel, RP, O, OP, NX, K>,
    options: TaskDeclaration<In, Env, N, A, SI, P, R, E, Sel, RP, O, SQ, IP, OP, NX, END, C, PI> &
      GivenKeys<K>,
  ): TaskHandleFor<In, N, A, SI, P, R, Sel, RP, O, OP, NX, END, C> {
    return this.declare(
      name as string,
      (rc) => renderTask(options as never, rc),
      { inputSchema: options.inputSchema, outputSchema: options.outputSchema },
      [],
      [],
      options,
    );
  }

  /**
   * Declares a Pass state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
   */
  pass<
    const N extends string,
    const A extends AfterOption | undefined = Prev,
    SI = never,
    Par extends LooseTemplate = never,
    const Res extends JsonValue = never,
    const RP = undefined,
    O extends LooseTemplate = never,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
    const NX extends Target | undefined = undefined,
    const END extends true | undefined = undefined,
    const IP = undefined,
    const OP = undefined,
    K extends keyof PassDeclaration<In, Env, N, A, SI, Par, Res, RP, O, SQ, IP, OP, NX, END> = never,
  >(
    name: PassName<In, N, A, SI, Par, Res, RP, O, IP, OP, NX, K>,
    options: PassDeclaration<In, Env, N, A, SI, Par, Res, RP, O, SQ, IP, OP, NX, END> & GivenKeys<K>,
  ): PassHandleFor<In, N, A, SI, Par, Res, RP, O, IP, OP, NX, END> {
    return this.declare(name as string, (rc) => renderPass(options as never, rc), {}, [], [], options);
  }

  /**
   * Declares a Choice state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
   */
  choice<
    const N extends string,
    // Captured without defaults: a default would be fixed before the callbacks inside are typed.
    const CR extends readonly ChoiceRuleOptions<StateInput<A, SI, N, In>, StateEnv<Env, SQ>>[],
    const A extends AfterOption | undefined = Prev,
    SI = never,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
    const D extends Target | undefined = undefined,
    O extends LooseTemplate = never,
    const IP = undefined,
    const OP = undefined,
  >(
    name: ChoiceName<N, A, SI>,
    options: ChoiceDeclaration<In, Env, N, A, SI, CR, D, O, SQ, IP, OP>,
  ): ChoiceHandleFor<In, N, A, SI, CR, D, O, IP, OP> {
    return this.declare(name as string, (rc) => renderChoice(options as never, rc), {}, [], [], options);
  }

  /**
   * Declares a Wait state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
   */
  wait<
    const N extends string,
    const A extends AfterOption | undefined = Prev,
    SI = never,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
    O extends LooseTemplate = never,
    const NX extends Target | undefined = undefined,
    const END extends true | undefined = undefined,
    const IP = undefined,
    const OP = undefined,
    K extends keyof WaitDeclaration<In, Env, N, A, SI, O, SQ, IP, OP, NX, END> = never,
  >(
    name: WaitName<In, N, A, SI, O, IP, OP, NX, K>,
    options: WaitDeclaration<In, Env, N, A, SI, O, SQ, IP, OP, NX, END> & GivenKeys<K>,
  ): WaitHandleFor<In, N, A, SI, O, IP, OP, NX, END> {
    return this.declare(name as string, (rc) => renderWait(options as never, rc), {}, [], [], options);
  }

  /**
   * Declares a Succeed state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html
   */
  succeed<
    const N extends string,
    const A extends AfterOption | undefined = Prev,
    SI = never,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
    O extends LooseTemplate = never,
    const IP = undefined,
    const OP = undefined,
  >(
    name: CheckedName<N, FlowCheck<A, N, SI, undefined, unknown>>,
    options: SucceedDeclaration<In, Env, N, A, SI, O, SQ, IP, OP> = {},
  ): SucceedHandleFor<In, N, A, SI, O, IP, OP> {
    return this.declare(name as string, (rc) => renderSucceed(options as never, rc), {}, [], [], options);
  }

  /**
   * Declares a Fail state; `error` and `cause` may be callbacks over its input.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
   */
  fail<
    const N extends string,
    const A extends AfterOption | undefined = Prev,
    SI = never,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
  >(
    name: CheckedName<N, FlowCheck<A, N, SI, undefined, unknown>>,
    options: FailDeclaration<In, Env, N, A, SI, SQ> = {},
  ): StateHandle<never, N, StateInput<A, SI, N, In>, never> {
    return this.declare(name as string, (rc) => renderFail(options as never, rc), {}, [], [], options);
  }

  /**
   * Declares a Parallel state; each entry of `branches` fills one branch graph, whose input is this
   * state's input.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
   */
  parallel<
    const N extends string,
    // Captured without defaults: a default would be fixed before the callbacks inside are typed.
    B extends readonly GraphResult[],
    const C extends readonly CatchOptions<NoInfer<E>, StateInput<A, SI, N, In>, StateEnv<Env, SQ>>[],
    const A extends AfterOption | undefined = Prev,
    SI = never,
    const E extends string = never,
    Sel = never,
    const RP = undefined,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
    Arg extends LooseTemplate = never,
    O extends LooseTemplate = never,
    const NX extends Target | undefined = undefined,
    const END extends true | undefined = undefined,
    const IP = undefined,
    const OP = undefined,
    K extends keyof ParallelDeclaration<
      In,
      Env,
      N,
      A,
      SI,
      E,
      Sel,
      RP,
      SQ,
      Arg,
      O,
      IP,
      OP,
      NX,
      END,
      C,
      B
    > = never,
  >(
    name: ParallelName<In, N, A, SI, Sel, RP, O, OP, NX, B, K>,
    options: ParallelDeclaration<In, Env, N, A, SI, E, Sel, RP, SQ, Arg, O, IP, OP, NX, END, C, B> &
      GivenKeys<K>,
  ): ParallelHandleFor<In, N, A, SI, Sel, RP, O, OP, NX, END, C, B> {
    const results: unknown[] = [];
    const fills = options.branches as readonly ((branch: GraphBuilder<unknown, Env>) => unknown)[];
    const branches = fills.map((fill) => {
      const branch = new GraphBuilder<unknown, Env>();
      results.push(fill(branch));
      return branch;
    });
    return this.declare(
      name as string,
      (rc) => renderParallel(options as never, branches, rc),
      {},
      branches as never,
      results,
      options,
    );
  }

  /**
   * Declares a Map state (inline, or distributed with `mode: 'DISTRIBUTED'`). `processor` declares the
   * states run for each item; their input is the item (or the ItemSelector's output), typed from
   * `itemsPath` / `items` / `itemSchema`. A processor that returns its terminal states' handles types
   * the Map's result.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
   */
  map<
    const N extends string,
    // Captured without defaults: a default would be fixed before the callbacks inside are typed.
    const C extends readonly CatchOptions<NoInfer<E>, StateInput<A, SI, N, In>, StateEnv<Env, SQ>>[],
    const RW extends
      | ResultWriterOptions<Selected<StateInput<A, SI, N, In>, IP>, StateEnv<Env, SQ>>
      | undefined,
    const A extends AfterOption | undefined = Prev,
    SI = never,
    Item = unknown,
    const E extends string = never,
    Sel = never,
    RS = never,
    const RP = undefined,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
    O extends LooseTemplate = never,
    const NX extends Target | undefined = undefined,
    const END extends true | undefined = undefined,
    PR extends GraphResult = void,
    const IP = undefined,
    const OP = undefined,
    K extends keyof MapDeclaration<
      In,
      Env,
      N,
      A,
      SI,
      Item,
      E,
      Sel,
      RS,
      RP,
      SQ,
      O,
      IP,
      OP,
      NX,
      END,
      C,
      PR,
      RW
    > = never,
  >(
    name: MapName<In, N, A, SI, RS, RP, O, OP, NX, PR, RW, K>,
    options: MapDeclaration<In, Env, N, A, SI, Item, E, Sel, RS, RP, SQ, O, IP, OP, NX, END, C, PR, RW> &
      GivenKeys<K>,
  ): MapHandleFor<In, N, A, SI, RS, RP, O, OP, NX, END, C, PR, RW> {
    const processor = new GraphBuilder<unknown, Env>();
    const result = options.processor(processor as never);
    return this.declare(
      name as string,
      (rc) => renderMap(options as never, processor, rc),
      {},
      [processor] as never,
      [result],
      options,
    );
  }

  /** Renders the graph into the model. Used by the machine and by Parallel / Map states. */
  renderGraph(machine: MachineRenderContext, graph: Located): StateGraph {
    if (this.#states.length === 0) {
      throw new AslDslError(
        'EmptyGraph',
        'a state machine, branch or item processor needs at least one state',
        {
          pointer: joinPointer(graph.pointer, 'States'),
        },
      );
    }
    const names = new Map<string, StateContext>();
    const resolver = new TargetResolver(this, names);
    // Each state's context carries its pointer, built only if an error needs it.
    const contexts: StateContext[] = [];
    for (const { handle } of this.#states) {
      const context = new StateContext(handle.name, graph, machine, resolver);
      checkStateName(handle.name, context);
      const earlier = machine.seenNames.get(handle.name);
      if (earlier !== undefined) {
        throw new AslDslError(
          'DuplicateStateName',
          `state name '${handle.name}' is already used at ${earlier.pointer}; names are unique across the whole machine`,
          { stateName: handle.name, pointer: context.pointer },
        );
      }
      machine.seenNames.set(handle.name, context);
      names.set(handle.name, context);
      contexts.push(context);
    }
    linkFollowers(this, this.#states, names);
    const states: Record<string, State> = {};
    for (let index = 0; index < contexts.length; index++) {
      const context = contexts[index] as StateContext;
      states[context.name] = (this.#states[index] as DeclaredState).render(context);
    }
    const first = this.#states[0]!.handle.name;
    const startAt = this.#startAt === undefined ? first : this.#resolveStartAt(names, graph, resolver);
    checkReachable(startAt, names, states);
    checkAfterLinks(this.#states, names);
    return { StartAt: startAt, States: states };
  }

  #resolveStartAt(
    names: ReadonlyMap<string, StateContext>,
    graph: Located,
    resolver: TargetResolver,
  ): string {
    const target = this.#startAt as Target;
    const name = typeof target === 'string' ? target : target.name;
    const at = joinPointer(graph.pointer, 'StartAt');
    if (typeof target === 'string' && !names.has(name)) {
      throw new AslDslError('InvalidStartAt', `StartAt names '${name}', which is not a state of this graph`, {
        stateName: name,
        pointer: at,
      });
    }
    return resolver.resolve(target, name, undefined, { pointer: at }, undefined);
  }
}

/** The handles an `after` option names. */
function afterHandles(after: unknown): readonly unknown[] {
  if (after === undefined) return [];
  return Array.isArray(after) ? after : [after];
}

/**
 * Records, for each state named in a later state's `after`, that follower: a state without `next`
 * or `end` transitions to it. Rejects an `after` naming a state of another graph.
 */
function linkFollowers(
  graph: object,
  declared: readonly DeclaredState[],
  names: ReadonlyMap<string, StateContext>,
): void {
  for (const { handle, flow } of declared) {
    for (const before of afterHandles(flow.after)) {
      const predecessor = before as Partial<StateHandle<unknown>>;
      const context = predecessor.name === undefined ? undefined : names.get(predecessor.name);
      if (predecessor.graph !== graph || context === undefined) {
        throw new AslDslError(
          'ForeignStateReference',
          `after names ${predecessor.name === undefined ? 'something that is not a state handle' : `state '${predecessor.name}'`}, which is not a state of this graph (a branch, item processor or machine); after stays inside its graph`,
          { stateName: handle.name, pointer: (names.get(handle.name) as StateContext).pointer },
        );
      }
      context.followers.push(handle.name);
    }
  }
}

/** Rejects an `after` naming a state that has no transition (Next, Choice rule, Default, Catch) here. */
function checkAfterLinks(declared: readonly DeclaredState[], names: ReadonlyMap<string, StateContext>): void {
  for (const { handle, flow } of declared) {
    for (const before of afterHandles(flow.after)) {
      const predecessor = names.get((before as StateHandle<unknown>).name) as StateContext;
      if (!predecessor.targets.includes(handle.name)) {
        throw new AslDslError(
          'InvalidAfter',
          `after names '${predecessor.name}', but no transition of '${predecessor.name}' (next, a Choice rule, default or catch) leads to '${handle.name}'`,
          { stateName: handle.name, pointer: (names.get(handle.name) as StateContext).pointer },
        );
      }
    }
  }
}

/**
 * Rejects the first state (in `States` order) that no transition from `startAt` leads to. Walks the
 * transitions each state context recorded while rendering, marking contexts rather than filling a set.
 */
function checkReachable(
  startAt: string,
  names: ReadonlyMap<string, StateContext>,
  states: Record<string, State>,
): void {
  const start = names.get(startAt) as StateContext;
  start.reached = true;
  let reached = 1;
  const queue = [start];
  for (let context = queue.pop(); context !== undefined; context = queue.pop()) {
    for (const target of context.targets) {
      const next = names.get(target) as StateContext;
      if (!next.reached) {
        next.reached = true;
        reached++;
        queue.push(next);
      }
    }
  }
  if (reached === names.size) return;
  for (const name of Object.keys(states)) {
    const context = names.get(name) as StateContext;
    if (!context.reached) {
      throw new AslDslError('UnreachableState', `no transition leads to state '${name}' from '${startAt}'`, {
        stateName: name,
        pointer: context.pointer,
      });
    }
  }
}

/** Resolves transition targets within one graph. */
class TargetResolver {
  constructor(
    private readonly graph: object,
    private readonly names: ReadonlyMap<string, StateContext>,
  ) {}

  /**
   * The name `target` designates, recorded as a transition of `from` (for reachability). `at` and
   * `field` locate the target for errors; the pointer is built only then.
   */
  resolve(
    target: Target,
    stateName: string,
    from: StateContext | undefined,
    at: Located,
    field: string | undefined,
  ): string {
    const name = this.#check(target, stateName, at, field);
    from?.targets.push(name);
    return name;
  }

  #check(target: Target, stateName: string, at: Located, field: string | undefined): string {
    if (typeof target !== 'string') {
      if (target.graph !== this.graph) {
        throw new AslDslError(
          'ForeignStateReference',
          `state '${target.name}' belongs to another graph (a branch, item processor or machine); transitions stay inside their graph`,
          { stateName, pointer: fieldPointer(at, field) },
        );
      }
      return target.name;
    }
    if (!this.names.has(target)) {
      throw new AslDslError(
        'DanglingTransition',
        `no state named '${target}' in this graph${suggest(target, [...this.names.keys()])}`,
        {
          stateName,
          pointer: fieldPointer(at, field),
        },
      );
    }
    return target;
  }
}

/** The render context of one state (a class, so rendering 1,000 states creates no closures). */
class StateContext implements StateRenderContext {
  #pointer: string | undefined;
  /** The names this state transitions to, recorded while it renders. */
  readonly targets: string[] = [];
  /** Set by the reachability walk. */
  reached = false;
  /** The states whose `after` names this one. */
  readonly followers: string[] = [];

  constructor(
    readonly name: string,
    private readonly graph: Located,
    readonly machine: MachineRenderContext,
    private readonly resolver: TargetResolver,
  ) {}

  /** `<graph>/States/<name>`, built on first read (usually never: only errors need it). */
  get pointer(): string {
    if (this.#pointer === undefined) this.#pointer = joinPointer(this.graph.pointer, 'States', this.name);
    return this.#pointer;
  }

  resolveTarget(target: Target, field: string, at: Located = this): string {
    return this.resolver.resolve(target, this.name, this, at, field);
  }

  /**
   * The state whose `after` names this one: it becomes the next state when this one gives neither
   * `next` nor `end`. Of several, the one no other transition (a Catch, rendered first) reaches.
   */
  get follower(): string | undefined {
    const candidates =
      this.followers.length > 1
        ? this.followers.filter((name) => !this.targets.includes(name))
        : this.followers;
    if (candidates.length > 1) {
      throw new AslDslError(
        'InvalidAfter',
        `'${candidates.join("' and '")}' both name '${this.name}' in after, which has no next: give it next`,
        { stateName: this.name, pointer: this.pointer },
      );
    }
    return candidates[0];
  }
}

/** The pointer of `field` in the object at `at` (of the object itself without a field). */
function fieldPointer(at: Located, field: string | undefined): string {
  return field === undefined ? at.pointer : joinPointer(at.pointer, field);
}

/** A "did you mean" hint for a misspelt state name. */
function suggest(target: string, names: readonly string[]): string {
  const lower = target.toLowerCase();
  const close = names.find(
    (name) =>
      name.toLowerCase() === lower ||
      name.toLowerCase().startsWith(lower) ||
      lower.startsWith(name.toLowerCase()),
  );
  return close === undefined ? ` (states: ${[...names].join(', ')})` : `; did you mean '${close}'?`;
}
