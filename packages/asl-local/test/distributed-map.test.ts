import type { StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { InMemoryObjectStore, startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

const processor = (executionType: 'STANDARD' | 'EXPRESS' = 'STANDARD') => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED' as const, ExecutionType: executionType },
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task' as const,
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'work', 'Payload.$': '$' },
      ResultSelector: { 'r.$': '$.Payload' },
      End: true,
    },
  },
});

const work = (x: unknown) => {
  const v = x as { n?: number; fail?: boolean };
  if (v.fail) throw Object.assign(new Error(`item ${v.n} failed`), { name: 'WorkFailed' });
  return { doubled: (v.n ?? 0) * 2 };
};

describe('Distributed Map', () => {
  it('runs each item as a child execution with its own history and returns outputs (COMPACT)', async () => {
    const def: StateMachineDefinition = {
      StartAt: 'Fan',
      States: {
        Fan: { Type: 'Map', Label: 'Accounts', ItemsPath: '$.items', ItemProcessor: processor(), End: true },
      },
    };
    const r = await startExecution({
      definition: def,
      input: { items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
      handlers: { work },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual([{ r: { doubled: 2 } }, { r: { doubled: 4 } }, { r: { doubled: 6 } }]);
    expect(r.childExecutions).toHaveLength(3);
    expect(r.childExecutions[0]?.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(r.childExecutions[0]?.executionArn).toMatch(/:execution:StateMachine\/Accounts:/);
    const types = r.history.map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    expect(r.mapRuns[0]).toMatchObject({ label: 'Accounts', itemCount: 3, succeeded: 3, failed: 0 });
  });

  it('fails with States.ExceedToleratedFailureThreshold past ToleratedFailureCount, tolerates up to it', async () => {
    const items = [
      { n: 1, fail: false },
      { n: 2, fail: true },
      { n: 3, fail: true },
      { n: 4, fail: false },
    ];
    const def = (tolerated: number): StateMachineDefinition => ({
      StartAt: 'Fan',
      States: {
        Fan: { Type: 'Map', ToleratedFailureCount: tolerated, ItemProcessor: processor(), End: true },
      },
    });
    const strict = await startExecution({ definition: def(1), input: items, handlers: { work } });
    expect(strict.status).toBe('FAILED');
    expect(strict.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(strict.history.some((e) => e.type === 'MapRunFailed')).toBe(true);
    const lenient = await startExecution({ definition: def(2), input: items, handlers: { work } });
    expect(lenient.status).toBe('SUCCEEDED');
    const out = lenient.output as { Status?: string; Error?: string }[];
    expect(out[0]).toEqual({ r: { doubled: 2 } });
    // A failed child keeps its execution metadata, as AWS documents for every Transformation.
    expect(out[1]).toMatchObject({ Status: 'FAILED', Error: 'WorkFailed' });
  });

  it('tolerates failures by percentage', async () => {
    const items = Array.from({ length: 10 }, (_, n) => ({ n, fail: n < 3 }));
    const def = (pct: number): StateMachineDefinition => ({
      StartAt: 'Fan',
      States: {
        Fan: { Type: 'Map', ToleratedFailurePercentage: pct, ItemProcessor: processor('EXPRESS'), End: true },
      },
    });
    expect((await startExecution({ definition: def(30), input: items, handlers: { work } })).status).toBe(
      'SUCCEEDED',
    );
    expect((await startExecution({ definition: def(20), input: items, handlers: { work } })).error).toBe(
      'States.ExceedToleratedFailureThreshold',
    );
  });

  it('reads items with ItemReader (JSON, JSONL, CSV, listObjectsV2) and batches them with ItemBatcher', async () => {
    const store = new InMemoryObjectStore();
    store.put('b', 'items.json', JSON.stringify({ data: [{ n: 1 }, { n: 2 }, { n: 3 }] }));
    store.put('b', 'items.jsonl', '{"n":1}\n{"n":2}\n');
    store.put('b', 'items.csv', 'n,name\n1,"a, b"\n2,c\n');
    store.put('b', 'logs/1.txt', 'x');
    store.put('b', 'logs/2.txt', 'yy');
    const echo = {
      ProcessorConfig: { Mode: 'DISTRIBUTED' as const, ExecutionType: 'EXPRESS' as const },
      StartAt: 'P',
      States: { P: { Type: 'Pass' as const, End: true } },
    };
    const run = (ItemReader: object, extra: object = {}) =>
      startExecution({
        definition: {
          StartAt: 'M',
          States: { M: { Type: 'Map', ItemReader, ItemProcessor: echo, End: true, ...extra } },
        } as StateMachineDefinition,
        input: { bucket: 'b' },
        options: { objectStore: store },
      });
    const json = await run(
      {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON', ItemsPointer: '/data' },
        Parameters: { 'Bucket.$': '$.bucket', Key: 'items.json' },
      },
      { ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { run: 7 } } },
    );
    expect(json.output).toEqual([
      { BatchInput: { run: 7 }, Items: [{ n: 1 }, { n: 2 }] },
      { BatchInput: { run: 7 }, Items: [{ n: 3 }] },
    ]);
    const jsonl = await run({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { Bucket: 'b', Key: 'items.jsonl' },
    });
    expect(jsonl.output).toEqual([{ n: 1 }, { n: 2 }]);
    const csv = await run({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
      Parameters: { Bucket: 'b', Key: 'items.csv' },
    });
    expect(csv.output).toEqual([
      { n: '1', name: 'a, b' },
      { n: '2', name: 'c' },
    ]);
    const list = await run({
      Resource: 'arn:aws:states:::s3:listObjectsV2',
      Parameters: { Bucket: 'b', Prefix: 'logs/' },
    });
    expect((list.output as { Key: string; Size: number }[]).map((o) => [o.Key, o.Size])).toEqual([
      ['logs/1.txt', 1],
      ['logs/2.txt', 2],
    ]);
    const missing = await run({
      Resource: 'arn:aws:states:::s3:getObject',
      Parameters: { Bucket: 'b', Key: 'nope.json' },
    });
    expect(missing.error).toBe('States.ItemReaderFailed');
  });

  it('writes results with ResultWriter (manifest + SUCCEEDED/FAILED files) and applies WriterConfig', async () => {
    const store = new InMemoryObjectStore();
    const def: StateMachineDefinition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ToleratedFailurePercentage: 50,
          ItemProcessor: processor(),
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { Bucket: 'out', Prefix: 'runs' },
            WriterConfig: { OutputType: 'JSON', Transformation: 'COMPACT' },
          },
          End: true,
        },
      },
    };
    const r = await startExecution({
      definition: def,
      input: [{ n: 1 }, { n: 2, fail: true }],
      handlers: { work },
      options: { objectStore: store },
    });
    expect(r.status).toBe('SUCCEEDED');
    const out = r.output as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    expect(out.ResultWriterDetails.Key).toMatch(/^runs\/.+\/manifest\.json$/);
    const manifest = JSON.parse(store.get('out', out.ResultWriterDetails.Key) ?? '{}');
    expect(manifest.MapRunArn).toBe(out.MapRunArn);
    const ok = JSON.parse(store.get('out', manifest.ResultFiles.SUCCEEDED[0].Key) ?? '[]');
    expect(ok).toEqual([{ r: { doubled: 2 } }]);
    const bad = JSON.parse(store.get('out', manifest.ResultFiles.FAILED[0].Key) ?? '[]');
    expect(bad[0]).toMatchObject({ Status: 'FAILED', Error: 'WorkFailed' });

    const flat = await startExecution({
      definition: {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ResultWriter: { WriterConfig: { Transformation: 'FLATTEN' } },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
              StartAt: 'P',
              States: { P: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      },
      input: [[1, 2], [3]],
    });
    expect(flat.output).toEqual([1, 2, 3]);
  });

  it('gives each STANDARD child its own 25,000-event limit and EXPRESS children none', async () => {
    const loop = (type: 'STANDARD' | 'EXPRESS'): StateMachineDefinition => ({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: type },
            StartAt: 'Init',
            States: {
              Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Loop' },
              Loop: {
                Type: 'Choice',
                Choices: [{ Variable: '$.i', NumericGreaterThanEquals: 13_000, Next: 'Done' }],
                Default: 'Inc',
              },
              Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Loop' },
              Done: { Type: 'Succeed' },
            },
          },
          End: true,
        },
      },
    });
    const std = await startExecution({ definition: loop('STANDARD'), input: [1] });
    expect(std.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(std.childExecutions[0]?.historyEventCount).toBe(25_000);
    expect(std.childExecutions[0]?.error).toBe('States.Runtime');
    const exp = await startExecution({
      definition: loop('EXPRESS'),
      input: [1],
      options: { recordHistory: false },
    });
    expect(exp.status).toBe('SUCCEEDED');
  });
});
