import type { JsonValue } from '../model/json.js';
import type { State, StateGraph } from '../model/states.js';
import { AslDslError, joinPointer } from './errors.js';
import type { Located } from './refs/field-env.js';
import { createPathProxy, type PathProxy, type PathRef } from './refs/path-ref.js';
import type { ResolvedOr } from './resolved.js';
import { type BuilderEnv, compute, type StateScope, type VariableRefs } from './scope.js';
import type { StateHandle, Target, TaskHandle } from './state-handle.js';
import { checkStateName } from './state-names.js';
import { type ChoiceOptions, renderChoice } from './states/choice.js';
import { type FailOptions, renderFail } from './states/fail.js';
import { type MapBaseOptions, renderMap } from './states/map.js';
import { type ParallelBaseOptions, renderParallel } from './states/parallel.js';
import { type PassOptions, type PassOutput, renderPass } from './states/pass.js';
import type { MachineRenderContext, RenderableGraph, StateRenderContext } from './states/render-context.js';
import type { AllowedQueryLanguage, StateEnv } from './states/state-fields.js';
import { renderSucceed, type SucceedOptions } from './states/succeed.js';
import type { AfterResultPath } from './states/task.js';
import { renderTask, type TaskOptions, type TaskOutput } from './states/task.js';
import { renderWait, type WaitOptions } from './states/wait.js';
import type { LooseTemplate } from './template.js';

/** A state as declared: its handle and how to render it once the whole graph is known. */
export interface DeclaredState {
  readonly handle: StateHandle<unknown>;
  /** Branch or item-processor graphs the state owns. */
  readonly children: readonly GraphBuilder<unknown, BuilderEnv>[];
  render(rc: StateRenderContext): State;
}

/**
 * A graph of states: the machine itself, a Parallel branch or a Map item processor. States are
 * declared in any order and refer to each other by name or handle; loops need no workaround. Nothing
 * is rendered until `toModel()`, so a state declared after the one that points at it is never lost,
 * and a state reached from two places is rendered once.
 *
 * `In` is the type of the graph's input (machine input, branch input or Map item); `Env` carries the
 * declared variables, the context object type and the substitution keys.
 */
export class GraphBuilder<In, Env extends BuilderEnv> implements RenderableGraph {
  readonly #states: DeclaredState[] = [];
  #startAt: Target | undefined;

