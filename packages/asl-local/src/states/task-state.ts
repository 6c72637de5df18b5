import type { JsonObject, JsonValue, QueryLanguage, TaskState } from '@stackset-lite/asl-dsl/model';
import { engineError, StatesError, taskError, toStatesError } from '../errors/states-error.js';
import { BranchCancelled, retryCounts } from '../execution/execution.js';
import type { Frame } from '../execution/frame.js';
import { HandlerCallContext } from '../handlers/handler-call-context.js';
import { type MatchedHandler, type ResolvedResource, resolveResource } from '../handlers/handler-registry.js';
import { ExecutionTerminated, eventTypeCode } from '../history/execution-history.js';
import type { HistoryEventType } from '../history/history-event.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-evaluator.js';
import type { LambdaAccount } from '../lambda/lambda-account.js';
import { NOT_FOUND, parsePath } from '../paths/json-path.js';
import { resolvePath } from '../paths/path-environment.js';
import { invalidPathCause } from '../paths/path-errors.js';
import { plainJsonCopy } from '../paths/plain-json-copy.js';
import { jsonataFinish, jsonPathEffectiveInput, jsonPathFinish } from './state-io.js';
import { nextStateName, type StateOutcome } from './state-outcome.js';

/** Type codes of the Lambda events every legacy Lambda task writes. */
const LAMBDA_STARTED = eventTypeCode('LambdaFunctionStarted');
const LAMBDA_SUCCEEDED = eventTypeCode('LambdaFunctionSucceeded');

const EVENTS = {
  lambda: {
    scheduled: 'LambdaFunctionScheduled',
    started: 'LambdaFunctionStarted',
    succeeded: 'LambdaFunctionSucceeded',
    failed: 'LambdaFunctionFailed',
    timedOut: 'LambdaFunctionTimedOut',
  },
  activity: {
    scheduled: 'ActivityScheduled',
    started: 'ActivityStarted',
    succeeded: 'ActivitySucceeded',
    failed: 'ActivityFailed',
    timedOut: 'ActivityTimedOut',
  },
  task: {
    scheduled: 'TaskScheduled',
    started: 'TaskStarted',
    succeeded: 'TaskSucceeded',
    failed: 'TaskFailed',
    timedOut: 'TaskTimedOut',
  },
} as const satisfies Record<string, Record<string, HistoryEventType>>;

/**
 * Task: invokes the matched handler with Retry, TimeoutSeconds, HeartbeatSeconds and task tokens.
 * Not an async function: a JSONPath task whose attempt succeeds costs one promise step after its
 * handler (a 10,000-item Map runs one per item); retries and JSONata take the async path.
 */
export function runTaskState(
  frame: Frame,
  name: string,
  s: TaskState,
  input: JsonValue,
  ql: QueryLanguage,
): StateOutcome | Promise<StateOutcome> {
  const exec = frame.exec;
  const res = resolveResource(s.Resource);
  // The token exists before Parameters/Arguments run, so `$$.Task.Token` can be passed on.
  frame.taskToken =
    res.waitForTaskToken || res.family === 'activity' ? exec.services.tokens.newToken() : undefined;
  if (ql === 'JSONata') return runJsonataTask(frame, name, s, input, res);
  const params = jsonPathEffectiveInput(frame, name, s, input);
  const timeout = s.TimeoutSecondsPath
    ? secondsFromPath(frame, input, s.TimeoutSecondsPath, name, 'TimeoutSecondsPath')
    : s.TimeoutSeconds === undefined
      ? undefined
      : seconds(s.TimeoutSeconds, name, 'TimeoutSeconds');
  const heartbeat = s.HeartbeatSecondsPath
    ? secondsFromPath(frame, input, s.HeartbeatSecondsPath, name, 'HeartbeatSecondsPath')
    : s.HeartbeatSeconds === undefined
      ? undefined
      : seconds(s.HeartbeatSeconds, name, 'HeartbeatSeconds');
  const t = new TaskRun(frame, name, s, input, 'JSONPath', res, params, timeout, heartbeat);
  const r = invoke(t, params, true);
  return r instanceof Promise ? (r as Promise<StateOutcome>) : t.afterAttempt(r);
}

