// A module binding, not the global: the first large payload does not meet an unseen global lookup.
import { Buffer } from 'node:buffer';
import type {
  Catcher,
  JsonObject,
  JsonValue,
  QueryLanguage,
  Retrier,
  StateGraph,
  StateMachineDefinition,
} from '@stackset-lite/asl-dsl/model';
import type { Clock } from '../clock/clock.js';
import type { ObjectStore } from '../distributed/object-store.js';
import { engineError, StatesError } from '../errors/states-error.js';
import type { HandlerRegistry } from '../handlers/handler-registry.js';
import { ExecutionHistory, ExecutionTerminated } from '../history/execution-history.js';
import type { HistoryEventType } from '../history/history-event.js';
import {
  evaluateJsonataTemplate,
  type JsonataBudget,
  type JsonataEnvironment,
} from '../jsonata/jsonata-evaluator.js';
import type { LambdaAccount } from '../lambda/lambda-account.js';
import { applyResultPath } from '../paths/input-output.js';
import type { IntrinsicEnvironment } from '../paths/intrinsic-functions.js';
import { getOwn, setOwn } from '../paths/own-property.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';
import {
  failState,
  finishState,
  PendingState,
  runState,
  runStateSync,
  runsSynchronously,
  settleState,
} from '../states/run-state.js';
import type { StateOutcome } from '../states/state-outcome.js';
import { errorMatches } from './error-matching.js';
import type { CancelSignal, Frame } from './frame.js';
import type { SeededRandom } from './seeded-random.js';
import { GraphPlan, type StateTiming } from './state-plan.js';
import type { TaskTokenRegistry } from './task-tokens.js';
import { VariableScope } from './variable-scope.js';

/** AWS's maximum duration of an Express execution. */
export const EXPRESS_MAX_SECONDS = 300;
/** AWS's maximum duration of a Standard execution: one year (Step Functions quotas). */
export const STANDARD_MAX_SECONDS = 365 * 24 * 60 * 60;

/** Final status of an execution, as DescribeExecution reports it. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Time spent in one state name over the whole execution. */
export type { StateTiming } from './state-plan.js';

/** Everything an execution shares with its Distributed Map children. */
export interface ExecutionServices {
  clock: Clock;
  handlers: HandlerRegistry;
  tokens: TaskTokenRegistry;
  random: SeededRandom;
  objectStore: ObjectStore | undefined;
  maxPayloadBytes: number | null;
  region: string;
  accountId: string;
  recordHistory: boolean;
  /** The account's Lambda service: concurrency and function timeouts. */
  lambda: LambdaAccount;
  /** The budget of one JSONata expression. */
  jsonataBudget: JsonataBudget;
}

/** Identity of one execution (ARNs, names, start time, input). */
export interface ExecutionIdentity {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  type: 'STANDARD' | 'EXPRESS';
  contextOverrides: Record<string, unknown> | undefined;
}

/**
 * One running execution: an event-sourced interpreter over a definition. Status, output, billing and
 * limits all derive from its history; Distributed Map children are Executions of their own.
 */
export class Execution {
  readonly history: ExecutionHistory;
  status: ExecutionStatus = 'RUNNING';
  output: JsonValue | undefined;
  error: string | undefined;
  cause: string | undefined;
  stateTransitions = 0;
  readonly timings = new Map<string, StateTiming>();
  readonly startedAt: number;
  stoppedAt: number | undefined;
  /** Child executions started by Distributed Map states. */
  readonly children: Execution[] = [];
  /** Map Runs started by Distributed Map states. */
  readonly mapRuns: {
    mapRunArn: string;
    label: string | undefined;
    stateName: string;
    itemCount: number;
    failed: number;
    succeeded: number;
  }[] = [];
  private ended!: () => void;
  /** Settles once a terminal event is written (success, failure, timeout, abort). */
  readonly endedPromise: Promise<void>;
  private executionContext: JsonObject | undefined;
  /** A Distributed Map child: its parent's maximum duration bounds it (no timer of its own). */
  isChild = false;

  constructor(
    readonly definition: StateMachineDefinition,
    readonly input: JsonValue,
    readonly services: ExecutionServices,
    readonly identity: ExecutionIdentity,
    readonly historyLimit: number | null,
  ) {
    this.startedAt = services.clock.now();
    this.endedPromise = new Promise((resolve) => {
      this.ended = resolve;
    });
    this.history = new ExecutionHistory(services.clock, historyLimit, services.recordHistory, this);
  }

