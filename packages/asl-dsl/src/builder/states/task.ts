import type { ZodType } from 'zod';
import type { TaskState } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import type {
  AfterResultPath,
  CatchEdges,
  CheckedName,
  CheckedNext,
  FlowCheck,
  NextEdge,
  Selected,
  StateInput,
  Typing,
} from '../flow-types.js';
import type { ResolvedOr } from '../resolved.js';
import { checkResource } from '../resources.js';
import { type CatchOptions, type RetryOptions, renderErrorHandling } from '../retry-catch.js';
import { type BuilderEnv, type Computed, compute, type ResultScope, type StateScope } from '../scope.js';
import type { StateHandle, Target, TaskHandle } from '../state-handle.js';
import type { LooseTemplate, Template } from '../template.js';
import { type InputOutputFields, renderInputFields, renderResultFields } from './input-output-fields.js';
import { checkOptionKeys, stateQueryLanguage } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  type CommonOptions,
  checkRange,
  type DynamicNumber,
  type DynamicNumberOption,
  type DynamicString,
  type DynamicStringOption,
  dynamicField,
  envFor,
  type JsonataOnly,
  type JsonPathOnly,
  type PathChoice,
  put,
  type QueryLanguageOption,
  type StateEnv,
  type TransitionOptions,
  transitionFields,
} from './state-fields.js';

/** Where a state's input type comes from: a zod schema, or the handle of a state whose output it is. */
export type StateInputSource<S> = ZodType<S> | StateHandle<S>;

/**
 * How a state's input type is found. `after` names the state(s) it follows: its input is what their
 * transitions to it carry (matched by this state's name), and a state without `next` is linked to
 * it. `stateInput` declares the input instead, and every transition into the state must satisfy it.
 */
export interface FlowOptions<A, SI> {
  /**
   * The earlier state(s) this one follows, by handle: the input type is what they send here
   * (`Next`, Choice rules, `Default`, `Catch`), and one without `next`/`end` gets `next: <this state>`.
   * @default none: the input is `stateInput`, else the graph's input
   */
  readonly after?: A;
  /** The type of this state's input, which every transition into it must satisfy. @default from `after`, else the graph's input type */
  readonly stateInput?: StateInputSource<SI>;
}

/** The Assign option: a partial map of declared variables to templates of their types. */
export type AssignOption<Scope, Env extends BuilderEnv> = Computed<
  Scope,
  { readonly [K in keyof Env['vars']]?: Template<Env['vars'][K]> }
>;

/**
 * Options of a Task state. `S` is the state input, `IP` the `inputPath` option (the payload callbacks
 * see the input it selects), `NX` the `next` target and `C` the `catch` list, kept literal so the
 * handle knows where each transition goes.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 */
export interface TaskOptions<
  S,
  P,
  R,
  E extends string,
  Sel,
  RP,
  Env extends BuilderEnv,
  O = LooseTemplate,
  IP = undefined,
  OP = undefined,
  NX = Target,
  END = true,
  C = readonly CatchOptions<E, S, Env>[],
  PI = P,
> extends CommonOptions,
    TransitionOptions<NX, END> {
  /**
   * The ARN of what the task runs: build it with `resources` (Lambda, optimized and `aws-sdk:*`
   * integrations, activities) or a `${Name}` placeholder of a declared substitution.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html#task-types
   */
  readonly resource: string;
  /**
   * zod schema of the payload the resource receives: `parameters` / `arguments` must build what it
   * accepts (its input side, so fields with defaults may be left out); handlers get what it outputs.
   */
  readonly inputSchema?: ZodType<P, PI>;
  /** zod schema of what the resource returns; types `result` in resultSelector / output / assign. */
  readonly outputSchema?: ZodType<R>;
  /** Error names the resource can raise, for Retry and Catch (besides the predefined `States.*`). @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html */
  readonly errors?: readonly E[];
  /**
   * JSONPath: the payload sent to the resource; references render as `key.$`.
   * @default the effective input
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-parameters
   */
  readonly parameters?: JsonPathOnly<Env, Computed<StateScope<Selected<S, IP>, Env>, Template<PI>>>;
  /**
   * JSONata: the payload sent to the resource.
   * @default the state input
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
   */
  readonly arguments?: JsonataOnly<Env, Computed<StateScope<S, Env>, Template<PI>>>;
  /** JSONPath: selects the effective input. `null` passes `{}`. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html */
  readonly inputPath?: JsonPathOnly<Env, PathChoice<S, IP>>;
  /** JSONPath: reshapes the raw result; `result` is the resource's output. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-resultselector */
  readonly resultSelector?: JsonPathOnly<Env, (scope: ResultScope<S, R, Env>) => Sel>;
  /** JSONPath: where the result goes in the input; `null` keeps the input unchanged. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html */
  readonly resultPath?: JsonPathOnly<Env, RP>;
  /** JSONPath: selects the state output from the input with the result placed. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathChoice<AfterResultPath<S, ResolvedOr<Sel, R>, RP>, OP>>;
  /** JSONata: the state output. @default the result @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, O | ((scope: ResultScope<S, R, Env>) => O)>;
  /** Variables to assign when the task succeeds. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<ResultScope<S, ResolvedOr<Sel, R>, Env>, Env>;
  /** Retry policies, matched in order. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html */
  readonly retry?: readonly RetryOptions<NoInfer<E>>[];
  /** Fallbacks, matched in order after retries are exhausted. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states */
  readonly catch?: C;
  /** Seconds before `States.Timeout` (literal 1–99999999, or a reference → `TimeoutSecondsPath`). @default 99999999 @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html */
  readonly timeoutSeconds?: DynamicNumberOption<StateScope<S, Env>>;
  /** Seconds between heartbeats before `States.HeartbeatTimeout`; must be below timeoutSeconds. @default none @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html */
  readonly heartbeatSeconds?: DynamicNumberOption<StateScope<S, Env>>;
  /**
   * A role for the task to assume (cross-account tasks).
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
   */
  readonly credentials?: { readonly roleArn: DynamicStringOption<StateScope<S, Env>> };
}