async function runJsonataTask(
  frame: Frame,
  name: string,
  s: TaskState,
  input: JsonValue,
  res: ResolvedResource,
): Promise<StateOutcome> {
  const env = frame.exec.jsonataEnv(frame, name, { input });
  const params =
    s.Arguments === undefined ? input : await evaluateJsonataTemplate(s.Arguments, env, 'Arguments');
  const timeout =
    s.TimeoutSeconds === undefined
      ? undefined
      : seconds(
          await evaluateJsonataTemplate(s.TimeoutSeconds, env, 'TimeoutSeconds'),
          name,
          'TimeoutSeconds',
        );
  const heartbeat =
    s.HeartbeatSeconds === undefined
      ? undefined
      : seconds(
          await evaluateJsonataTemplate(s.HeartbeatSeconds, env, 'HeartbeatSeconds'),
          name,
          'HeartbeatSeconds',
        );
  const t = new TaskRun(frame, name, s, input, 'JSONata', res, params, timeout, heartbeat);
  return t.afterAttempt((await invoke(t, params, false)) as Attempt);
}

/** One run of a Task state: what its attempts share, and what follows each attempt. */
class TaskRun {
  /** The task token of the run (created before Parameters/Arguments were evaluated). */
  readonly token: string | undefined;
  private counts: number[] | undefined;

  constructor(
    readonly frame: Frame,
    readonly name: string,
    readonly s: TaskState,
    readonly input: JsonValue,
    readonly ql: QueryLanguage,
    readonly res: ResolvedResource,
    readonly params: JsonValue,
    readonly timeout: number | undefined,
    readonly heartbeat: number | undefined,
  ) {
    this.token = frame.taskToken;
    frame.taskToken = undefined;
  }

  /**
   * An asynchronous call's result or failure, in the promise step after the handler: the attempt
   * recorded, then (`chained`: the fast path of a first JSONPath attempt) the state's outcome. A
   * method of the run, not a closure per call.
   */
  settled(out: Attempt, chained: boolean): Attempt | StateOutcome | Promise<StateOutcome> {
    const a = attemptDone(this.frame, this.name, this.res, out);
    return chained ? this.afterAttempt(a) : a;
  }

  /** The state's outcome after an attempt: its result shaped, or the retries that follow a failure. */
  afterAttempt(r: Attempt): StateOutcome | Promise<StateOutcome> {
    if (r instanceof AttemptFailure) return this.retry(r);
    return this.finish(r);
  }

  /** The result through ResultSelector/ResultPath/OutputPath (JSONPath) or Output (JSONata), and Assign. */
  finish(result: JsonValue): StateOutcome | Promise<StateOutcome> {
    const next = nextStateName(this.s);
    if (this.ql === 'JSONata') {
      return jsonataFinish(this.frame, this.name, this.s, this.input, result).then(({ output, assign }) => ({
        output,
        next,
        assign,
      }));
    }
    return jsonPathFinish(this.frame, this.name, this.s, this.input, result, next);
  }

  /**
   * Retries after a failed attempt while a retrier takes its error; the error goes on to Catch
   * otherwise (thrown synchronously when no retrier takes the first failure).
   */
  private retry(failure: AttemptFailure): StateOutcome | Promise<StateOutcome> {
    const exec = this.frame.exec;
    this.counts ??= retryCounts(this.s.Retry);
    return this.retryAfter(exec.retryDelay(this.frame, this.s.Retry, this.counts, failure.error));
  }