  get clock(): Clock {
    return this.services.clock;
  }

  /** Runs the execution to its end (the caller drives the clock). */
  async run(): Promise<void> {
    let inputJson: string;
    try {
      inputJson = this.jsonOf(this.input, 'execution input');
    } catch (e) {
      const se = engineError(e);
      this.history.append('ExecutionStarted', 0, { input: '{}', roleArn: this.identity.roleArn });
      this.terminate('FAILED', se.error, se.cause);
      return;
    }
    const startedId = this.history.append('ExecutionStarted', 0, {
      input: inputJson,
      roleArn: this.identity.roleArn,
    });
    const frame: Frame = {
      exec: this,
      scope: new VariableScope(),
      queryLanguage: this.definition.QueryLanguage ?? 'JSONPath',
      prev: startedId,
      stateName: '',
      retries: false,
      enteredAt: this.startedAt,
      enteredEventId: 0,
      retryCount: 0,
      cancel: null,
      mapItem: undefined,
      taskToken: undefined,
      // The input's JSON is known: the first state's StateEntered reuses it.
      lastValue: this.input,
      lastJson: inputJson,
      wallMark: 0,
      wallFresh: false,
    };
    // AWS's one-year maximum of a Standard execution: it fires in its turn, yet an execution that
    // only waits for an outside callback is not kept from ending (see onIdle).
    const cancelMax =
      this.identity.type === 'STANDARD' && !this.isChild
        ? this.clock.scheduleBackstop(STANDARD_MAX_SECONDS * 1000, () =>
            this.terminate(
              'TIMED_OUT',
              'States.Timeout',
              `The execution reached its maximum duration (${STANDARD_MAX_SECONDS} seconds, one year)`,
            ),
          )
        : undefined;
    let cancelTimeout: (() => void) | undefined;
    let t = this.definition.TimeoutSeconds;
    // Express workflows run for at most five minutes.
    if (this.identity.type === 'EXPRESS')
      t = Math.min(typeof t === 'number' && t > 0 ? t : EXPRESS_MAX_SECONDS, EXPRESS_MAX_SECONDS);
    if (typeof t === 'number' && t > 0) {
      cancelTimeout = this.clock.schedule(t * 1000, () =>
        this.terminate(
          'TIMED_OUT',
          'States.Timeout',
          `The execution timed out after ${t} seconds (TimeoutSeconds)`,
        ),
      );
    }
    await Promise.race([this.runMain(frame), this.endedPromise]);
    cancelTimeout?.();
    cancelMax?.();
  }

  /** Runs the top-level graph and writes the terminal event (a method, not closures: 10,000s of children). */
  private async runMain(frame: Frame): Promise<void> {
    let output: JsonValue;
    try {
      output = await this.runGraph(this.definition, this.input, frame);
    } catch (e) {
      if (e instanceof ExecutionTerminated || this.history.closed) return;
      const se = engineError(e);
      this.terminate('FAILED', se.error, se.cause, frame.prev);
      return;
    }
    if (this.history.closed) return;
    try {
      // The last state's output JSON (already within the payload quota) when it is the same value.
      const json =
        output === frame.lastValue && frame.lastJson !== undefined && typeof output === 'object'
          ? frame.lastJson
          : this.jsonOf(output, 'execution output');
      this.output = output;
      this.history.append('ExecutionSucceeded', frame.prev, { output: json });
      this.finish('SUCCEEDED');
    } catch (e) {
      if (e instanceof ExecutionTerminated) return;
      const se = engineError(e);
      this.terminate('FAILED', se.error, se.cause, frame.prev);
    }
  }