/** The output type of a Task state: JSONata `output`, else the (selected) result placed by ResultPath, then OutputPath. */
export type TaskOutput<S, R, Sel, RP, O = never, OP = undefined> = [O] extends [never]
  ? Selected<AfterResultPath<S, ResolvedOr<Sel, R>, RP>, OP>
  : ResolvedOr<O, never>;

/** Renders a Task state to the model. */
export function renderTask(
  options: TaskOptions<unknown, unknown, unknown, string, unknown, unknown, BuilderEnv>,
  rc: StateRenderContext,
): TaskState {
  // Callbacks over the input become references first; the render below sees plain values.
  const timeoutSeconds = compute(options.timeoutSeconds) as DynamicNumber | undefined;
  const heartbeatSeconds = compute(options.heartbeatSeconds) as DynamicNumber | undefined;
  const ql = stateQueryLanguage(options, 'Task', rc);
  // The field env doubles as the error location: its pointer is built only on error.
  checkResource(options.resource, rc.machine.substitutions, envFor(rc, ql, 'Resource'));
  const jsonata = ql === 'JSONata';
  const timeoutEnv = timeoutSeconds === undefined ? undefined : envFor(rc, ql, 'TimeoutSeconds');
  const heartbeatEnv = heartbeatSeconds === undefined ? undefined : envFor(rc, ql, 'HeartbeatSeconds');
  if (timeoutEnv !== undefined) checkRange(timeoutSeconds, 1, 99_999_999, timeoutEnv);
  if (heartbeatEnv !== undefined) checkRange(heartbeatSeconds, 1, 99_999_999, heartbeatEnv);
  if (
    typeof timeoutSeconds === 'number' &&
    typeof heartbeatSeconds === 'number' &&
    heartbeatSeconds >= timeoutSeconds
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
    Object.assign(state, dynamicField('TimeoutSeconds', timeoutSeconds, timeoutEnv));
  if (heartbeatEnv !== undefined) {
    Object.assign(state, dynamicField('HeartbeatSeconds', heartbeatSeconds, heartbeatEnv));
  }
  if (options.credentials !== undefined) {
    checkOptionKeys(options.credentials, 'Credentials', rc, joinPointer(rc.pointer, 'Credentials'));
    state.Credentials = jsonata
      ? (dynamicField(
          'RoleArn',
          compute(options.credentials.roleArn) as DynamicString,
          envFor(rc, ql, 'Credentials'),
        ) as {
          RoleArn: string;
        })
      : credentialsJsonPath(compute(options.credentials.roleArn) as DynamicString, rc);
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

/**
 * The options `task()` takes, from its type parameters: `S` is worked out once from `after` /
 * `stateInput` / the graph input `In` and shared by every callback.
 */
export type TaskDeclaration<
  In,
  Env extends BuilderEnv,
  N extends string,
  A,
  SI,
  P,
  R,
  E extends string,
  Sel,
  RP,
  O,
  SQ,
  IP,
  OP,
  NX,
  END,
  C,
  PI,
> = TaskDeclared<
  StateInput<A, SI, N, In>,
  StateEnv<Env, NoInfer<SQ>>,
  N,
  A,
  SI,
  P,
  R,
  E,
  Sel,
  RP,
  O,
  SQ,
  IP,
  OP,
  NX,
  END,
  C,
  PI
>;

type TaskDeclared<
  S,
  Env extends BuilderEnv,
  _N extends string,
  A,
  SI,
  P,
  R,
  E extends string,
  Sel,
  RP,
  O,
  SQ,
  IP,
  OP,
  NX,
  END,
  C,
  PI,
> = TaskOptions<S, P, R, E, Sel, RP, Env, O, IP, OP, NX, END, C, PI> &
  FlowOptions<A, SI> &
  QueryLanguageOption<SQ>;

/** `task()`'s name argument, carrying the flow checks (see {@link CheckedName}; `K`: the option keys given). */
export type TaskName<In, N extends string, A, SI, R, Sel, RP, O, OP, NX, K> = CheckedName<
  N,
  FlowCheck<
    A,
    N,
    SI,
    CheckedNext<
      NX,
      Typing<K, 'resultSelector', Sel> | Typing<K, 'output', O> | Typing<K, 'outputPath', OP, undefined>
    >,
    TaskOutput<StateInput<A, SI, N, In>, R, Sel, RP, O, OP>
  >
>;

/** The handle `task()` returns: output, payload and result types, name, input and transitions. */
export type TaskHandleFor<In, N extends string, A, SI, P, R, Sel, RP, O, OP, NX, END, C> = TaskHandleOf<
  StateInput<A, SI, N, In>,
  TaskOutput<StateInput<A, SI, N, In>, R, Sel, RP, O, OP>,
  N,
  P,
  R,
  NX,
  END,
  C
>;

type TaskHandleOf<S, Out, N extends string, P, R, NX, END, C> = TaskHandle<
  Out,
  P,
  R,
  N,
  S,
  NextEdge<NX, Out, END> | CatchEdges<C, S>
>;