  private async retryAfter(delayMs: number): Promise<StateOutcome> {
    const { frame, name, s, input, ql, token } = this;
    const exec = frame.exec;
    // Each retry evaluates Parameters/Arguments again: `$$.State.RetryCount` is the attempt's
    // (AWS-recorded: LocalStack scenarios/test_base_scenarios.snapshot.json,
    // test_lambda_invoke_with_retry_extended_input shows 0, 1, 2, 3 in the payloads).
    const template = ql === 'JSONata' ? s.Arguments !== undefined : s.Parameters !== undefined;
    let delay = delayMs;
    for (;;) {
      await exec.clock.sleep(delay);
      if (frame.cancel?.cancelled) throw new BranchCancelled();
      const params = template ? await retryParams(frame, name, s, input, ql, token) : this.params;
      const r = (await invoke(this, params, false)) as Attempt;
      if (!(r instanceof AttemptFailure)) return this.finish(r);
      delay = exec.retryDelay(frame, s.Retry, this.counts as number[], r.error);
    }
  }
}

/** Parameters/Arguments evaluated again for a retry, with the task token in `$$`. */
async function retryParams(
  frame: Frame,
  name: string,
  s: TaskState,
  input: JsonValue,
  ql: QueryLanguage,
  token: string | undefined,
): Promise<JsonValue> {
  frame.taskToken = token;
  try {
    return ql === 'JSONata'
      ? await evaluateJsonataTemplate(
          s.Arguments as JsonValue,
          frame.exec.jsonataEnv(frame, name, { input }),
          'Arguments',
        )
      : jsonPathEffectiveInput(frame, name, s, input);
  } finally {
    frame.taskToken = undefined;
  }
}

function secondsFromPath(frame: Frame, input: JsonValue, path: string, name: string, field: string): number {
  const parsed = parsePath(path);
  const v = resolvePath(parsed, frame.exec.pathEnv(frame, input));
  if (v === NOT_FOUND) throw new StatesError('States.Runtime', invalidPathCause(parsed, input));
  return seconds(v, name, field);
}

