import type {
  JsonObject,
  JsonValue,
  MapState,
  QueryLanguage,
  StateMachineDefinition,
} from '@stackset-lite/asl-dsl/model';
import { batchItems } from '../distributed/item-batcher.js';
import { readItems } from '../distributed/item-reader.js';
import { type ChildOutcome, transformResults, writeResults } from '../distributed/result-writer.js';
import { StatesError } from '../errors/states-error.js';
import { Execution } from '../execution/execution.js';
import type { Frame } from '../execution/frame.js';
import { DEFAULT_MAX_HISTORY_EVENTS } from '../execution/options.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-evaluator.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';
import { mapEffectiveInput, mapItemInput, mapItemsFromInput, mapNumber } from './map-items.js';
import { itemGraph } from './map-state.js';

/** AWS's cap on concurrent child executions of one Map Run. */
export const DISTRIBUTED_MAX_CONCURRENCY = 10_000;

/**
 * Distributed Map: a Map Run whose items (or batches) each run as a child execution with its own
 * history and history limit (STANDARD: 25,000 events; EXPRESS: none). Failures beyond
 * ToleratedFailureCount/Percentage fail the run with States.ExceedToleratedFailureThreshold.
 */
export async function runDistributedMap(
  frame: Frame,
  name: string,
  s: MapState,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<JsonValue> {
  const exec = frame.exec;
  const graph = itemGraph(name, s);
  const effective = mapEffectiveInput(frame, s, input, ql);
  const evalArgs = async (
    params: JsonObject | undefined,
    args: JsonValue | undefined,
    field: string,
  ): Promise<JsonObject> => {
    let v: JsonValue = {};
    if (ql === 'JSONata' && args !== undefined)
      v = await evaluateJsonataTemplate(args, exec.jsonataEnv(frame, name, { input: effective }), field);
    else if (params)
      v = applyPayloadTemplate(params, exec.pathEnv(frame, effective), `the ${field} of state '${name}'`);
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new StatesError('States.Runtime', `The ${field} of state '${name}' must be an object`);
    return v;
  };

  /** ItemSelector, then ItemBatcher: the child executions' inputs. */
  const childInputsOf = async (items: JsonValue[]): Promise<JsonValue[]> => {
    const selected: JsonValue[] = [];
    for (let i = 0; i < items.length; i++)
      selected.push(await mapItemInput(frame, name, s, effective, items[i] as JsonValue, i, ql));
    if (!s.ItemBatcher) return selected;
    const b = s.ItemBatcher;
    const maxItems = await mapNumber(
      frame,
      name,
      'MaxItemsPerBatch',
      b.MaxItemsPerBatch,
      b.MaxItemsPerBatchPath,
      effective,
      ql,
    );
    const maxBytes = await mapNumber(
      frame,
      name,
      'MaxInputBytesPerBatch',
      b.MaxInputBytesPerBatch,
      b.MaxInputBytesPerBatchPath,
      effective,
      ql,
    );
    if (maxItems === undefined && maxBytes === undefined) {
      throw new StatesError(
        'States.Runtime',
        `The ItemBatcher of state '${name}' needs MaxItemsPerBatch or MaxInputBytesPerBatch`,
      );
    }
    let batchInput = b.BatchInput;
    if (batchInput !== undefined) {
      batchInput =
        ql === 'JSONata'
          ? await evaluateJsonataTemplate(
              batchInput,
              exec.jsonataEnv(frame, name, { input: effective }),
              'BatchInput',
            )
          : batchInput !== null && typeof batchInput === 'object' && !Array.isArray(batchInput)
            ? applyPayloadTemplate(
                batchInput,
                exec.pathEnv(frame, effective),
                `the BatchInput of state '${name}'`,
              )
            : batchInput;
    }
    return batchItems(selected, { maxItems, maxBytes, batchInput });
  };

  // With an ItemReader, AWS reads the items inside the Map Run: MapStateStarted comes first and reports
  // length 0, and a read that fails fails the Map Run (MapRunFailed, States.ItemReaderFailed). Without one,
  // MapStateStarted reports the items and comes before the tolerated-failure settings are checked.
  // (LocalStack scenarios/test_base_scenarios.snapshot.json: test_map_item_reader_base_csv_headers_decl,
  // test_map_item_reader_csv_max_items_paths, test_map_item_reader_json_no_json_list_object,
  // test_map_state_tolerated_failure_count_path, all recorded on AWS.)
  const reader = s.ItemReader;
  let readerArgs: JsonObject = {};
  let readerMaxItems: number | undefined;
  let childInputs: JsonValue[] = [];
  if (reader) {
    frame.prev = exec.history.append('MapStateStarted', frame.prev, { length: 0 });
    readerArgs = await evalArgs(reader.Parameters, reader.Arguments, 'ItemReader');
    readerMaxItems = await mapNumber(
      frame,
      name,
      'MaxItems',
      reader.ReaderConfig?.MaxItems,
      reader.ReaderConfig?.MaxItemsPath,
      effective,
      ql,
    );
  } else {
    childInputs = await childInputsOf(await mapItemsFromInput(frame, name, s, effective, ql));
  }
  const requested =
    (await mapNumber(frame, name, 'MaxConcurrency', s.MaxConcurrency, s.MaxConcurrencyPath, effective, ql)) ??
    0;
  const limit =
    requested === 0 ? DISTRIBUTED_MAX_CONCURRENCY : Math.min(requested, DISTRIBUTED_MAX_CONCURRENCY);
  if (!reader)
    frame.prev = exec.history.append('MapStateStarted', frame.prev, { length: childInputs.length });
  const tolCount = await mapNumber(
    frame,
    name,
    'ToleratedFailureCount',
    s.ToleratedFailureCount,
    s.ToleratedFailureCountPath,
    effective,
    ql,
  );
  const tolPct = await mapNumber(
    frame,
    name,
    'ToleratedFailurePercentage',
    s.ToleratedFailurePercentage,
    s.ToleratedFailurePercentagePath,
    effective,
    ql,
  );

  const { identity, services } = exec;
  const runId = services.random.uuid();
  const machinePart = `${identity.stateMachineName}/${s.Label ?? name}`;
  const arnBase = `arn:aws:states:${services.region}:${services.accountId}`;
  const mapRunArn = `${arnBase}:mapRun:${machinePart}:${runId}`;
  frame.prev = exec.history.append('MapRunStarted', frame.prev, { mapRunArn });
  if (reader) {
    let items: JsonValue[];
    try {
      items = await exec.outsideWork(() =>
        readItems(
          exec.services.objectStore,
          reader.Resource,
          readerArgs,
          reader.ReaderConfig,
          readerMaxItems,
        ),
      );
    } catch (e) {
      if (e instanceof StatesError && e.error === 'States.ItemReaderFailed') {
        frame.prev = exec.history.append('MapRunFailed', frame.prev, { error: e.error, cause: e.cause });
        frame.prev = exec.history.append('MapStateFailed', frame.prev);
      }
      throw e;
    }
    childInputs = await childInputsOf(items);
  }
  const total = childInputs.length;
  const exceeded = (failed: number): boolean => {
    if (tolCount === undefined && tolPct === undefined) return failed > 0;
    if (tolCount !== undefined && failed > tolCount) return true;
    if (tolPct !== undefined && total > 0 && (failed / total) * 100 > tolPct) return true;
    return false;
  };
  const run = { mapRunArn, label: s.Label, stateName: name, itemCount: total, failed: 0, succeeded: 0 };
  exec.mapRuns.push(run);

  const childType = s.ItemProcessor?.ProcessorConfig?.ExecutionType ?? 'STANDARD';
  // Shared by every child of the run (one string, not 10,000 copies).
  const childMachineArn = `${arnBase}:stateMachine:${machinePart}`;
  const childArnPrefix = `${arnBase}:${childType === 'EXPRESS' ? 'express' : 'execution'}:${machinePart}:`;
  const childDef: StateMachineDefinition = {
    StartAt: graph.StartAt,
    States: graph.States,
    QueryLanguage: graph.QueryLanguage ?? ql,
  };
  const ended = new Array<Execution>(total);
  const running = new Set<Execution>();
  let stopped = false;
  let failed = 0;
  let next = 0;

  await new Promise<void>((resolve) => {
    let finished = 0;
    if (total === 0) resolve();
    const launch = (): void => {
      if (stopped || next >= total) return;
      const i = next++;
      const childName = services.random.uuid();
      const child = new Execution(
        childDef,
        childInputs[i] as JsonValue,
        services,
        {
          executionArn: childArnPrefix + childName,
          name: childName,
          stateMachineArn: childMachineArn,
          stateMachineName: machinePart,
          roleArn: identity.roleArn,
          type: childType,
          contextOverrides: undefined,
        },
        childType === 'EXPRESS' || exec.historyLimit === null ? null : DEFAULT_MAX_HISTORY_EVENTS,
      );
      child.isChild = true;
      exec.children.push(child);
      running.add(child);
      child.run().then(() => {
        running.delete(child);
        ended[i] = child;
        if (child.status === 'SUCCEEDED') run.succeeded++;
        else {
          failed++;
          run.failed++;
          if (!stopped && exceeded(failed)) {
            stopped = true;
            for (const other of running) other.terminate('ABORTED', 'States.Aborted', 'The Map Run failed');
            resolve();
            return;
          }
        }
        finished++;
        if (finished === total) resolve();
        else launch();
      });
    };
    for (let k = 0; k < Math.min(limit, total); k++) launch();
  });

  if (stopped) {
    const cause = `The Map Run ${mapRunArn} failed: ${failed} of ${total} child executions failed, more than the tolerated ${
      tolCount !== undefined ? `count ${tolCount}` : ''
    }${tolCount !== undefined && tolPct !== undefined ? ' / ' : ''}${tolPct !== undefined ? `percentage ${tolPct}%` : tolCount === undefined ? 'count 0' : ''}`;
    frame.prev = exec.history.append('MapRunFailed', frame.prev, {
      error: 'States.ExceedToleratedFailureThreshold',
      cause,
    });
    frame.prev = exec.history.append('MapStateFailed', frame.prev);
    throw new StatesError('States.ExceedToleratedFailureThreshold', cause);
  }
  frame.prev = exec.history.append('MapRunSucceeded', frame.prev);
  let result: JsonValue;
  try {
    const w = s.ResultWriter;
    if (w && (w.Resource || w.Parameters || w.Arguments)) {
      const args = await evalArgs(w.Parameters, w.Arguments, 'ResultWriter');
      const outcomes = ended.map((c) => outcomeOf(c, identity.stateMachineArn));
      result = await exec.outsideWork(() =>
        writeResults(services.objectStore, args, w.WriterConfig, mapRunArn, outcomes),
      );
    } else {
      const t = w?.WriterConfig?.Transformation ?? 'COMPACT';
      // Execution metadata is built only where it is reported: failed children, or Transformation NONE.
      if (t === 'NONE')
        result = transformResults(
          ended.map((c) => outcomeOf(c, identity.stateMachineArn)),
          t,
        );
      else {
        const out: JsonValue[] = [];
        for (const c of ended) {
          if (c.status !== 'SUCCEEDED')
            out.push(transformResults([outcomeOf(c, identity.stateMachineArn)], t)[0] as JsonValue);
          else if (t === 'FLATTEN' && Array.isArray(c.output)) out.push(...c.output);
          else out.push(c.output ?? null);
        }
        result = out;
      }
    }
  } catch (e) {
    frame.prev = exec.history.append('MapStateFailed', frame.prev);
    throw e;
  }
  frame.prev = exec.history.append('MapStateSucceeded', frame.prev);
  return result;
}

function outcomeOf(child: Execution, stateMachineArn: string): ChildOutcome {
  const o: ChildOutcome = {
    ExecutionArn: child.identity.executionArn,
    Name: child.identity.name,
    StateMachineArn: stateMachineArn,
    Status: child.status === 'RUNNING' ? 'PENDING' : child.status,
    StartDate: new Date(child.startedAt).toISOString(),
    StopDate: new Date(child.stoppedAt ?? child.startedAt).toISOString(),
    Input: JSON.stringify(child.input),
    InputDetails: { Included: true },
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
  };
  if (child.status === 'SUCCEEDED') {
    o.Output = JSON.stringify(child.output);
    o.OutputDetails = { Included: true };
  } else {
    o.Error = child.error;
    o.Cause = child.cause;
    o.RedriveStatus = 'REDRIVABLE';
    o.RedriveStatusReason = '';
  }
  return o;
}
