import type { JsonValue, StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import * as z from 'zod/mini';
import type { Clock } from '../clock/clock.js';
import { RealClock } from '../clock/real-clock.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { HandlerRegistry, InvalidHandlerError } from '../handlers/handler-registry.js';
import type { TaskHandlers } from '../handlers/task-handler.js';
import type { HistoryEvent } from '../history/history-event.js';
import { LambdaAccount, type LambdaStats } from '../lambda/lambda-account.js';
import { Execution, type ExecutionStatus, type StateTiming } from './execution.js';
import {
  DEFAULT_MAX_HISTORY_EVENTS,
  DEFAULT_MAX_PAYLOAD_BYTES,
  type ExecutionOptions,
  executionOptionsSchema,
} from './options.js';
import { SeededRandom } from './seeded-random.js';
import { TaskTokenRegistry } from './task-tokens.js';

/** What {@link startExecution} takes. */
export interface StartExecutionParams {
  /** The ASL definition: the DSL's model or parsed JSON. */
  definition: StateMachineDefinition;
  /** The execution input. @default {} */
  input?: JsonValue;
  /** Task handlers by resource ARN, name, `${Placeholder}` or glob pattern. */
  handlers?: TaskHandlers;
  options?: ExecutionOptions;
}

/** The outcome of an execution, as DescribeExecution + GetExecutionHistory would report it. */
export interface ExecutionResult {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  /** The output (SUCCEEDED only). */
  output?: JsonValue;
  error?: string;
  cause?: string;
  executionArn: string;
  name: string;
  startDate: Date;
  stopDate: Date;
  /** The GetExecutionHistory events (built on first access). */
  readonly history: HistoryEvent[];
  /** Number of history events (cheap: no event objects built). */
  historyEventCount: number;
  /** Billed state transitions: one per state entered, plus one per retry. */
  stateTransitions: number;
  /** Per-state time, by state name. */
  stateTimings: Record<string, StateTiming>;
  /** Distributed Map child executions, in start order. */
  childExecutions: ExecutionResult[];
  /** Distributed Map Runs. */
  mapRuns: Execution['mapRuns'];
  /** Lambda calls of the execution and its children: peak concurrency, throttles, function timeouts. */
  lambda: LambdaStats;
}

/** Control of a running execution: task-token callbacks and abort. */
export interface RunningExecution {
  executionArn: string;
  /** Settles with the result once the execution ends. */
  result: Promise<ExecutionResult>;
  sendTaskSuccess(taskToken: string, output: JsonValue): void;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(taskToken: string): void;
  /** Task tokens waiting for a callback. */
  pendingTaskTokens(): string[];
  /** StopExecution: the execution ends ABORTED. */
  abort(error?: string, cause?: string): void;
}

const paramsSchema = z.object({
  definition: z.looseObject({ StartAt: z.string(), States: z.record(z.string(), z.unknown()) }),
  input: z.optional(z.unknown()),
  handlers: z.optional(z.record(z.string(), z.unknown())),
  options: z.optional(z.unknown()),
});

/** Thrown synchronously for malformed parameters (not an execution failure). */
export class InvalidExecutionParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidExecutionParamsError';
  }
}

/**
 * Starts an execution and returns a handle for callbacks and abort. Use {@link startExecution} when
 * you only need the result.
 */
export function createExecution(params: StartExecutionParams): RunningExecution {
  return launch(params, true);
}

/**
 * Starts an execution. `outsideCallbacks`: the caller holds the handle and may still send task
 * tokens, so an execution that waits only for a token keeps waiting (createExecution); without a
 * handle (startExecution) it ends at once instead of never.
 */