function seconds(v: JsonValue, name: string, field: string): number {
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new StatesError(
      'States.Runtime',
      `The ${field} of state '${name}' must be a positive integer, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/**
 * One attempt of `run` with `params`: Scheduled → Started → (Submitted) → Succeeded | Failed |
 * TimedOut. Not an async function: a synchronous result stays synchronous and an asynchronous one
 * costs one step, in which {@link TaskRun.settled} also gives the state's outcome when `chained`.
 */
function invoke(
  run: TaskRun,
  params: JsonValue,
  chained: boolean,
): Attempt | Promise<Attempt> | Promise<StateOutcome> {
  const { frame, name, res, timeout, heartbeat } = run;
  const resource = run.s.Resource;
  const exec = frame.exec;
  const ev = EVENTS[res.family];
  const paramsJson = exec.jsonFor(frame, params, 'parameters', name);
  const history = exec.history;
  if (res.family === 'lambda') {
    frame.prev = history.appendLambdaScheduled(frame.prev, resource, paramsJson, timeout);
    frame.prev = history.appendCode(LAMBDA_STARTED, frame.prev);
  } else if (res.family === 'activity') {
    frame.prev = history.append(ev.scheduled, frame.prev, {
      resource,
      input: paramsJson,
      timeoutInSeconds: timeout,
      heartbeatInSeconds: heartbeat,
    });
    frame.prev = history.append(ev.started, frame.prev, { workerName: 'asl-local' });
  } else {
    frame.prev = history.append(ev.scheduled, frame.prev, {
      resourceType: res.resourceType,
      resource: res.resource,
      region: exec.services.region,
      parameters: paramsJson,
      timeoutInSeconds: timeout,
      heartbeatInSeconds: heartbeat,
    });
    frame.prev = history.append(ev.started, frame.prev, {
      resourceType: res.resourceType,
      resource: res.resource,
    });
  }
  let r: Attempt | Promise<Attempt> | Promise<StateOutcome>;
  try {
    r = callWithLimits(run, params, chained);
  } catch (e) {
    return attemptFailed(frame, res, e);
  }
  if (r instanceof Promise) return r;
  return attemptDone(frame, name, res, r);
}

/** An attempt's result or failure. */
type Attempt = JsonValue | AttemptFailure;

function attemptDone(
  frame: Frame,
  name: string,
  res: ResolvedResource,
  out: JsonValue | AttemptFailure,
): JsonValue | AttemptFailure {
  return out instanceof AttemptFailure
    ? attemptFailed(frame, res, out.error)
    : attemptSucceeded(frame, name, res, out);
}

/** The task's result: checked against the payload quota, recorded, and (for Lambda) parsed. */
function attemptSucceeded(
  frame: Frame,
  name: string,
  res: ResolvedResource,
  result: JsonValue,
): JsonValue | AttemptFailure {
  let output = result;
  let outJson: string;
  // Lambda answers with bytes that Step Functions parses as JSON: the result is plain JSON data
  // (undefined members dropped, Dates as strings), never the handler's own objects. Plain data is
  // copied directly (the same value as the round trip); anything else is serialized and parsed.
  let copied = false;
  try {
    if (res.lambda) {
      let c: JsonValue | undefined;
      try {
        c = plainJsonCopy(result);
      } catch (e) {
        // A getter that throws: as JSON.stringify would have met it.
        throw notJson(name, e);
      }
      if (c !== undefined) {
        output = c;
        copied = true;
      }
    }
    outJson = taskResultJson(frame, name, output, res);
  } catch (e) {
    return attemptFailed(frame, res, e);
  }
  if (res.lambda && !copied) output = JSON.parse(outJson) as JsonValue;
  frame.lastValue = output;
  frame.lastJson = outJson;
  const ev = EVENTS[res.family];
  frame.prev =
    res.family === 'task'
      ? frame.exec.history.append(ev.succeeded, frame.prev, {
          resourceType: res.resourceType,
          resource: res.resource,
          output: outJson,
        })
      : res.family === 'lambda'
        ? frame.exec.history.appendOutputCode(LAMBDA_SUCCEEDED, frame.prev, outJson)
        : frame.exec.history.appendOutput(ev.succeeded, frame.prev, outJson);
  return output;
}

/** Records a failed attempt (TaskFailed / TaskTimedOut and their Lambda/Activity forms). */
function attemptFailed(frame: Frame, res: ResolvedResource, e: unknown): AttemptFailure {
  if (e instanceof ExecutionTerminated) return new AttemptFailure(e);
  const se = engineError(e);
  const timedOut = se.error === 'States.Timeout' || se.error === 'States.HeartbeatTimeout';
  // States.Runtime is the engine's own failure, not the task's: no TaskFailed event for it.
  if (timedOut || se.raisedByWorkflow || se.error !== 'States.Runtime') {
    const ev = EVENTS[res.family];
    frame.prev = frame.exec.history.append(
      timedOut ? ev.timedOut : ev.failed,
      frame.prev,
      res.family === 'task'
        ? { resourceType: res.resourceType, resource: res.resource, error: se.error, cause: se.cause }
        : { error: se.error, cause: se.cause },
    );
  }
  return new AttemptFailure(se);
}

function callWithLimits(
  run: TaskRun,
  params: JsonValue,
  chained: boolean,
): Attempt | Promise<Attempt> | Promise<StateOutcome> {
  const { frame, name, res, timeout, heartbeat, token } = run;
  const resource = run.s.Resource;
  const exec = frame.exec;
  const { clock, handlers, tokens, lambda } = exec.services;
  const matched = handlers.match(name, resource, params);
  const payload = matched.lambdaInvokeEnvelope && isObject(params) ? (params.Payload ?? {}) : params;
  const isLambda = res.lambda;
  // The function's own timeout applies to Lambda invocations only (it is a Lambda setting).
  const fnTimeout = isLambda ? matched.settings.timeoutSeconds : undefined;
  const ctx = new HandlerCallContext(name, resource, frame.retryCount, token, frame, frame.enteredAt);
  const envelope = matched.lambdaInvokeEnvelope;
  if (timeout === undefined && heartbeat === undefined && !token && fnTimeout === undefined) {
    return callPlain(matched, payload, ctx, isLambda ? lambda : undefined, run, chained);
  }
  // A Lambda function's error reaches Step Functions as its error payload (see lambdaFunctionError).
  const callError = isLambda ? lambdaFunctionError : taskError;
  if (isLambda) ctx.takeSlot(lambda);
  const cancels: (() => void)[] = [];
  let tokenDone: Promise<JsonValue> | undefined;
  const limited = new Promise<JsonValue>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      for (const c of cancels) c();
      if (token) tokens.revoke(token);
      f();
    };
    if (timeout !== undefined) {
      cancels.push(
        clock.schedule(timeout * 1000, () =>
          settle(() =>
            reject(
              new StatesError(
                'States.Timeout',
                `The task in state '${name}' did not complete within ${timeout} seconds (TimeoutSeconds)`,
              ),
            ),
          ),
        ),
      );
    }
    if (heartbeat !== undefined) {
      let cancelHb = () => {};
      ctx.onHeartbeat = () => {
        cancelHb();
        cancelHb = clock.schedule(heartbeat * 1000, () =>
          settle(() =>
            reject(
              new StatesError(
                'States.HeartbeatTimeout',
                `The task in state '${name}' sent no heartbeat within ${heartbeat} seconds (HeartbeatSeconds)`,
              ),
            ),
          ),
        );
      };
      cancels.push(() => cancelHb());
      ctx.onHeartbeat();
    }
    // The function's timeout ends the call itself: Lambda stops the sandbox and frees its slot,
    // whether or not the state is still waiting (a state timeout does not stop the function).
    let cancelFnTimeout = () => {};
    if (fnTimeout !== undefined) {
      ctx.deadline = clock.now() + fnTimeout * 1000;
      cancelFnTimeout = clock.schedule(fnTimeout * 1000, () => {
        ctx.end();
        const err = lambda.timedOut(fnTimeout);
        settle(() => reject(err));
      });
    }
    if (token) tokenDone = tokens.issue(token, name, () => ctx.heartbeat()).done;
    ctx.hold();
    let call: Promise<JsonValue>;
    try {
      call = Promise.resolve(matched.call(payload, ctx));
    } catch (e) {
      call = Promise.reject(e);
    }
    call
      .finally(() => {
        ctx.end();
        cancelFnTimeout();
      })
      .then(
        (out) => {
          if (settled) return;
          // An activity handler is the worker: returning is its SendTaskSuccess, unless it already
          // answered through ctx.sendTaskSuccess/Failure.
          if (!tokenDone || (res.family === 'activity' && token && tokens.isPending(token))) {
            const result = out === undefined ? null : out;
            settle(() => resolve(envelope ? lambdaEnvelope(result) : result));
            return;
          }
          try {
            if (res.family === 'task') {
              const submitted = exec.jsonOf(out ?? null, `submitted output of state '${name}'`);
              frame.prev = exec.history.append('TaskSubmitted', frame.prev, {
                resourceType: res.resourceType,
                resource: res.resource,
                output: submitted,
              });
            }
          } catch (e) {
            settle(() => reject(e));
            return;
          }
          tokenDone.then(
            (v) => settle(() => resolve(v)),
            (e: unknown) => settle(() => reject(taskError(e))),
          );
        },
        (e: unknown) => settle(() => reject(callError(e))),
      );
  });
  return limited.then(
    (out) => run.settled(out, chained),
    (e: unknown) => run.settled(new AttemptFailure(e), chained),
  ) as Promise<Attempt> | Promise<StateOutcome>;
}

/**
 * A Lambda function's own error as Step Functions reports it: the error is the payload's
 * `errorType`, the cause the error payload re-serialized compactly,
 * `{"errorType":"...","errorMessage":"..."}` (AWS-recorded: LocalStack error_handling/
 * test_task_lambda.snapshot.json and test_task_service_lambda.snapshot.json; the Node.js runtime
 * also sends a stack `trace`, which asl-local leaves out). Errors named `Lambda.*` are Lambda
 * service exceptions (throttling, ...), whose cause is plain text.
 */
function lambdaFunctionError(thrown: unknown): StatesError {
  let error: string;
  let message: string;
  if (thrown instanceof StatesError) {
    error = thrown.error;
    message = thrown.cause;
  } else if (thrown instanceof Error && thrown.name !== '') {
    error = thrown.name;
    message = thrown.message;
  } else {
    // A thrown string or other value: the function's error payload still carries it.
    const se = toStatesError(thrown);
    error = se.error;
    message = se.cause;
  }
  if (error.startsWith('Lambda.') || error === 'Sandbox.Timedout') return taskError(thrown);
  const fn = StatesError.ofData(error, JSON.stringify({ errorType: error, errorMessage: message }));
  fn.raisedByWorkflow = true;
  return fn;
}

/**
 * The JSON of a task's result. Past the payload quota the task fails with a catchable
 * States.DataLimitExceeded naming the resource as AWS does ('lambda' for lambda:invoke, the
 * function ARN for a Lambda resource; LocalStack error_handling/test_states_errors.snapshot.json).
 */
function taskResultJson(frame: Frame, name: string, output: JsonValue, res: ResolvedResource): string {
  const exec = frame.exec;
  let json: string;
  try {
    json = JSON.stringify(output) ?? 'null';
  } catch (e) {
    throw notJson(name, e);
  }
  const max = exec.services.maxPayloadBytes;
  if (max !== null && json.length * 3 > max && Buffer.byteLength(json, 'utf8') > max) {
    const ref = res.family === 'task' && res.resourceType !== 'unknown' ? res.resourceType : res.resource;
    const se = new StatesError(
      'States.DataLimitExceeded',
      `The state/task '${ref}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
    se.raisedByWorkflow = true;
    throw se;
  }
  return json;
}