  /**
   * The clock found nothing left to do: no handler running, no timer due. Only a task-token callback
   * or an abort could move the execution on. When no one can send one (`outsideCallbacks` false:
   * startExecution), or no state even waits for one, the execution ends now as AWS would end it
   * after its maximum duration: TIMED_OUT, with a cause naming the states that wait. Returns
   * whether it ended the execution.
   */
  onIdle(outsideCallbacks: boolean): boolean {
    if (this.history.closed) return false;
    const waiting = [...new Set(this.services.tokens.waitingStates)];
    if (outsideCallbacks && waiting.length > 0) return false;
    const what =
      waiting.length > 0
        ? `${waiting.length === 1 ? 'state' : 'states'} ${waiting.map((n) => `'${n}'`).join(', ')} ${waiting.length === 1 ? 'waits' : 'wait'} for a task token that nothing will send (the handler returned without calling sendTaskSuccess or sendTaskFailure, and no one else holds the execution)`
        : 'no state is running, waiting for a timer or waiting for a callback';
    if (this.identity.type === 'STANDARD') this.clock.advanceTo(this.startedAt + STANDARD_MAX_SECONDS * 1000);
    this.terminate(
      'TIMED_OUT',
      'States.Timeout',
      `The execution can no longer progress: ${what}. AWS would keep it RUNNING until its maximum duration (one year) and then time it out.`,
    );
    return true;
  }

  /** Called by the history when appending would cross the limit (AWS ends the execution). */
  onHistoryLimit(limit: number): void {
    this.terminate(
      'FAILED',
      'States.Runtime',
      `The execution reached the maximum number of history events (${limit}).`,
    );
  }

  /** Ends the execution with a terminal event (first caller wins). */
  terminate(status: 'FAILED' | 'TIMED_OUT' | 'ABORTED', error: string, cause: string, prev?: number): void {
    if (this.history.closed) return;
    const type: HistoryEventType =
      status === 'FAILED'
        ? 'ExecutionFailed'
        : status === 'TIMED_OUT'
          ? 'ExecutionTimedOut'
          : 'ExecutionAborted';
    this.history.appendTerminal(type, prev ?? this.history.lastId, { error, cause });
    this.error = error;
    this.cause = cause;
    this.finish(status);
    // Distributed Map children stop with their parent (finished ones ignore this).
    for (const child of this.children)
      child.terminate('ABORTED', 'States.Aborted', `The parent execution ended ${status}`);
  }

  private finish(status: ExecutionStatus): void {
    this.status = status;
    this.stoppedAt = this.clock.now();
    this.ended();
    this.clock.poke();
  }

  /**
   * Runs a graph (the machine, a branch, an iteration) from StartAt to an end state. Not an async
   * function: states run synchronously until one has to wait, and a 10,000-item Map's iterations
   * (one task each, then a Choice and a Pass) then cost one promise step each, not an async frame.
   */
  runGraph(graph: StateGraph, input: JsonValue, frame: Frame): JsonValue | Promise<JsonValue> {
    return this.runStates(graph, graph.StartAt, input, frame, false);
  }

  /**
   * Runs states from `name` on. At the first state that waits, the rest follows that state's
   * promise: in one continuation after a first wait, in {@link runStatesAsync} after a second
   * (one async loop, not a chain of promises, however long the graph keeps waiting).
   */
  private runStates(
    graph: StateGraph,
    start: string,
    input: JsonValue,
    frame: Frame,
    waited: boolean,
  ): JsonValue | Promise<JsonValue> {
    let name = start;
    let data = input;
    for (;;) {
      const outcome = this.step(graph, name, data, frame);
      if (outcome instanceof PendingState) {
        if (waited) return this.runStatesAsync(graph, settleState(outcome), frame);
        // The state's end and the states after it run in the one step after its work.
        return outcome.work.then(
          (o) => this.continueAfter(graph, finishState(outcome, o), frame, true),
          (e: unknown) => {
            const caught = failState(outcome, e);
            return caught instanceof Promise
              ? caught.then((o) => this.continueAfter(graph, o, frame, false))
              : this.continueAfter(graph, caught, frame, true);
          },
        );
      }
      if (outcome instanceof Promise) {
        return waited
          ? this.runStatesAsync(graph, outcome, frame)
          : outcome.then((o) => this.continueAfter(graph, o, frame, false));
      }
      if (outcome.next === null) return outcome.output;
      name = outcome.next;
      data = outcome.output;
      frame.wallFresh = true;
    }
  }

  /**
   * After a state that waited: the graph's end, or its next states (see {@link runStates}).
   * `exitedNow`: the state's StateExited was written in this same step.
   */
  private continueAfter(
    graph: StateGraph,
    o: StateOutcome,
    frame: Frame,
    exitedNow: boolean,
  ): JsonValue | Promise<JsonValue> {
    if (o.next === null) return o.output;
    frame.wallFresh = exitedNow;
    return this.runStates(graph, o.next, o.output, frame, true);
  }

