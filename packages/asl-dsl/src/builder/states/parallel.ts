import type { ParallelState } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import { PointerAt } from '../refs/field-env.js';
import { type CatchOptions, type RetryOptions, renderErrorHandling } from '../retry-catch.js';
import type { BuilderEnv, Computed, ResultScope, StateScope } from '../scope.js';
import type { LooseTemplate } from '../template.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { stateQueryLanguage } from './option-keys.js';
import type { RenderableGraph, StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  commonFields,
  type JsonataOnly,
  type JsonPathOnly,
  type PathOption,
  type TransitionOptions,
  transitionFields,
} from './state-fields.js';
import type { AssignOption, StateInputSource } from './task.js';

/**
 * Options of a Parallel state, without its branches (given as graph callbacks to `parallel()`).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
 */
export interface ParallelBaseOptions<S, E extends string, Sel, RP, Env extends BuilderEnv, A = LooseTemplate>
  extends CommonOptions,
    TransitionOptions {
  /** The type of this state's input. @default the graph's input type */
  readonly stateInput?: StateInputSource<S>;
  /** Error names the branches can raise, for Retry and Catch (besides the predefined `States.*`). @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html */
  readonly errors?: readonly E[];
  /** JSONPath: the input of every branch. @default the effective input @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-parameters */
  readonly parameters?: JsonPathOnly<Env, A | ((scope: StateScope<S, Env>) => A)>;
  /** JSONata: the input of every branch. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly arguments?: JsonataOnly<Env, A | ((scope: StateScope<S, Env>) => A)>;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathOption<S>>;
  /** JSONPath: reshapes the array of branch outputs. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-resultselector */
  readonly resultSelector?: JsonPathOnly<Env, (scope: ResultScope<S, unknown[], Env>) => Sel>;
  /** JSONPath: where the branch outputs go; `null` keeps the input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html */
  readonly resultPath?: JsonPathOnly<Env, RP>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathOption<unknown>>;
  /** JSONata: the state output. @default the array of branch outputs @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, Computed<ResultScope<S, unknown[], Env>, LooseTemplate>>;
  /** Variables to assign when every branch succeeds. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<ResultScope<S, unknown[], Env>, Env>;
  /** Retry policies. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error */
  readonly retry?: readonly RetryOptions<NoInfer<E>>[];
  /** Fallbacks. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states */
  readonly catch?: readonly CatchOptions<NoInfer<E>, S, Env>[];
}

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
