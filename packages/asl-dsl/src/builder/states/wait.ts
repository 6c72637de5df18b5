import type { WaitState } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import type { BuilderEnv, Computed, StateScope } from '../scope.js';
import type { LooseTemplate } from '../template.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  checkRange,
  commonFields,
  type DynamicNumber,
  type DynamicString,
  dynamicField,
  envFor,
  type JsonataOnly,
  type JsonPathOnly,
  type PathOption,
  type TransitionOptions,
  transitionFields,
} from './state-fields.js';
import type { AssignOption, StateInputSource } from './task.js';

/**
 * Options of a Wait state: exactly one of `seconds` and `timestamp`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
 */
export interface WaitOptions<S, Env extends BuilderEnv> extends CommonOptions, TransitionOptions {
  /** The type of this state's input. @default the graph's input type */
  readonly stateInput?: StateInputSource<S>;
  /** Seconds to wait (literal 0–99999999, or a reference → `SecondsPath`). @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html */
  readonly seconds?: DynamicNumber;
  /** An RFC 3339 timestamp to wait until (literal, or a reference → `TimestampPath`). @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html */
  readonly timestamp?: DynamicString;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathOption<S>>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathOption<unknown>>;
  /** JSONata: the state output. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, Computed<StateScope<S, Env>, LooseTemplate>>;
  /** Variables to assign. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<StateScope<S, Env>, Env>;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Renders a Wait state to the model. */
export function renderWait(options: WaitOptions<unknown, BuilderEnv>, rc: StateRenderContext): WaitState {
  const ql = stateQueryLanguage(options, 'Wait', rc);
  if ((options.seconds === undefined) === (options.timestamp === undefined)) {
    throw new AslDslError(
      options.seconds === undefined ? 'MissingField' : 'ConflictingFields',
      'a Wait state needs exactly one of seconds and timestamp',
      { stateName: rc.name, pointer: rc.pointer },
    );
  }
  const secondsEnv = envFor(rc, ql, 'Seconds');
  checkRange(options.seconds, 0, 99_999_999, secondsEnv);
  if (typeof options.timestamp === 'string' && !RFC3339.test(options.timestamp)) {
    throw new AslDslError('InvalidFieldValue', `'${options.timestamp}' is not an RFC 3339 timestamp`, {
      stateName: rc.name,
      pointer: joinPointer(rc.pointer, 'Timestamp'),
    });
  }
  const state: WaitState = {
    Type: 'Wait',
    ...commonFields(options),
    ...dynamicField('Seconds', options.seconds, secondsEnv),
    ...dynamicField('Timestamp', options.timestamp, envFor(rc, ql, 'Timestamp')),
  };
  renderInputFields(state, options, rc, ql);
  renderResultFields(state, options, rc, ql, false);
  Object.assign(state, transitionFields(options, rc));
  return state;
}