  private async runStatesAsync(
    graph: StateGraph,
    pending: Promise<StateOutcome>,
    frame: Frame,
  ): Promise<JsonValue> {
    let outcome = await pending;
    while (outcome.next !== null) {
      const o = this.step(graph, outcome.next, outcome.output, frame);
      outcome = o instanceof PendingState ? await settleState(o) : o instanceof Promise ? await o : o;
    }
    return outcome.output;
  }

  /** Runs the state `name` of `graph` on `data`. */
  private step(
    graph: StateGraph,
    name: string,
    data: JsonValue,
    frame: Frame,
  ): StateOutcome | Promise<StateOutcome> | PendingState {
    if (frame.cancel?.cancelled) {
      frame.wallFresh = false;
      throw new BranchCancelled();
    }
    const plan = this.planOf(graph).get(name);
    if (!plan)
      throw new StatesError('States.Runtime', `The state '${name}' does not exist in the definition`);
    const state = plan.state;
    return runsSynchronously(state, state.QueryLanguage ?? frame.queryLanguage)
      ? runStateSync(frame, plan, data)
      : runState(frame, plan, data);
  }

  /** The plans of a graph's states in this execution (names are interned in its own history). */
  private planOf(graph: StateGraph): GraphPlan {
    if (graph === this.lastGraph && this.lastPlan) return this.lastPlan;
    let plan = this.plans.get(graph);
    if (!plan) {
      plan = new GraphPlan(graph, this.history);
      this.plans.set(graph, plan);
    }
    this.lastGraph = graph;
    this.lastPlan = plan;
    return plan;
  }

  private readonly plans = new Map<StateGraph, GraphPlan>();
  // The graph last planned: a Map's iterations all run the same one.
  private lastGraph: StateGraph | undefined = undefined;
  private lastPlan: GraphPlan | undefined = undefined;

  /**
   * JSON text of a value, enforcing the payload limit (States.DataLimitExceeded). The error names
   * `what`, followed by ` of state '<stateName>'` when a state is given (built only on error).
   */
  jsonOf(value: JsonValue, what: string, stateName?: string): string {
    const s = JSON.stringify(value) ?? 'null';
    const max = this.services.maxPayloadBytes;
    // A UTF-16 unit is at most 3 UTF-8 bytes: only long strings need the exact count.
    if (max !== null && s.length * 3 > max && Buffer.byteLength(s, 'utf8') > max) {
      // A state's output is worded as AWS records it (LocalStack error_handling/test_states_errors.snapshot.json,
      // test_start_large_input); the other payloads have no recorded wording.
      if (what === 'output' && stateName !== undefined)
        throw new StatesError(
          'States.DataLimitExceeded',
          `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`,
        );
      const subject = stateName === undefined ? what : `${what} of state '${stateName}'`;
      throw new StatesError(
        'States.DataLimitExceeded',
        `The ${subject} has a size exceeding the maximum number of bytes service limit (${max} bytes)`,
      );
    }
    return s;
  }

  /** {@link jsonOf} of a state's data, with a one-entry cache per thread: outputs become inputs unchanged. */
  jsonFor(
    frame: Frame,
    value: JsonValue,
    what: 'input' | 'output' | 'parameters',
    stateName: string,
  ): string {
    if (value === frame.lastValue && frame.lastJson !== undefined && typeof value === 'object')
      return frame.lastJson;
    const s = this.jsonOf(value, what, stateName);
    frame.lastValue = value;
    frame.lastJson = s;
    return s;
  }

  /**
   * Awaits real I/O that is not a task handler (the object store, loading JSONata): the clock
   * counts it as outside work, so virtual time holds still and the execution is not idle.
   */
  async outsideWork<T>(work: () => Promise<T>): Promise<T> {
    this.clock.beginWork();
    try {
      return await work();
    } finally {
      this.clock.endWork();
    }
  }

