import type { Catcher, Retrier } from '../model/error-handling.js';
import { type PredefinedError, PredefinedErrors } from '../model/errors.js';
import type { QueryLanguage } from '../model/query-language.js';
import type { ErrorHandling } from '../model/states.js';
import { AslDslError, joinPointer } from './errors.js';
import { type Located, PointerAt } from './refs/field-env.js';
import type { BuilderEnv, CatchScope, Computed } from './scope.js';
import type { Target } from './state-handle.js';
import { checkOptionKeys } from './states/option-keys.js';
import { atPointer, type StateRenderContext } from './states/render-context.js';
import {
  assignField,
  envFor,
  type JsonataOnly,
  type JsonPathOnly,
  outputField,
  type PathOption,
  resultPathField,
} from './states/state-fields.js';
import type { Template } from './template.js';

/** An error name a Retry or Catch can match: a predefined `States.*` error or a declared task error. */
export type ErrorName<E extends string> = PredefinedError | E;

/**
 * A retry policy.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
 */
export interface RetryOptions<E extends string> {
  /** The errors to retry (`ErrorEquals`); `States.ALL` must be alone and in the last retrier. */
  readonly errors: readonly ErrorName<E>[];
  /** Seconds before the first retry. @default 1 */
  readonly intervalSeconds?: number;
  /** Maximum retries; 0 never retries. @default 3 */
  readonly maxAttempts?: number;
  /** Multiplier of the interval per attempt, ≥ 1.0. @default 2.0 */
  readonly backoffRate?: number;
  /** Upper bound of the interval in seconds. @default no bound */
  readonly maxDelaySeconds?: number;
  /** `FULL` randomises each interval. @default "NONE" */
  readonly jitterStrategy?: 'FULL' | 'NONE';
  /** @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html */
  readonly comment?: string;
}

/**
 * A fallback on error.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states
 */
export interface CatchOptions<E extends string, In, Env extends BuilderEnv> {
  /** The errors to catch (`ErrorEquals`); `States.ALL` must be alone and in the last catcher. */
  readonly errors: readonly ErrorName<E>[];
  /** The state to go to. */
  readonly next: Target;
  /** JSONPath: where the error output goes in the state input; `null` discards it. @default "$" */
  readonly resultPath?: JsonPathOnly<Env, PathOption<unknown>>;
  /** JSONata: the state output on this error. @default the error output */
  readonly output?: JsonataOnly<Env, Computed<CatchScope<In, Env>, Template<unknown>>>;
  /** Variables to assign on this error. */
  readonly assign?: Computed<
    CatchScope<In, Env>,
    { readonly [K in keyof Env['vars']]?: Template<Env['vars'][K]> }
  >;
  /** @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html */
  readonly comment?: string;
}

function checkErrorList(errors: readonly string[], isLast: boolean, at: Located, rc: StateRenderContext) {
  if (errors.length === 0) {
    throw new AslDslError('EmptyErrorEquals', 'ErrorEquals must name at least one error', {
      stateName: rc.name,
      pointer: joinPointer(at.pointer, 'ErrorEquals'),
    });
  }
  if (errors.includes(PredefinedErrors.ALL) && (errors.length > 1 || !isLast)) {
    throw new AslDslError(
      'StatesAllNotLast',
      'States.ALL must be the only error of its retrier/catcher and that retrier/catcher must come last',
      { stateName: rc.name, pointer: joinPointer(at.pointer, 'ErrorEquals') },
    );
  }
}

/** Checks a Retrier's number field (a module function: no closure per retrier). */
function checkRetrierNumber(
  field: string,
  value: number | undefined,
  min: number,
  integer: boolean,
  rc: StateRenderContext,
  at: Located,
): void {
  if (value === undefined) return;
  if (value < min || (integer && !Number.isInteger(value))) {
    throw new AslDslError(
      'InvalidFieldValue',
      `${field} must be ${integer ? 'an integer ' : ''}≥ ${min}, got ${value}`,
      {
        stateName: rc.name,
        pointer: joinPointer(at.pointer, field),
      },
    );
  }
}

