import type { ZodType } from 'zod';
import type { TaskState } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import type { ResolvedOr } from '../resolved.js';
import { checkResource } from '../resources.js';
import { type CatchOptions, type RetryOptions, renderErrorHandling } from '../retry-catch.js';
import type { BuilderEnv, Computed, ResultScope, StateScope } from '../scope.js';
import type { StateHandle } from '../state-handle.js';
import type { LooseTemplate, Template } from '../template.js';
import { type InputOutputFields, renderInputFields, renderResultFields } from './input-output-fields.js';
import { checkOptionKeys, stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  checkRange,
  type DynamicNumber,
  type DynamicString,
  dynamicField,
  envFor,
  type JsonataOnly,
  type JsonPathOnly,
  type PathOption,
  put,
  type TransitionOptions,
  transitionFields,
} from './state-fields.js';

/** Where a state's input type comes from: a zod schema, or the handle of the state before it. */
export type StateInputSource<S> = ZodType<S> | StateHandle<S>;

/** The Assign option: a partial map of declared variables to templates of their types. */
export type AssignOption<Scope, Env extends BuilderEnv> = Computed<
  Scope,
  { readonly [K in keyof Env['vars']]?: Template<Env['vars'][K]> }
>;

/** The output type of a JSONPath state after `ResultPath`. */
export type AfterResultPath<In, Result, RP> = RP extends undefined | '$'
  ? Result
  : RP extends null
    ? In
    : RP extends `$.${infer Field}`
      ? Field extends `${string}.${string}` | `${string}[${string}`
        ? unknown
        : Omit<In, Field> & { [K in Field]: Result }
      : unknown;

/**
 * Options of a Task state.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 */
export interface TaskOptions<S, P, R, E extends string, Sel, RP, Env extends BuilderEnv, O = LooseTemplate>
  extends CommonOptions,
    TransitionOptions {
  /**
   * The ARN of what the task runs: build it with `resources` (Lambda, optimized and `aws-sdk:*`
   * integrations, activities) or a `${Name}` placeholder of a declared substitution.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html#task-types
   */
  readonly resource: string;
  /** The type of this state's input. @default the graph's input type */
  readonly stateInput?: StateInputSource<S>;
  /** zod schema of the payload the resource receives; types `parameters` / `arguments` and is reusable by handlers. */
  readonly inputSchema?: ZodType<P>;
  /** zod schema of what the resource returns; types `result` in resultSelector / output / assign. */
  readonly outputSchema?: ZodType<R>;
  /** Error names the resource can raise, for Retry and Catch (besides the predefined `States.*`). @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html */
  readonly errors?: readonly E[];
  /**
   * JSONPath: the payload sent to the resource; references render as `key.$`.
   * @default the effective input
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-parameters
   */
  readonly parameters?: JsonPathOnly<Env, Computed<StateScope<S, Env>, Template<P>>>;
  /**
   * JSONata: the payload sent to the resource.
   * @default the state input
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
   */
  readonly arguments?: JsonataOnly<Env, Computed<StateScope<S, Env>, Template<P>>>;
  /** JSONPath: selects the effective input. `null` passes `{}`. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html */
  readonly inputPath?: JsonPathOnly<Env, PathOption<S>>;
  /** JSONPath: reshapes the raw result; `result` is the resource's output. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-resultselector */
  readonly resultSelector?: JsonPathOnly<Env, (scope: ResultScope<S, R, Env>) => Sel>;
  /** JSONPath: where the result goes in the input; `null` keeps the input unchanged. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html */
  readonly resultPath?: JsonPathOnly<Env, RP>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathOption<unknown>>;
  /** JSONata: the state output. @default the result @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, O | ((scope: ResultScope<S, R, Env>) => O)>;
  /** Variables to assign when the task succeeds. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<ResultScope<S, ResolvedOr<Sel, R>, Env>, Env>;
  /** Retry policies, matched in order. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html */
  readonly retry?: readonly RetryOptions<NoInfer<E>>[];
  /** Fallbacks, matched in order after retries are exhausted. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states */
  readonly catch?: readonly CatchOptions<NoInfer<E>, S, Env>[];
  /** Seconds before `States.Timeout` (literal 1–99999999, or a reference → `TimeoutSecondsPath`). @default 99999999 @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html */
  readonly timeoutSeconds?: DynamicNumber;
  /** Seconds between heartbeats before `States.HeartbeatTimeout`; must be below timeoutSeconds. @default none @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html */
  readonly heartbeatSeconds?: DynamicNumber;
  /**
   * A role for the task to assume (cross-account tasks).
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
   */
  readonly credentials?: { readonly roleArn: DynamicString };
}