  /** The context object (`$$`) as a state in `frame` sees it. */
  contextObject(frame: Frame): JsonObject {
    if (!this.executionContext) {
      const base: JsonObject = {
        Execution: {
          Id: this.identity.executionArn,
          Input: this.input,
          Name: this.identity.name,
          RoleArn: this.identity.roleArn,
          StartTime: new Date(this.startedAt).toISOString(),
          // AWS shows RedriveCount for Standard executions, not for a synchronous Express one
          // (LocalStack context_object / evaluate_jsonata snapshots).
          ...(this.identity.type === 'STANDARD' && { RedriveCount: 0 }),
        },
        StateMachine: { Id: this.identity.stateMachineArn, Name: this.identity.stateMachineName },
      };
      this.executionContext = mergeDeep(base, this.identity.contextOverrides ?? {}) as JsonObject;
    }
    // $$.State as AWS records it: {Name, EnteredTime}, plus RetryCount in states that retry
    // (a Task's $$ has it, a Pass state's does not: LocalStack context_object/test_context_object
    // and scenarios/test_base_scenarios snapshots).
    const state: JsonObject = { Name: frame.stateName, EnteredTime: new Date(frame.enteredAt).toISOString() };
    if (frame.retries) state.RetryCount = frame.retryCount;
    const ctx: JsonObject = { ...this.executionContext, State: state };
    if (frame.taskToken !== undefined) ctx.Task = { Token: frame.taskToken };
    if (frame.mapItem) ctx.Map = { Item: frame.mapItem };
    return ctx;
  }

  /** A JSONPath/intrinsic environment over `data` (a small object, no closures: it is made per path). */
  pathEnv(frame: Frame, data: JsonValue): IntrinsicEnvironment {
    return new FramePathEnvironment(frame, data);
  }

  /** A JSONata environment for a state. */
  jsonataEnv(
    frame: Frame,
    stateName: string,
    states: Omit<JsonataEnvironment['states'], 'context'>,
  ): JsonataEnvironment {
    return {
      states: { ...states, context: this.contextObject(frame) },
      variables: frame.scope,
      random: this.services.random,
      where: stateName,
      io: (work) => this.outsideWork(work),
      budget: this.services.jsonataBudget,
    };
  }

  /**
   * Runs `attempt` under a state's Retry policy: the first retrier whose ErrorEquals matches decides;
   * once it has used MaxAttempts, the error goes on to Catch.
   */
  async withRetry<T>(frame: Frame, retriers: Retrier[] | undefined, attempt: () => Promise<T>): Promise<T> {
    if (!retriers || retriers.length === 0) return attempt();
    const counts = retryCounts(retriers);
    for (;;) {
      try {
        return await attempt();
      } catch (e) {
        await this.retryAfter(frame, retriers, counts, e);
      }
    }
  }

  /**
   * After a failed attempt: rethrows the error when no retrier takes it (or its MaxAttempts are
   * used up); otherwise counts the retry and waits its backoff. `counts` (see {@link retryCounts})
   * keeps the attempts of each retrier across calls.
   */
  async retryAfter(
    frame: Frame,
    retriers: Retrier[] | undefined,
    counts: number[],
    e: unknown,
  ): Promise<void> {
    await this.clock.sleep(this.retryDelay(frame, retriers, counts, e));
    if (frame.cancel?.cancelled) throw new BranchCancelled();
  }

  /**
   * The backoff (ms) before retrying after `e`, counting the retry; rethrows the error when no
   * retrier takes it or its MaxAttempts are used up.
   */
  retryDelay(frame: Frame, retriers: Retrier[] | undefined, counts: number[], e: unknown): number {
    if (e instanceof ExecutionTerminated || e instanceof BranchCancelled || !retriers) throw e;
    const se = engineError(e);
    let i = 0;
    while (i < retriers.length && !errorMatches((retriers[i] as Retrier).ErrorEquals, se)) i++;
    if (i === retriers.length) throw se;
    const r = retriers[i] as Retrier;
    const max = r.MaxAttempts ?? 3;
    const n = counts[i] as number;
    if (n >= max) throw se;
    counts[i] = n + 1;
    let delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** n;
    if (r.MaxDelaySeconds !== undefined) delay = Math.min(delay, r.MaxDelaySeconds);
    if (r.JitterStrategy === 'FULL') delay = this.services.random.next() * delay;
    frame.retryCount++;
    this.stateTransitions++;
    return delay * 1000;
  }

