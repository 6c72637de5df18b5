import type { WaitState } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import type {
  CheckedName,
  CheckedNext,
  FlowCheck,
  NextEdge,
  Selected,
  StateInput,
  Typing,
} from '../flow-types.js';
import { type BuilderEnv, compute, type StateScope } from '../scope.js';
import type { StateHandle, Target } from '../state-handle.js';
import type { LooseTemplate } from '../template.js';
import type { PassThroughOutput } from './choice.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  checkRange,
  commonFields,
  type DynamicNumber,
  type DynamicNumberOption,
  type DynamicString,
  type DynamicStringOption,
  dynamicField,
  envFor,
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
 * Options of a Wait state: exactly one of `seconds` and `timestamp`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
 */
export interface WaitOptions<
  S,
  Env extends BuilderEnv,
  O = LooseTemplate,
  IP = undefined,
  OP = undefined,
  NX = Target,
  END = true,
> extends CommonOptions,
    TransitionOptions<NX, END> {
  /**
   * Seconds to wait: a literal 0–99999999, a reference, or a callback picking it from the (effective)
   * input: `({ input }) => input.waitSeconds` (→ `SecondsPath`, or a JSONata expression).
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
   */
  readonly seconds?: DynamicNumberOption<StateScope<Selected<S, IP>, Env>>;
  /** An RFC 3339 timestamp to wait until: a literal, a reference or a callback (→ `TimestampPath`). @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html */
  readonly timestamp?: DynamicStringOption<StateScope<Selected<S, IP>, Env>>;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathChoice<S, IP>>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathChoice<Selected<S, IP>, OP>>;
  /** JSONata: the state output. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, O | ((scope: StateScope<S, Env>) => O)>;
  /** Variables to assign. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<StateScope<S, Env>, Env>;
}

/** The options `wait()` takes (see `TaskDeclaration`). */
export type WaitDeclaration<
  In,
  Env extends BuilderEnv,
  N extends string,
  A,
  SI,
  O,
  SQ,
  IP,
  OP,
  NX,
  END,
> = WaitOptions<StateInput<A, SI, N, In>, StateEnv<Env, NoInfer<SQ>>, O, IP, OP, NX, END> &
  FlowOptions<A, SI> &
  QueryLanguageOption<SQ>;

/** `wait()`'s name argument, carrying the flow checks (`K`: the option keys given). */
export type WaitName<In, N extends string, A, SI, O, IP, OP, NX, K> = CheckedName<
  N,
  FlowCheck<
    A,
    N,
    SI,
    CheckedNext<NX, Typing<K, 'output', O> | Typing<K, 'outputPath', OP, undefined>>,
    PassThroughOutput<StateInput<A, SI, N, In>, O, IP, OP>
  >
>;

/** The handle `wait()` returns. */
export type WaitHandleFor<In, N extends string, A, SI, O, IP, OP, NX, END> = WaitHandleOf<
  StateInput<A, SI, N, In>,
  PassThroughOutput<StateInput<A, SI, N, In>, O, IP, OP>,
  N,
  NX,
  END
>;

type WaitHandleOf<S, Out, N extends string, NX, END> = StateHandle<Out, N, S, NextEdge<NX, Out, END>>;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Renders a Wait state to the model. */
export function renderWait(options: WaitOptions<unknown, BuilderEnv>, rc: StateRenderContext): WaitState {
  const ql = stateQueryLanguage(options, 'Wait', rc);
  // Callbacks over the input become references first.
  const seconds = compute(options.seconds) as DynamicNumber | undefined;
  const timestamp = compute(options.timestamp) as DynamicString | undefined;
  if ((seconds === undefined) === (timestamp === undefined)) {
    throw new AslDslError(
      seconds === undefined ? 'MissingField' : 'ConflictingFields',
      'a Wait state needs exactly one of seconds and timestamp',
      { stateName: rc.name, pointer: rc.pointer },
    );
  }
  const secondsEnv = envFor(rc, ql, 'Seconds');
  checkRange(seconds, 0, 99_999_999, secondsEnv);
  if (typeof timestamp === 'string' && !RFC3339.test(timestamp)) {
    throw new AslDslError('InvalidFieldValue', `'${timestamp}' is not an RFC 3339 timestamp`, {
      stateName: rc.name,
      pointer: joinPointer(rc.pointer, 'Timestamp'),
    });
  }
  const state: WaitState = {
    Type: 'Wait',
    ...commonFields(options),
    ...dynamicField('Seconds', seconds, secondsEnv),
    ...dynamicField('Timestamp', timestamp, envFor(rc, ql, 'Timestamp')),
  };
  renderInputFields(state, options, rc, ql);
  renderResultFields(state, options, rc, ql, false);
  Object.assign(state, transitionFields(options, rc));
  return state;
}
