import type { JsonValue } from '../../model/json.js';
import type { PassState } from '../../model/states.js';
import type {
  AfterResultPath,
  CheckedName,
  CheckedNext,
  FlowCheck,
  NextEdge,
  Selected,
  StateInput,
  Typing,
} from '../flow-types.js';
import type { ResolvedOr } from '../resolved.js';
import type { BuilderEnv, StateScope } from '../scope.js';
import type { StateHandle, Target } from '../state-handle.js';
import type { LooseTemplate } from '../template.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  type JsonataOnly,
  type JsonPathOnly,
  type PathChoice,
  type PathOption,
  put,
  type QueryLanguageOption,
  type StateEnv,
  type TransitionOptions,
  transitionFields,
} from './state-fields.js';
import type { AssignOption, FlowOptions } from './task.js';

/**
 * Options of a Pass state.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
 */
export interface PassOptions<
  S,
  Env extends BuilderEnv,
  Par = LooseTemplate,
  Res = JsonValue,
  RP = PathOption<S>,
  O = LooseTemplate,
  IP = undefined,
  OP = undefined,
  NX = Target,
  END = true,
> extends CommonOptions,
    TransitionOptions<NX, END> {
  /** JSONPath: a fixed result. @default the effective input @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html */
  readonly result?: JsonPathOnly<Env, Res>;
  /** JSONPath: builds the result from the effective input (references render as `key.$`). @default none @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-parameters */
  readonly parameters?: JsonPathOnly<Env, Par | ((scope: StateScope<Selected<S, IP>, Env>) => Par)>;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathChoice<S, IP>>;
  /** JSONPath: where the result goes; `null` keeps the input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html */
  readonly resultPath?: JsonPathOnly<Env, RP>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<
    Env,
    PathChoice<AfterResultPath<S, ResolvedOr<Par, ResolvedOr<Res, Selected<S, IP>>>, RP>, OP>
  >;
  /** JSONata: the state output. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, O | ((scope: StateScope<S, Env>) => O)>;
  /** Variables to assign. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<StateScope<S, Env>, Env>;
}

/**
 * A fixed `result` as data: its literals widened (`{ count: 0 }` is `{ count: number }`), as
 * TypeScript widens an object literal. A Pass result is typically a starting value that later states
 * replace (a poll counter, a flag): a literal type would make a loop back that sends `count + 1`
 * fail the input the loop's first state declares.
 */
export type WidenedResult<T> = T extends boolean
  ? boolean
  : T extends number
    ? number
    : T extends string
      ? string
      : T extends readonly (infer E)[]
        ? WidenedResult<E>[]
        : T extends object
          ? { -readonly [K in keyof T]: WidenedResult<T[K]> }
          : T;

/**
 * The output type of a Pass state: JSONata `output`, else its Parameters, else its Result (widened),
 * else its effective input, placed by ResultPath and selected by OutputPath.
 */
export type PassOutput<S, Par, Res, RP, O = never, IP = undefined, OP = undefined> = [O] extends [never]
  ? Selected<AfterResultPath<S, ResolvedOr<Par, ResolvedOr<WidenedResult<Res>, Selected<S, IP>>>, RP>, OP>
  : ResolvedOr<O, never>;

/** The options `pass()` takes (see `TaskDeclaration`). */
export type PassDeclaration<
  In,
  Env extends BuilderEnv,
  N extends string,
  A,
  SI,
  Par,
  Res,
  RP,
  O,
  SQ,
  IP,
  OP,
  NX,
  END,
> = PassOptions<StateInput<A, SI, N, In>, StateEnv<Env, NoInfer<SQ>>, Par, Res, RP, O, IP, OP, NX, END> &
  FlowOptions<A, SI> &
  QueryLanguageOption<SQ>;

/** `pass()`'s name argument, carrying the flow checks (`K`: the option keys given). */
export type PassName<In, N extends string, A, SI, Par, Res, RP, O, IP, OP, NX, K> = CheckedName<
  N,
  FlowCheck<
    A,
    N,
    SI,
    CheckedNext<
      NX,
      Typing<K, 'parameters', Par> | Typing<K, 'output', O> | Typing<K, 'outputPath', OP, undefined>
    >,
    PassOutput<StateInput<A, SI, N, In>, Par, Res, RP, O, IP, OP>
  >
>;

/** The handle `pass()` returns. */
export type PassHandleFor<In, N extends string, A, SI, Par, Res, RP, O, IP, OP, NX, END> = PassHandleOf<
  StateInput<A, SI, N, In>,
  PassOutput<StateInput<A, SI, N, In>, Par, Res, RP, O, IP, OP>,
  N,
  NX,
  END
>;

type PassHandleOf<S, Out, N extends string, NX, END> = StateHandle<Out, N, S, NextEdge<NX, Out, END>>;

/** Renders a Pass state to the model. */
export function renderPass(
  // `never` result types: the render needs no output type (and resolving JsonValue would recurse).
  options: PassOptions<unknown, BuilderEnv, never, never, unknown, unknown, unknown, unknown, Target>,
  rc: StateRenderContext,
): PassState {
  const ql = stateQueryLanguage(options, 'Pass', rc);
  const state: PassState = { Type: 'Pass' };
  put(state, 'Comment', options.comment);
  put(state, 'QueryLanguage', options.queryLanguage);
  renderInputFields(state, options, rc, ql);
  put(state, 'Result', options.result);
  // In JSONPath, Assign's `$` is the Pass's result: its Result/Parameters output when it has one (the
  // input is then out of reach), else the input itself.
  const assignHasResult =
    ql === 'JSONPath' && (options.result !== undefined || options.parameters !== undefined);
  renderResultFields(state, options, rc, ql, false, assignHasResult);
  Object.assign(state, transitionFields(options, rc));
  return state;
}
