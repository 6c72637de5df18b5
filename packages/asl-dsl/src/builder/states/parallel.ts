import type { ParallelState } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import type {
  AfterResultPath,
  CatchEdges,
  CheckedName,
  CheckedNext,
  FlowCheck,
  GraphResult,
  NextEdge,
  ParallelResult,
  Selected,
  StateInput,
  Typing,
} from '../flow-types.js';
import type { GraphBuilder } from '../graph.js';
import { PointerAt } from '../refs/field-env.js';
import type { ResolvedOr } from '../resolved.js';
import { type CatchOptions, type RetryOptions, renderErrorHandling } from '../retry-catch.js';
import type { BuilderEnv, ResultScope, StateScope } from '../scope.js';
import type { StateHandle, Target } from '../state-handle.js';
import type { LooseTemplate } from '../template.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { stateQueryLanguage } from './option-keys.js';
import type { RenderableGraph, StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  commonFields,
  type JsonataOnly,
  type JsonPathOnly,
  type PathChoice,
  type QueryLanguageOption,
  type StateEnv,
  type TransitionOptions,
  transitionFields,
} from './state-fields.js';
import type { AssignOption, FlowOptions } from './task.js';

/**
 * Options of a Parallel state, without its branches (given as graph callbacks to `parallel()`).
 * `Res` is the branches' outputs, in order.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
 */
export interface ParallelBaseOptions<
  S,
  E extends string,
  Sel,
  RP,
  Env extends BuilderEnv,
  Arg = LooseTemplate,
  O = LooseTemplate,
  IP = undefined,
  OP = undefined,
  NX = Target,
  END = true,
  C = readonly CatchOptions<E, S, Env>[],
  Res = unknown[],
> extends CommonOptions,
    TransitionOptions<NX, END> {
  /** Error names the branches can raise, for Retry and Catch (besides the predefined `States.*`). @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html */
  readonly errors?: readonly E[];
  /** JSONPath: the input of every branch. @default the effective input @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-parameters */
  readonly parameters?: JsonPathOnly<Env, Arg | ((scope: StateScope<Selected<S, IP>, Env>) => Arg)>;
  /** JSONata: the input of every branch. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly arguments?: JsonataOnly<Env, Arg | ((scope: StateScope<S, Env>) => Arg)>;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathChoice<S, IP>>;
  /** JSONPath: reshapes the array of branch outputs. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-resultselector */
  readonly resultSelector?: JsonPathOnly<Env, (scope: ResultScope<S, Res, Env>) => Sel>;
  /** JSONPath: where the branch outputs go; `null` keeps the input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html */
  readonly resultPath?: JsonPathOnly<Env, RP>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathChoice<AfterResultPath<S, ResolvedOr<Sel, Res>, RP>, OP>>;
  /** JSONata: the state output. @default the array of branch outputs @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, O | ((scope: ResultScope<S, Res, Env>) => O)>;
  /** Variables to assign when every branch succeeds. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<ResultScope<S, ResolvedOr<Sel, Res>, Env>, Env>;
  /** Retry policies. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error */
  readonly retry?: readonly RetryOptions<NoInfer<E>>[];
  /** Fallbacks. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states */
  readonly catch?: C;
}

/** The output of a state with a result (Parallel, Map): JSONata `output`, else the (selected) result placed by ResultPath, then OutputPath. */
export type ResultOutput<S, Res, Sel, RP, O, OP> = [O] extends [never]
  ? Selected<AfterResultPath<S, ResolvedOr<Sel, Res>, RP>, OP>
  : ResolvedOr<O, never>;

/** The input of each branch: `parameters` / `arguments`, else the (effective) state input. */
export type BranchInput<S, Arg, IP> = ResolvedOr<Arg, Selected<S, IP>>;

/** The options `parallel()` takes (see `TaskDeclaration`). */
export type ParallelDeclaration<
  In,
  Env extends BuilderEnv,
  N extends string,
  A,
  SI,
  E extends string,
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
  B,
> = ParallelBaseOptions<
  StateInput<A, SI, N, In>,
  E,
  Sel,
  RP,
  StateEnv<Env, NoInfer<SQ>>,
  Arg,
  O,
  IP,
  OP,
  NX,
  END,
  C,
  // Callbacks see the branch outputs untyped: the branches that type them are inferred after.
  unknown[]
> &
  FlowOptions<A, SI> &
  QueryLanguageOption<SQ> & {
    /**
     * The branches, each a callback that declares the branch's states (input: `parameters` /
     * `arguments`, else this state's input). A callback that returns its terminal states' handles
     * types that branch's output.
     */
    readonly branches: {
      readonly [I in keyof B]: (
        branch: GraphBuilder<BranchInput<StateInput<A, SI, N, In>, Arg, IP>, Env>,
      ) => B[I];
    };
  };

/** `parallel()`'s name argument, carrying the flow checks (`K`: the option keys given). */
export type ParallelName<In, N extends string, A, SI, Sel, RP, O, OP, NX, B, K> = CheckedName<
  N,
  FlowCheck<
    A,
    N,
    SI,
    CheckedNext<
      NX,
      | TypingBranches<K, B>
      | Typing<K, 'resultSelector', Sel>
      | Typing<K, 'output', O>
      | Typing<K, 'outputPath', OP, undefined>
    >,
    ResultOutput<StateInput<A, SI, N, In>, ParallelResult<B>, Sel, RP, O, OP>
  >
>;

/** `true` while the branch callbacks are not typed yet: some branch's result is still unknown. */
type TypingBranches<K, B> = 'branches' extends K
  ? B extends readonly (infer R)[]
    ? [GraphResult] extends [R]
      ? true
      : false
    : true
  : false;

/** The handle `parallel()` returns. */
export type ParallelHandleFor<In, N extends string, A, SI, Sel, RP, O, OP, NX, END, C, B> = ResultHandleOf<
  StateInput<A, SI, N, In>,
  ResultOutput<StateInput<A, SI, N, In>, ParallelResult<B>, Sel, RP, O, OP>,
  N,
  NX,
  END,
  C
>;

/** The handle of a state with a result and a catch list (Parallel, Map). */
export type ResultHandleOf<S, Out, N extends string, NX, END, C> = StateHandle<
  Out,
  N,
  S,
  NextEdge<NX, Out, END> | CatchEdges<C, S>
>;

/** Renders a Parallel state to the model. */
export function renderParallel(
  options: ParallelBaseOptions<unknown, string, unknown, unknown, BuilderEnv>,
  branches: readonly RenderableGraph[],
  rc: StateRenderContext,
): ParallelState {
  const ql = stateQueryLanguage(options, 'Parallel', rc);
  if (branches.length === 0) {
    throw new AslDslError('MissingField', 'a Parallel state needs at least one branch', {
      stateName: rc.name,
      pointer: joinPointer(rc.pointer, 'Branches'),
    });
  }
  // The branches render first, as a Map's item processor does, then the state's own fields.
  const rendered = branches.map((branch, index) =>
    branch.renderGraph(rc.machine, new PointerAt(rc, 'Branches', index)),
  );
  // Branches is inserted after the input fields: the serializer's canonical key order, so it need not
  // copy the state.
  const state = { Type: 'Parallel', ...commonFields(options) } as ParallelState;
  renderInputFields(state, options, rc, ql);
  state.Branches = rendered;
  renderResultFields(state, options, rc, ql, true);
  renderErrorHandling(state, options, rc, ql);
  Object.assign(state, transitionFields(options, rc));
  return state;
}
