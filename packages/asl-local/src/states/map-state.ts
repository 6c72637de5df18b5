import type { JsonValue, MapState, QueryLanguage, StateGraph } from '@stackset-lite/asl-dsl/model';
import { engineError, locateError, StatesError } from '../errors/states-error.js';
import { fanOut } from '../execution/fan-out.js';
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
  const startedId = frame.prev;
  const innerQl = graph.QueryLanguage ?? ql;
  const cancel: CancelSignal = { cancelled: false };
  let lastId = startedId;
  const running = new Set<number>();
  const hasSelector = s.ItemSelector !== undefined || (ql === 'JSONPath' && s.Parameters !== undefined);
  try {
    const nameId = exec.history.nameId(name);
    // The frames of iterations still running, by index (their bookkeeping follows their graph).
    const children: (Frame | undefined)[] = [];
    const settled = (index: number, child: Frame): void => {
      children[index] = undefined;
      running.delete(index);
      if (child.prev > lastId) lastId = child.prev;
    };
    const iterationFailed = (index: number, e: unknown): never => {
      const child = children[index];
      // Failed before it started (its ItemSelector): no iteration events.
      if (child === undefined) throw e;
      try {
        if (!(e instanceof ExecutionTerminated) && !cancel.cancelled) {
          child.prev = exec.history.appendIteration('MapIterationFailed', child.prev, name, index);
        }
      } finally {
        settled(index, child);
      }
      throw e;
    };
    const iterationSucceeded = (index: number, r: JsonValue): JsonValue => {
      const child = children[index] as Frame;
      try {
        child.prev = exec.history.appendIterationSucceeded(child.prev, nameId, index);
      } catch (e) {
        return iterationFailed(index, e);
      }
      settled(index, child);
      return r;
    };
    /**
     * Starts iteration `index`. `settleNow`: a synchronous end is recorded here; otherwise (and
     * for a promise) fanOut records the end through `iterationSucceeded` / `iterationFailed`.
     */
    const iterate = (
      index: number,
      itemInput: JsonValue,
      settleNow: boolean,
    ): JsonValue | Promise<JsonValue> => {
      const child = exec.childFrame(frame, startedId, innerQl, cancel);
      child.prev = exec.history.appendIterationStarted(startedId, nameId, index);
      running.add(index);
      children[index] = child;
      if (!settleNow) return exec.runGraph(graph, itemInput, child);
      let r: JsonValue | Promise<JsonValue>;
      try {
        r = exec.runGraph(graph, itemInput, child);
      } catch (e) {
        return iterationFailed(index, e);
      }
      return r instanceof Promise ? r : iterationSucceeded(index, r);
    };
    const out = await fanOut(
      items.length,
      limit,
      cancel,
      (index) =>
        // Without a selector the item is the input: no promise step before the iteration.
        hasSelector
          ? mapItemInput(frame, name, s, effective, items[index] as JsonValue, index, ql).then((itemInput) =>
              iterate(index, itemInput, false),
            )
          : iterate(index, items[index] as JsonValue, true),
      { done: iterationSucceeded, failed: iterationFailed },
    );
    frame.prev = exec.history.append('MapStateSucceeded', lastId);
    return out;
  } catch (e) {
    if (e instanceof ExecutionTerminated) throw e;
    // Iterations still running when one failed are stopped, as AWS records them.
    for (const index of running)
      lastId = exec.history.appendIteration('MapIterationAborted', lastId, name, index);
    // The Map's own evaluation (ItemSelector) failing: EvaluationFailed, then MapStateFailed.
    const se = locateError(engineError(e), name, frame.enteredEventId);
    frame.prev = lastId;
    if (!recordEvaluationFailure(frame, name, se, true))
      frame.prev = exec.history.append('MapStateFailed', lastId);
    throw se;
  }
}