/** A task result that cannot be serialized (a cycle, a BigInt, a getter that throws). */
function notJson(name: string, e: unknown): StatesError {
  return new StatesError(
    'States.Runtime',
    `The result of the task in state '${name}' is not JSON: ${e instanceof Error ? e.message : String(e)}`,
  );
}

/**
 * A plain request-response call with no timers: the handler's result, or its promise with one
 * step after it that goes on with {@link TaskRun.settled} (a separate function so the common call
 * allocates no timer closures).
 */
function callPlain(
  matched: MatchedHandler,
  payload: JsonValue,
  ctx: HandlerCallContext,
  lambda: LambdaAccount | undefined,
  run: TaskRun,
  chained: boolean,
): Attempt | Promise<Attempt> | Promise<StateOutcome> {
  if (lambda) ctx.takeSlot(lambda);
  ctx.hold();
  let r: JsonValue | Promise<JsonValue>;
  try {
    r = matched.call(payload, ctx);
  } catch (e) {
    ctx.end();
    return new AttemptFailure(lambda ? lambdaFunctionError(e) : taskError(e));
  }
  const envelope = matched.lambdaInvokeEnvelope;
  if (r instanceof Promise) {
    return r.then(
      (out) => {
        ctx.end();
        return run.settled(envelope ? lambdaEnvelope(out ?? null) : (out ?? null), chained);
      },
      (e: unknown) => {
        ctx.end();
        return run.settled(new AttemptFailure(lambda ? lambdaFunctionError(e) : taskError(e)), chained);
      },
    ) as Promise<Attempt> | Promise<StateOutcome>;
  }
  ctx.end();
  return envelope ? lambdaEnvelope(r ?? null) : (r ?? null);
}

/**
 * A failed attempt handed on as a value, not thrown: a 10,000-item Map retries and catches
 * thousands of task errors, and each throw through the promise chain costs a rejection per layer.
 */
class AttemptFailure {
  constructor(readonly error: unknown) {}
}

function isObject(v: JsonValue): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The response shape of `arn:aws:states:::lambda:invoke` around the function's return value. */
function lambdaEnvelope(payload: JsonValue): JsonValue {
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: { HttpStatusCode: 200 },
    SdkResponseMetadata: {},
    StatusCode: 200,
  };
}
