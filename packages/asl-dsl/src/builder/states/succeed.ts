import type { SucceedState } from '../../model/states.js';
import type { BuilderEnv, Computed, StateScope } from '../scope.js';
import type { LooseTemplate } from '../template.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  commonFields,
  type JsonataOnly,
  type JsonPathOnly,
  type PathOption,
} from './state-fields.js';
import type { StateInputSource } from './task.js';

/**
 * Options of a Succeed state (ends the execution, branch or iteration successfully).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html
 */
export interface SucceedOptions<S, Env extends BuilderEnv> extends CommonOptions {
  /** The type of this state's input. @default the graph's input type */
  readonly stateInput?: StateInputSource<S>;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathOption<S>>;
  /** JSONPath: selects the output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathOption<unknown>>;
  /** JSONata: the execution's (or branch's) output. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, Computed<StateScope<S, Env>, LooseTemplate>>;
}

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