  /** Declares a state; used by every state method and by extensions. */
  protected declare<H extends StateHandle<unknown>>(
    name: string,
    render: (rc: StateRenderContext) => State,
    extra: Omit<H, 'name' | 'graph'>,
    children: readonly GraphBuilder<unknown, BuilderEnv>[] = [],
  ): H {
    const handle = { ...extra, name, graph: this } as unknown as H;
    this.#states.push({ handle, render, children });
    return handle;
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
    S = In,
    P = unknown,
    R = unknown,
    const E extends string = never,
    Sel = never,
    const RP = undefined,
    O extends LooseTemplate = never,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
    const N extends string = string,
  >(
    name: N,
    options: TaskOptions<S, P, R, E, Sel, RP, StateEnv<Env, SQ>, O> & QueryLanguageOption<SQ>,
  ): TaskHandle<TaskOutput<S, R, Sel, RP, O>, P, R, N> {
    return this.declare(name, (rc) => renderTask(options as never, rc), {
      inputSchema: options.inputSchema,
      outputSchema: options.outputSchema,
    });
  }

  /**
   * Declares a Pass state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
   */
  pass<
    S = In,
    Par extends LooseTemplate = never,
    const Res extends JsonValue = never,
    const RP = undefined,
    O extends LooseTemplate = never,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
  >(
    name: string,
    options: PassOptions<S, StateEnv<Env, SQ>, Par, Res, RP, O> & QueryLanguageOption<SQ>,
  ): StateHandle<PassOutput<S, Par, Res, RP, O>> {
    return this.declare(name, (rc) => renderPass(options as never, rc), {});
  }

  /**
   * Declares a Choice state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
   */
  choice<S = In, const SQ extends AllowedQueryLanguage<Env> | undefined = undefined>(
    name: string,
    options: ChoiceOptions<S, StateEnv<Env, SQ>> & QueryLanguageOption<SQ>,
  ): StateHandle<S> {
    return this.declare(name, (rc) => renderChoice(options as never, rc), {});
  }

  /**
   * Declares a Wait state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
   */
  wait<S = In, const SQ extends AllowedQueryLanguage<Env> | undefined = undefined>(
    name: string,
    options: WaitOptions<S, StateEnv<Env, SQ>> & QueryLanguageOption<SQ>,
  ): StateHandle<S> {
    return this.declare(name, (rc) => renderWait(options as never, rc), {});
  }

  /**
   * Declares a Succeed state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html
   */
  succeed<S = In, const SQ extends AllowedQueryLanguage<Env> | undefined = undefined>(
    name: string,
    options: SucceedOptions<S, StateEnv<Env, SQ>> & QueryLanguageOption<SQ> = {},
  ): StateHandle<S> {
    return this.declare(name, (rc) => renderSucceed(options as never, rc), {});
  }

  /**
   * Declares a Fail state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
   */
  fail(name: string, options: FailOptions = {}): StateHandle<never> {
    return this.declare(name, (rc) => renderFail(options, rc), {});
  }

  /**
   * Declares a Parallel state; each entry of `branches` fills one branch graph, whose input is this
   * state's input.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
   */
  parallel<
    S = In,
    const E extends string = never,
    Sel = never,
    const RP = undefined,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
    A extends LooseTemplate = never,
  >(
    name: string,
    options: ParallelBaseOptions<S, E, Sel, RP, StateEnv<Env, SQ>, A> &
      QueryLanguageOption<SQ> & {
        /** The branches, each a callback that declares the branch's states (input: `parameters` / `arguments`, else this state's input). */
        readonly branches: readonly ((branch: GraphBuilder<ResolvedOr<A, S>, Env>) => void)[];
      },
  ): StateHandle<AfterResultPath<S, ResolvedOr<Sel, unknown[]>, RP>> {
    const branches = options.branches.map((fill) => {
      const branch = new GraphBuilder<ResolvedOr<A, S>, Env>();
      fill(branch);
      return branch;
    });
    return this.declare(name, (rc) => renderParallel(options as never, branches, rc), {}, branches as never);
  }

  /**
   * Declares a Map state (inline, or distributed with `mode: 'DISTRIBUTED'`). `processor` declares the
   * states run for each item; their input is the item (or the ItemSelector's output), typed from
   * `itemsPath` / `items` / `itemSchema`.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
   */
  map<
    S = In,
    Item = unknown,
    const E extends string = never,
    Sel = never,
    const RP = undefined,
    const SQ extends AllowedQueryLanguage<Env> | undefined = undefined,
  >(
    name: string,
    options: MapBaseOptions<S, Item, E, Sel, RP, StateEnv<Env, SQ>> &
      QueryLanguageOption<SQ> & {
        /** Declares the item processor's states. */
        readonly processor: (items: GraphBuilder<ResolvedOr<Sel, Item>, Env>) => void;
      },
  ): StateHandle<AfterResultPath<S, unknown[], RP>> {
    const processor = new GraphBuilder<ResolvedOr<Sel, Item>, Env>();
    options.processor(processor);
    return this.declare(name, (rc) => renderMap(options as never, processor, rc), {}, [processor] as never);
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
    const states: Record<string, State> = {};
    for (let index = 0; index < contexts.length; index++) {
      const context = contexts[index] as StateContext;
      states[context.name] = (this.#states[index] as DeclaredState).render(context);
    }
    const first = this.#states[0]!.handle.name;
    const startAt = this.#startAt === undefined ? first : this.#resolveStartAt(names, graph, resolver);
    checkReachable(startAt, names, states);
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

/** The `queryLanguage` option, captured as a literal so the state's other options can follow it. */
export interface QueryLanguageOption<SQ> {
  /**
   * This state's query language; defaults to the machine's. Only `'JSONata'` inside a JSONata machine.
   * @default the machine's query language
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
   */
  readonly queryLanguage?: SQ;
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
