import type { FailState } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import { stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  commonFields,
  type DynamicString,
  dynamicField,
  envFor,
} from './state-fields.js';

/**
 * Options of a Fail state (ends the execution with an error).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
 */
export interface FailOptions extends CommonOptions {
  /** The error name: a literal, or a reference (→ `ErrorPath` in JSONPath, `{% %}` in JSONata). @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html */
  readonly error?: DynamicString;
  /** A human-readable cause: a literal, or a reference (→ `CausePath` / `{% %}`). @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html */
  readonly cause?: DynamicString;
}

/** Renders a Fail state to the model. */
export function renderFail(options: FailOptions, rc: StateRenderContext): FailState {
  const ql = stateQueryLanguage(options, 'Fail', rc);
  for (const field of ['error', 'cause'] as const) {
    const value = options[field];
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
    ...dynamicField('Error', options.error, envFor(rc, ql, 'Error')),
    ...dynamicField('Cause', options.cause, envFor(rc, ql, 'Cause')),
  };
}