/** Renders `Retry`. */
export function renderRetry(
  retry: readonly RetryOptions<string>[] | undefined,
  rc: StateRenderContext,
): { Retry?: Retrier[] } {
  if (retry === undefined) return {};
  return {
    Retry: retry.map((r, index) => {
      // Built only if an error is raised here.
      const pointer = new PointerAt(rc, 'Retry', index);
      checkOptionKeys(r, 'Retry', rc, pointer);
      checkErrorList(r.errors, index === retry.length - 1, pointer, rc);
      checkRetrierNumber('IntervalSeconds', r.intervalSeconds, 1, true, rc, pointer);
      checkRetrierNumber('MaxAttempts', r.maxAttempts, 0, true, rc, pointer);
      checkRetrierNumber('BackoffRate', r.backoffRate, 1, false, rc, pointer);
      checkRetrierNumber('MaxDelaySeconds', r.maxDelaySeconds, 1, true, rc, pointer);
      // Canonical key order (see serialize/definition-shape.ts), so the serializer need not copy it.
      const retrier = (r.comment === undefined ? {} : { Comment: r.comment }) as Retrier;
      retrier.ErrorEquals = [...r.errors];
      if (r.intervalSeconds !== undefined) retrier.IntervalSeconds = r.intervalSeconds;
      if (r.maxAttempts !== undefined) retrier.MaxAttempts = r.maxAttempts;
      if (r.backoffRate !== undefined) retrier.BackoffRate = r.backoffRate;
      if (r.maxDelaySeconds !== undefined) retrier.MaxDelaySeconds = r.maxDelaySeconds;
      if (r.jitterStrategy !== undefined) retrier.JitterStrategy = r.jitterStrategy;
      return retrier;
    }),
  };
}

/** Renders `Catch`. */
export function renderCatch(
  catchers: readonly CatchOptions<string, unknown, BuilderEnv>[] | undefined,
  rc: StateRenderContext,
  queryLanguage: QueryLanguage,
): { Catch?: Catcher[] } {
  if (catchers === undefined) return {};
  return {
    Catch: catchers.map((c, index) => {
      // Built only if an error is raised here.
      const pointer = new PointerAt(rc, 'Catch', index);
      const catchRc = atPointer(rc, pointer);
      checkOptionKeys(c, 'Catch', rc, pointer);
      checkErrorList(c.errors, index === catchers.length - 1, pointer, rc);
      const jsonata = queryLanguage === 'JSONata';
      if (jsonata && c.resultPath !== undefined) {
        throw new AslDslError(
          'JsonPathFieldInJsonata',
          'ResultPath is a JSONPath field; use output in JSONata',
          {
            stateName: rc.name,
            pointer: joinPointer(pointer.pointer, 'ResultPath'),
          },
        );
      }
      if (!jsonata && c.output !== undefined) {
        throw new AslDslError(
          'JsonataFieldInJsonPath',
          'Output is a JSONata field; use resultPath in JSONPath',
          {
            stateName: rc.name,
            pointer: joinPointer(pointer.pointer, 'Output'),
          },
        );
      }
      const resultPathEnv = envFor(catchRc, queryLanguage, 'ResultPath');
      const resultPath = resultPathField(c.resultPath, resultPathEnv);
      // Evaluated in this order (which error is reported first), then inserted in canonical key order
      // (Comment, ErrorEquals, ResultPath, Output, Assign, Next) so the serializer need not copy it.
      const next = catchRc.resolveTarget(c.next, 'Next');
      const output = catchOutput(c, catchRc, queryLanguage).Output;
      const assign = assignField(c.assign, catchRc, queryLanguage, 'catch', false).Assign;
      const catcher = (c.comment === undefined ? {} : { Comment: c.comment }) as Catcher;
      catcher.ErrorEquals = [...c.errors];
      if (resultPath !== undefined) catcher.ResultPath = resultPath;
      if (output !== undefined) catcher.Output = output;
      if (assign !== undefined) catcher.Assign = assign;
      catcher.Next = next;
      return catcher;
    }),
  };
}

function catchOutput(
  c: CatchOptions<string, unknown, BuilderEnv>,
  rc: StateRenderContext,
  queryLanguage: QueryLanguage,
) {
  // The Catch's Output sees the error output rather than a result.
  return outputField(c.output, rc, queryLanguage, false, 'catch');
}

/** Renders `Retry` then `Catch` into a state that handles errors (Task, Parallel, Map). */
export function renderErrorHandling(
  state: ErrorHandling,
  options: {
    readonly retry?: readonly RetryOptions<string>[];
    readonly catch?: readonly CatchOptions<string, unknown, BuilderEnv>[];
  },
  rc: StateRenderContext,
  queryLanguage: QueryLanguage,
): void {
  if (options.retry !== undefined) state.Retry = renderRetry(options.retry, rc).Retry;
  if (options.catch !== undefined) state.Catch = renderCatch(options.catch, rc, queryLanguage).Catch;
}