  /**
   * Applies the first matching Catcher to an error: the error output goes to ResultPath (JSONPath)
   * or Output (JSONata), Assign runs, and the state continues at the catcher's Next.
   */
  applyCatch(
    frame: Frame,
    stateName: string,
    catchers: Catcher[] | undefined,
    input: JsonValue,
    error: StatesError,
    ql: QueryLanguage,
  ): CatchOutcome | undefined | Promise<CatchOutcome> {
    if (!catchers) return undefined;
    let c: Catcher | undefined;
    for (const x of catchers) {
      if (errorMatches(x.ErrorEquals, error)) {
        c = x;
        break;
      }
    }
    if (!c) return undefined;
    const errorOutput: JsonObject = { Error: error.error, Cause: error.cause };
    // JSONPath catchers need no await (thousands of Map items may be caught).
    if (ql === 'JSONata') return this.applyJsonataCatch(frame, stateName, c, input, errorOutput);
    const output = applyResultPath(input, errorOutput, c.ResultPath === undefined ? '$' : c.ResultPath);
    const assign = c.Assign
      ? (applyPayloadTemplate(
          c.Assign,
          this.pathEnv(frame, errorOutput),
          `the Catch Assign of state '${stateName}'`,
        ) as JsonObject)
      : undefined;
    return { output, next: c.Next, assign };
  }

  private async applyJsonataCatch(
    frame: Frame,
    stateName: string,
    c: Catcher,
    input: JsonValue,
    errorOutput: JsonObject,
  ): Promise<CatchOutcome> {
    const env = this.jsonataEnv(frame, stateName, { input, errorOutput });
    const output =
      c.Output === undefined ? errorOutput : await evaluateJsonataTemplate(c.Output, env, 'Catch.Output');
    const assign = c.Assign
      ? ((await evaluateJsonataTemplate(c.Assign, env, 'Catch.Assign')) as JsonObject)
      : undefined;
    return { output, next: c.Next, assign };
  }

  /**
   * Adds one state's time to the per-state timing table; returns its entry (`known`: the entry a
   * caller already holds for `name`, saving the lookup).
   */
  recordTiming(
    known: StateTiming | undefined,
    name: string,
    durationMs: number,
    wallMs: number,
  ): StateTiming {
    const t = known ?? this.timings.get(name);
    if (t) {
      t.entries++;
      t.durationMs += durationMs;
      t.wallMs += wallMs;
      return t;
    }
    const created = { entries: 1, durationMs, wallMs };
    this.timings.set(name, created);
    return created;
  }

  /** A fresh frame for a Parallel branch or Map iteration. */
  childFrame(parent: Frame, prev: number, ql: QueryLanguage, cancel: CancelSignal): Frame {
    return {
      exec: this,
      scope: parent.scope.child(),
      queryLanguage: ql,
      prev,
      stateName: '',
      retries: false,
      enteredAt: this.clock.now(),
      enteredEventId: 0,
      retryCount: 0,
      cancel,
      // Every field set from the start: one object shape for all frames (fast property access).
      mapItem: undefined,
      taskToken: undefined,
      lastValue: undefined,
      lastJson: undefined,
      wallMark: 0,
      wallFresh: false,
    };
  }
}

/** Where a Catcher sends the state: its output, next state and assignments. */
export interface CatchOutcome {
  output: JsonValue;
  next: string;
  assign: Record<string, JsonValue> | undefined;
}

/** Attempt counters for a Retry list (one per retrier), for {@link Execution.retryDelay}. */
export function retryCounts(retriers: readonly Retrier[] | undefined): number[] {
  return new Array<number>(retriers?.length ?? 0).fill(0);
}

/** `$`, `$$` and variables as one state of a frame sees them. */
class FramePathEnvironment implements IntrinsicEnvironment {
  readonly variables: VariableScope;
  readonly random: SeededRandom;

  constructor(
    private readonly frame: Frame,
    readonly data: JsonValue,
  ) {
    this.variables = frame.scope;
    this.random = frame.exec.services.random;
  }

  context(): JsonValue {
    return this.frame.exec.contextObject(this.frame);
  }
}

/** Thrown in sibling branches/iterations once another one failed: they stop quietly. */
export class BranchCancelled extends Error {
  constructor() {
    super('The branch was stopped because a sibling failed');
    this.name = 'BranchCancelled';
  }
}

function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = getOwn(out, k);
    if (v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)) {
      setOwn(out, k, mergeDeep(b as Record<string, unknown>, v as Record<string, unknown>));
    } else setOwn(out, k, v);
  }
  return out;
}