function launch(params: StartExecutionParams, outsideCallbacks: boolean): RunningExecution {
  const shape = paramsSchema.safeParse(params);
  if (!shape.success) {
    const i = shape.error.issues[0];
    throw new InvalidExecutionParamsError(
      `Invalid startExecution parameters at '/${i?.path.join('/') ?? ''}': ${i?.message ?? ''}`,
    );
  }
  const parsed = executionOptionsSchema.safeParse(params.options ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new InvalidExecutionParamsError(
      `Invalid execution option at '/options/${i?.path.join('/') ?? ''}': ${i?.message ?? ''}`,
    );
  }
  const o = parsed.data;
  const startMs = o.startTime === undefined ? Date.now() : new Date(o.startTime).getTime();
  // An invalid date would surface later as a JavaScript RangeError ("Invalid time value").
  if (!Number.isFinite(startMs) || Math.abs(startMs) > 8.64e15) {
    throw new InvalidExecutionParamsError(
      `Invalid execution option at '/options/startTime': ${JSON.stringify(o.startTime)} is not a valid date`,
    );
  }
  const clock: Clock = o.clock === 'real' ? new RealClock() : new VirtualClock(startMs);
  const random = new SeededRandom(o.seed ?? 1);
  const machineName = o.stateMachineName ?? 'StateMachine';
  const name = o.name ?? random.uuid();
  const arnBase = `arn:aws:states:${o.region}:${o.accountId}`;
  const executionArn = `${arnBase}:${o.executionType === 'EXPRESS' ? 'express' : 'execution'}:${machineName}:${name}`;
  const limits =
    o.limits === false
      ? { maxPayloadBytes: false as const, maxHistoryEvents: false as const }
      : (o.limits ?? {});
  const maxPayload =
    limits.maxPayloadBytes === false ? null : (limits.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES);
  const maxHistory =
    limits.maxHistoryEvents === false || o.executionType === 'EXPRESS'
      ? null
      : (limits.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS);
  const tokens = new TaskTokenRegistry(clock, `${name}-token`);
  let handlers: HandlerRegistry;
  try {
    handlers = new HandlerRegistry(params.handlers ?? {});
  } catch (e) {
    if (e instanceof InvalidHandlerError) throw new InvalidExecutionParamsError(e.message);
    throw e;
  }
  const lambda = new LambdaAccount(o.lambdaConcurrency === false ? null : o.lambdaConcurrency, () =>
    random.uuid(),
  );
  const exec = new Execution(
    params.definition,
    params.input === undefined ? {} : params.input,
    {
      clock,
      handlers,
      lambda,
      jsonataBudget: o.jsonata,
      tokens,
      random,
      objectStore: o.objectStore,
      maxPayloadBytes: maxPayload,
      region: o.region,
      accountId: o.accountId,
      recordHistory: o.recordHistory,
    },
    {
      executionArn,
      name,
      stateMachineArn: `${arnBase}:stateMachine:${machineName}`,
      stateMachineName: machineName,
      roleArn: o.roleArn ?? `arn:aws:iam::${o.accountId}:role/StepFunctionsExecutionRole`,
      type: o.executionType,
      contextOverrides: o.context,
    },
    maxHistory,
  );
  const abort = (error = 'States.Aborted', cause = 'The execution was aborted') =>
    exec.terminate('ABORTED', error, cause);
  if (o.signal) {
    if (o.signal.aborted) queueMicrotask(() => abort());
    else o.signal.addEventListener('abort', () => abort(), { once: true });
  }
  clock.onIdle = () => exec.onIdle(outsideCallbacks);
  const run = exec.run();
  const result = clock.drive(Promise.race([run, exec.endedPromise])).then(() => toResult(exec));
  return {
    executionArn,
    result,
    sendTaskSuccess: (t, out) => tokens.sendTaskSuccess(t, out),
    sendTaskFailure: (t, e, c) => tokens.sendTaskFailure(t, e, c),
    sendTaskHeartbeat: (t) => tokens.sendTaskHeartbeat(t),
    pendingTaskTokens: () => tokens.outstanding,
    abort,
  };
}

/**
 * Runs a state machine definition to its end and returns status, output or error, the AWS-shaped
 * history, billed state transitions and per-state timing.
 *
 * @example
 * const r = await startExecution({ definition, input: { n: 1 }, handlers: { MyFunction: async (x) => x } });
 */
export function startExecution(params: StartExecutionParams): Promise<ExecutionResult> {
  return launch(params, false).result;
}

/** Builds the public result of a finished execution (the history is expanded lazily). */
export function toResult(exec: Execution): ExecutionResult {
  let history: HistoryEvent[] | undefined;
  const r: ExecutionResult = {
    status: exec.status === 'RUNNING' ? 'FAILED' : exec.status,
    executionArn: exec.identity.executionArn,
    name: exec.identity.name,
    startDate: new Date(exec.startedAt),
    stopDate: new Date(exec.stoppedAt ?? exec.clock.now()),
    get history() {
      history ??= exec.history.toEvents();
      return history;
    },
    historyEventCount: exec.history.length,
    stateTransitions: exec.stateTransitions,
    stateTimings: Object.fromEntries(exec.timings),
    childExecutions: exec.children.map(toResult),
    mapRuns: exec.mapRuns,
    lambda: { ...exec.services.lambda.stats },
  };
  if (exec.status === 'SUCCEEDED') r.output = exec.output;
  else {
    r.error = exec.error;
    r.cause = exec.cause;
  }
  return r;
}
