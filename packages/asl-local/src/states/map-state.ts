import type { JsonValue, MapState, QueryLanguage, StateGraph } from '@stackset-lite/asl-dsl/model';
import { engineError, locateError, StatesError } from '../errors/states-error.js';
import { type FanOutJobs, fanOut } from '../execution/fan-out.js';
import type { CancelSignal, Frame } from '../execution/frame.js';
import { ExecutionTerminated } from '../history/execution-history.js';
import { runDistributedMap } from './distributed-map-state.js';
import { recordEvaluationFailure } from './evaluation-failure.js';
import { mapEffectiveInput, mapItemInput, mapItemsFromInput, mapNumber } from './map-items.js';
import { jsonataFinish, jsonPathFinish } from './state-io.js';
import { nextStateName, type StateOutcome } from './state-outcome.js';

/** AWS's cap on concurrent inline Map iterations. */
export const INLINE_MAX_CONCURRENCY = 40;

/** The item processor of a Map (ItemProcessor, or the deprecated Iterator). */
export function itemGraph(name: string, s: MapState): StateGraph {
  const g = s.ItemProcessor ?? s.Iterator;
  if (!g) throw new StatesError('States.Runtime', `Map state '${name}' has no ItemProcessor`);
  return g;
}

/** Map: inline iterations in this execution's history, or a Distributed Map Run of child executions. */
export async function runMapState(
  frame: Frame,
  name: string,
  s: MapState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<StateOutcome> {
  const exec = frame.exec;
  const next = nextStateName(s);
  const distributed = s.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
  const result = await exec.withRetry(frame, s.Retry, () =>
    distributed ? runDistributedMap(frame, name, s, input, ql) : runInline(frame, name, s, input, ql),
  );
  if (ql === 'JSONata') {
    const { output, assign } = await jsonataFinish(frame, name, s, input, result);
    return { output, next, assign };
  }
  return jsonPathFinish(frame, name, s, input, result, next);
}

async function runInline(
  frame: Frame,
  name: string,
  s: MapState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<JsonValue> {
  const exec = frame.exec;
  // AWS runs an inline JSONata Map with ToleratedFailureCount/Percentage (recorded: LocalStack
  // evaluate_jsonata/test_base_evaluate_expressions.snapshot.json, test_base_map); their values are
  // checked below but an iteration's failure still fails the Map.
  const distributedOnly =
    ql === 'JSONata'
      ? (['ItemReader', 'ItemBatcher', 'ResultWriter'] as const)
      : ([
          'ItemReader',
          'ItemBatcher',
          'ResultWriter',
          'ToleratedFailureCount',
          'ToleratedFailurePercentage',
          'ToleratedFailureCountPath',
          'ToleratedFailurePercentagePath',
        ] as const);
  for (const f of distributedOnly) {
    if (s[f] !== undefined) {
      throw new StatesError(
        'States.Runtime',
        `The field ${f} of Map state '${name}' requires ProcessorConfig.Mode DISTRIBUTED`,
      );
    }
  }
  const graph = itemGraph(name, s);
  const effective = mapEffectiveInput(frame, s, input, ql);
  const items = await mapItemsFromInput(frame, name, s, effective, ql);
  const requested =
    (await mapNumber(frame, name, 'MaxConcurrency', s.MaxConcurrency, s.MaxConcurrencyPath, effective, ql)) ??
    0;
  // AWS runs at most 40 inline iterations at once, whatever MaxConcurrency says.
  const limit = requested === 0 ? INLINE_MAX_CONCURRENCY : Math.min(requested, INLINE_MAX_CONCURRENCY);
  if (ql === 'JSONata') {
    await mapNumber(frame, name, 'ToleratedFailureCount', s.ToleratedFailureCount, undefined, effective, ql);
    await mapNumber(
      frame,
      name,
      'ToleratedFailurePercentage',
      s.ToleratedFailurePercentage,
      undefined,
      effective,
      ql,
    );
  }
  frame.prev = exec.history.append('MapStateStarted', frame.prev, { length: items.length });
  const iterations = new InlineIterations(frame, name, s, ql, graph, effective, items);
  try {
    const out = await fanOut(items.length, limit, iterations.cancel, iterations);
    frame.prev = exec.history.append('MapStateSucceeded', iterations.lastId);
    return out;
  } catch (e) {
    if (e instanceof ExecutionTerminated) throw e;
    // Iterations still running when one failed are stopped, as AWS records them.
    let lastId = iterations.lastId;
    for (const index of iterations.running())
      lastId = exec.history.appendIteration('MapIterationAborted', lastId, name, index);
    // The Map's own evaluation (ItemSelector) failing: EvaluationFailed, then MapStateFailed.
    const se = locateError(engineError(e), name, frame.enteredEventId);
    frame.prev = lastId;
    if (!recordEvaluationFailure(frame, name, se, true))
      frame.prev = exec.history.append('MapStateFailed', lastId);
    throw se;
  }
}

/**
 * The iterations of one inline Map run, as {@link fanOut}'s jobs: each starts with
 * MapIterationStarted in a frame of its own and ends with MapIterationSucceeded or
 * MapIterationFailed; the bookkeeping follows the iteration's graph in the same promise step.
 * A class, not closures per Map run (see {@link FanOutJobs}).
 */
class InlineIterations implements FanOutJobs<JsonValue> {
  readonly cancel: CancelSignal = { cancelled: false };
  /** The largest event id any settled iteration ended on (MapStateSucceeded/Failed follows it). */
  lastId: number;
  private readonly startedId: number;
  private readonly nameId: number;
  private readonly innerQl: QueryLanguage;
  private readonly hasSelector: boolean;
  /** The frames of iterations still running, by index (undefined once settled). */
  private readonly children: (Frame | undefined)[] = [];
  /** Indexes in the order their iterations started (no Set of running indexes churned per iteration). */
  private readonly startOrder: number[] = [];

  constructor(
    private readonly frame: Frame,
    private readonly name: string,
    private readonly s: MapState,
    private readonly ql: QueryLanguage,
    private readonly graph: StateGraph,
    private readonly effective: JsonValue,
    private readonly items: JsonValue[],
  ) {
    this.startedId = frame.prev;
    this.lastId = frame.prev;
    this.nameId = frame.exec.history.nameId(name);
    this.innerQl = graph.QueryLanguage ?? ql;
    this.hasSelector = s.ItemSelector !== undefined || (ql === 'JSONPath' && s.Parameters !== undefined);
  }

  /** Indexes of the iterations still running, in the order they started. */
  running(): number[] {
    return this.startOrder.filter((index) => this.children[index] !== undefined);
  }

  start(index: number): JsonValue | Promise<JsonValue> {
    const item = this.items[index] as JsonValue;
    // Without a selector the item is the input: no promise step before the iteration.
    if (!this.hasSelector) return this.iterate(index, item, true);
    const { frame, name, s, effective, ql } = this;
    return mapItemInput(frame, name, s, effective, item, index, ql).then((itemInput) =>
      this.iterate(index, itemInput, false),
    );
  }

  /**
   * Starts iteration `index`. `settleNow`: a synchronous end is recorded here; otherwise (and
   * for a promise) fanOut records the end through `done` / `failed`.
   */
  private iterate(index: number, itemInput: JsonValue, settleNow: boolean): JsonValue | Promise<JsonValue> {
    const exec = this.frame.exec;
    const child = exec.childFrame(this.frame, this.startedId, this.innerQl, this.cancel);
    child.prev = exec.history.appendIterationStarted(this.startedId, this.nameId, index);
    this.children[index] = child;
    this.startOrder.push(index);
    if (!settleNow) return exec.runGraph(this.graph, itemInput, child);
    let r: JsonValue | Promise<JsonValue>;
    try {
      r = exec.runGraph(this.graph, itemInput, child);
    } catch (e) {
      return this.failed(index, e);
    }
    return r instanceof Promise ? r : this.done(index, r);
  }

  done(index: number, r: JsonValue): JsonValue {
    const child = this.children[index] as Frame;
    try {
      child.prev = this.frame.exec.history.appendIterationSucceeded(child.prev, this.nameId, index);
    } catch (e) {
      return this.failed(index, e);
    }
    this.settled(index, child);
    return r;
  }

  failed(index: number, e: unknown): never {
    const child = this.children[index];
    // Failed before it started (its ItemSelector): no iteration events.
    if (child === undefined) throw e;
    try {
      if (!(e instanceof ExecutionTerminated) && !this.cancel.cancelled) {
        child.prev = this.frame.exec.history.appendIteration(
          'MapIterationFailed',
          child.prev,
          this.name,
          index,
        );
      }
    } finally {
      this.settled(index, child);
    }
    throw e;
  }

  private settled(index: number, child: Frame): void {
    this.children[index] = undefined;
    if (child.prev > this.lastId) this.lastId = child.prev;
  }
}
