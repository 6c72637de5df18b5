import type { SucceedState } from '../../model/states.js';
import type { Selected, StateInput } from '../flow-types.js';
import type { BuilderEnv, StateScope } from '../scope.js';
import type { StateHandle } from '../state-handle.js';
import type { LooseTemplate } from '../template.js';
import type { PassThroughOutput } from './choice.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  commonFields,
  type JsonataOnly,
  type JsonPathOnly,
  type PathChoice,
  type QueryLanguageOption,
  type StateEnv,
} from './state-fields.js';
import type { FlowOptions } from './task.js';

/**
 * Options of a Succeed state (ends the execution, branch or iteration successfully).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html
 */
export interface SucceedOptions<S, Env extends BuilderEnv, O = LooseTemplate, IP = undefined, OP = undefined>
  extends CommonOptions {
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathChoice<S, IP>>;
  /** JSONPath: selects the output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathChoice<Selected<S, IP>, OP>>;
  /** JSONata: the execution's (or branch's) output. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, O | ((scope: StateScope<S, Env>) => O)>;
}

/** The options `succeed()` takes (see `TaskDeclaration`). */
export type SucceedDeclaration<
  In,
  Env extends BuilderEnv,
  N extends string,
  A,
  SI,
  O,
  SQ,
  IP,
  OP,
> = SucceedOptions<StateInput<A, SI, N, In>, StateEnv<Env, NoInfer<SQ>>, O, IP, OP> &
  FlowOptions<A, SI> &
  QueryLanguageOption<SQ>;

/** The handle `succeed()` returns: its output is the branch's, iteration's or execution's output. */
export type SucceedHandleFor<In, N extends string, A, SI, O, IP, OP> = StateHandle<
  PassThroughOutput<StateInput<A, SI, N, In>, O, IP, OP>,
  N,
  StateInput<A, SI, N, In>,
  never
>;

/** Renders a Succeed state to the model. */
export function renderSucceed(
  options: SucceedOptions<unknown, BuilderEnv>,
  rc: StateRenderContext,
): SucceedState {
  const ql = stateQueryLanguage(options, 'Succeed', rc);
  const state: SucceedState = { Type: 'Succeed', ...commonFields(options) };
  renderInputFields(state, options, rc, ql);
  renderResultFields(state, options, rc, ql, false);
  return state;
}
