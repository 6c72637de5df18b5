import type { JsonValue } from '../../model/json.js';
import type { PassState } from '../../model/states.js';
import type { ResolvedOr } from '../resolved.js';
import type { BuilderEnv, StateScope } from '../scope.js';
import type { LooseTemplate } from '../template.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  type JsonataOnly,
  type JsonPathOnly,
  type PathOption,
  put,
  type TransitionOptions,
  transitionFields,
} from './state-fields.js';
import type { AfterResultPath, AssignOption, StateInputSource } from './task.js';

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
> extends CommonOptions,
    TransitionOptions {
  /** The type of this state's input. @default the graph's input type */
  readonly stateInput?: StateInputSource<S>;
  /** JSONPath: a fixed result. @default the effective input @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html */
  readonly result?: JsonPathOnly<Env, Res>;
  /** JSONPath: builds the result from the input (references render as `key.$`). @default none @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-parameters */
  readonly parameters?: JsonPathOnly<Env, Par | ((scope: StateScope<S, Env>) => Par)>;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathOption<S>>;
  /** JSONPath: where the result goes; `null` keeps the input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html */
  readonly resultPath?: JsonPathOnly<Env, RP>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathOption<unknown>>;
  /** JSONata: the state output. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, O | ((scope: StateScope<S, Env>) => O)>;
  /** Variables to assign. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<StateScope<S, Env>, Env>;
}

/** The output type of a Pass state: its Parameters, else its Result, else its input, placed by ResultPath. */
export type PassOutput<S, Par, Res, RP, O = never> = [O] extends [never]
  ? AfterResultPath<S, ResolvedOr<Par, ResolvedOr<Res, S>>, RP>
  : ResolvedOr<O, never>;

/** Renders a Pass state to the model. */
export function renderPass(options: PassOptions<unknown, BuilderEnv>, rc: StateRenderContext): PassState {
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