/** The output type of a Task state. */
export type TaskOutput<S, R, Sel, RP, O = never> = [O] extends [never]
  ? AfterResultPath<S, ResolvedOr<Sel, R>, RP>
  : ResolvedOr<O, never>;

/** Renders a Task state to the model. */
export function renderTask(
  options: TaskOptions<unknown, unknown, unknown, string, unknown, unknown, BuilderEnv>,
  rc: StateRenderContext,
): TaskState {
  const ql = stateQueryLanguage(options, 'Task', rc);
  // The field env doubles as the error location: its pointer is built only on error.
  checkResource(options.resource, rc.machine.substitutions, envFor(rc, ql, 'Resource'));
  const jsonata = ql === 'JSONata';
  const timeoutEnv = options.timeoutSeconds === undefined ? undefined : envFor(rc, ql, 'TimeoutSeconds');
  const heartbeatEnv =
    options.heartbeatSeconds === undefined ? undefined : envFor(rc, ql, 'HeartbeatSeconds');
  if (timeoutEnv !== undefined) checkRange(options.timeoutSeconds, 1, 99_999_999, timeoutEnv);
  if (heartbeatEnv !== undefined) checkRange(options.heartbeatSeconds, 1, 99_999_999, heartbeatEnv);
  if (
    typeof options.timeoutSeconds === 'number' &&
    typeof options.heartbeatSeconds === 'number' &&
    options.heartbeatSeconds >= options.timeoutSeconds
  ) {
    throw new AslDslError('InvalidFieldValue', 'HeartbeatSeconds must be smaller than TimeoutSeconds', {
      stateName: rc.name,
      pointer: joinPointer(rc.pointer, 'HeartbeatSeconds'),
    });
  }
  // Fields go in in canonical key order (see serialize/definition-shape.ts) so the serializer need
  // not copy the state. The result fields are rendered before the limits (which error is reported
  // first) but inserted after them.
  const state = { Type: 'Task' } as TaskState;
  put(state, 'Comment', options.comment);
  put(state, 'QueryLanguage', options.queryLanguage);
  state.Resource = options.resource;
  renderInputFields(state, options, rc, ql);
  const limited = timeoutEnv !== undefined || heartbeatEnv !== undefined || options.credentials !== undefined;
  const results: InputOutputFields = limited ? {} : state;
  renderResultFields(results, options, rc, ql, true);
  if (timeoutEnv !== undefined)
    Object.assign(state, dynamicField('TimeoutSeconds', options.timeoutSeconds, timeoutEnv));
  if (heartbeatEnv !== undefined) {
    Object.assign(state, dynamicField('HeartbeatSeconds', options.heartbeatSeconds, heartbeatEnv));
  }
  if (options.credentials !== undefined) {
    checkOptionKeys(options.credentials, 'Credentials', rc, joinPointer(rc.pointer, 'Credentials'));
    state.Credentials = jsonata
      ? (dynamicField('RoleArn', options.credentials.roleArn, envFor(rc, ql, 'Credentials')) as {
          RoleArn: string;
        })
      : credentialsJsonPath(options.credentials.roleArn, rc);
  }
  if (results !== state) Object.assign(state, results);
  renderErrorHandling(state, options, rc, ql);
  Object.assign(state, transitionFields(options, rc));
  return state;
}

function credentialsJsonPath(roleArn: DynamicString, rc: StateRenderContext) {
  const rendered = dynamicField('RoleArn', roleArn, envFor(rc, 'JSONPath', 'Credentials'));
  // The `…Path` form of RoleArn is spelled `RoleArn.$` inside Credentials.
  return 'RoleArnPath' in rendered ? { 'RoleArn.$': rendered.RoleArnPath as string } : rendered;
}
