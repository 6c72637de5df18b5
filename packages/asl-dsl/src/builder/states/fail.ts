import type { FailState } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import type { StateInput } from '../flow-types.js';
import { type BuilderEnv, compute, type StateScope } from '../scope.js';
import { stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  commonFields,
  type DynamicString,
  type DynamicStringOption,
  dynamicField,
  envFor,
  type QueryLanguageOption,
  type StateEnv,
} from './state-fields.js';
import type { FlowOptions } from './task.js';

/**
 * Options of a Fail state (ends the execution with an error).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
 */
export interface FailOptions<S = unknown, Env extends BuilderEnv = BuilderEnv> extends CommonOptions {
  /** The error name: a literal, a reference, or a callback over the input (→ `ErrorPath` in JSONPath, `{% %}` in JSONata). @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html */
  readonly error?: DynamicStringOption<StateScope<S, Env>>;
  /** A human-readable cause: a literal, a reference, or a callback over the input: `({ input }) => input.Cause` (→ `CausePath` / `{% %}`). @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html */
  readonly cause?: DynamicStringOption<StateScope<S, Env>>;
}

/** The options `fail()` takes (see `TaskDeclaration`). */
export type FailDeclaration<In, Env extends BuilderEnv, N extends string, A, SI, SQ> = FailOptions<
  StateInput<A, SI, N, In>,
  StateEnv<Env, NoInfer<SQ>>
> &
  FlowOptions<A, SI> &
  QueryLanguageOption<SQ>;

/** Renders a Fail state to the model. */
export function renderFail(options: FailOptions, rc: StateRenderContext): FailState {
  const ql = stateQueryLanguage(options, 'Fail', rc);
  // Callbacks over the input become references first.
  const values = {
    error: compute(options.error) as DynamicString | undefined,
    cause: compute(options.cause) as DynamicString | undefined,
  };
  for (const field of ['error', 'cause'] as const) {
    const value = values[field];
    if (typeof value === 'string' && value.length === 0) {
      const asl = field === 'error' ? 'Error' : 'Cause';
      throw new AslDslError('InvalidFieldValue', `${asl} must not be empty`, {
        stateName: rc.name,
        pointer: joinPointer(rc.pointer, asl),
      });
    }
  }
  return {
    Type: 'Fail',
    ...commonFields(options),
    ...dynamicField('Error', values.error, envFor(rc, ql, 'Error')),
    ...dynamicField('Cause', values.cause, envFor(rc, ql, 'Cause')),
  };
}
