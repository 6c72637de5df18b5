import { describe, expect, it } from 'vitest';
import { canonicalDefinition, type StateMachineDefinition, serializeDefinition } from '../../src/index.js';

/** The same value with every object's keys inserted in reverse order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reverseKeys(v)])) as T;
}

const lambdaMachine: StateMachineDefinition = {
  States: {
    Notify: { End: true, Resource: 'arn:aws:states:::sns:publish', Type: 'Task' },
    Failed: { Cause: 'deploy failed', Error: 'DeployFailed', Type: 'Fail' },
    Deploy: {
      Next: 'Notify',
      Catch: [{ Next: 'Failed', ResultPath: '$.error', ErrorEquals: ['States.ALL'] }],
      Retry: [{ MaxAttempts: 3, BackoffRate: 2, IntervalSeconds: 1, ErrorEquals: ['States.Timeout'] }],
      ResultPath: '$.result',
      Parameters: { Payload: { 'account.$': '$.account' }, FunctionName: 'deploy' },
      Resource: 'arn:aws:states:::lambda:invoke',
      Comment: 'deploys one stack',
      Type: 'Task',
    },
  },
  Version: '1.0',
  TimeoutSeconds: 300,
  StartAt: 'Deploy',
  Comment: 'deploy then notify',
};

describe('serializeDefinition', () => {
  it('writes machine fields, state fields and states in canonical order with a 2-space indent', () => {
    expect(serializeDefinition(lambdaMachine)).toBe(`{
  "Comment": "deploy then notify",
  "StartAt": "Deploy",
  "TimeoutSeconds": 300,
  "Version": "1.0",
  "States": {
    "Deploy": {
      "Type": "Task",
      "Comment": "deploys one stack",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "deploy",
        "Payload": {
          "account.$": "$.account"
        }
      },
      "ResultPath": "$.result",
      "Retry": [
        {
          "ErrorEquals": [
            "States.Timeout"
          ],
          "IntervalSeconds": 1,
          "MaxAttempts": 3,
          "BackoffRate": 2
        }
      ],
      "Catch": [
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "ResultPath": "$.error",
          "Next": "Failed"
        }
      ],
      "Next": "Notify"
    },
    "Notify": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sns:publish",
      "End": true
    },
    "Failed": {
      "Type": "Fail",
      "Error": "DeployFailed",
      "Cause": "deploy failed"
    }
  }
}`);
  });

  it('gives byte-identical output for the same machine whatever order its keys were set in', () => {
    const first = serializeDefinition(lambdaMachine);
    expect(serializeDefinition(lambdaMachine)).toBe(first);
    expect(serializeDefinition(reverseKeys(lambdaMachine))).toBe(first);
    expect(serializeDefinition(structuredClone(lambdaMachine))).toBe(first);
  });

  it('round-trips through JSON.parse to the same model', () => {
    expect(JSON.parse(serializeDefinition(lambdaMachine))).toEqual(lambdaMachine);
  });

  it('matches JSON.stringify of the canonical object, pretty and compact', () => {
    const canonical = canonicalDefinition(reverseKeys(lambdaMachine));
    expect(serializeDefinition(lambdaMachine)).toBe(JSON.stringify(canonical, null, 2));
    expect(serializeDefinition(lambdaMachine, { compact: true })).toBe(JSON.stringify(canonical));
    expect(serializeDefinition(lambdaMachine, { indent: 4 })).toBe(JSON.stringify(canonical, null, 4));
  });

  it('writes compact output without any whitespace outside strings', () => {
    const compact = serializeDefinition(lambdaMachine, { compact: true });
    expect(compact.startsWith('{"Comment":"deploy then notify","StartAt":"Deploy"')).toBe(true);
    expect(compact.replaceAll(/"(?:[^"\\]|\\.)*"/g, '""')).not.toMatch(/\s/);
  });

  it('sorts user data keys recursively but keeps array order', () => {
    const json = serializeDefinition(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Pass',
            Result: { zeta: [3, 1, 2], alpha: { b: 1, a: [{ y: 1, x: 2 }] }, 'Mid.$': '$.m' },
            End: true,
          },
        },
      },
      { compact: true },
    );
    expect(json).toContain('"Result":{"Mid.$":"$.m","alpha":{"a":[{"x":2,"y":1}],"b":1},"zeta":[3,1,2]}');
  });

  it('leaves out undefined fields and writes unknown fields after the known ones', () => {
    const model = {
      StartAt: 'S',
      States: {
        S: { Type: 'Succeed', Comment: undefined, ZFuture: 1, AFuture: { b: 2, a: 1 }, InputPath: '$.x' },
      },
    } as unknown as StateMachineDefinition;
    expect(serializeDefinition(model, { compact: true })).toBe(
      '{"StartAt":"S","States":{"S":{"Type":"Succeed","InputPath":"$.x","AFuture":{"a":1,"b":2},"ZFuture":1}}}',
    );
  });

  it('orders choice rules, nested expressions and Choice fields', () => {
    const json = serializeDefinition(
      {
        StartAt: 'C',
        States: {
          C: {
            Default: 'B',
            Choices: [
              {
                Next: 'A',
                Not: { StringEquals: 'x', Variable: '$.s' },
                And: [{ IsPresent: true, Variable: '$.n' }],
              },
            ],
            Type: 'Choice',
          },
          B: { Type: 'Succeed' },
          A: { Type: 'Succeed' },
        },
      },
      { compact: true },
    );
    expect(json).toBe(
      '{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.n","IsPresent":true}],' +
        '"Not":{"Variable":"$.s","StringEquals":"x"},"Next":"A"}],"Default":"B"},"A":{"Type":"Succeed"},' +
        '"B":{"Type":"Succeed"}}}',
    );
  });

  it('orders a Distributed Map and its reader, batcher, writer and processor', () => {
    const json = serializeDefinition(
      {
        StartAt: 'M',
        States: {
          M: {
            End: true,
            ResultWriter: {
              WriterConfig: { Transformation: 'COMPACT', OutputType: 'JSONL' },
              Parameters: { Prefix: 'out', Bucket: 'b' },
              Resource: 'arn:aws:states:::s3:putObject',
            },
            ItemProcessor: {
              States: { Work: { End: true, Type: 'Pass' } },
              StartAt: 'Work',
              ProcessorConfig: { ExecutionType: 'EXPRESS', Mode: 'DISTRIBUTED' },
            },
            Label: 'rows',
            ToleratedFailurePercentage: 5,
            MaxConcurrency: 100,
            ItemBatcher: { BatchInput: { b: 1, a: 2 }, MaxItemsPerBatch: 10 },
            ItemReader: {
              Parameters: { Key: 'k', Bucket: 'b' },
              ReaderConfig: { CSVHeaderLocation: 'FIRST_ROW', InputType: 'CSV' },
              Resource: 'arn:aws:states:::s3:getObject',
            },
            Type: 'Map',
          },
        },
      },
      { compact: true },
    );
    expect(json).toBe(
      '{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject",' +
        '"ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},"Parameters":{"Bucket":"b","Key":"k"}},' +
        '"ItemBatcher":{"MaxItemsPerBatch":10,"BatchInput":{"a":2,"b":1}},"MaxConcurrency":100,' +
        '"ToleratedFailurePercentage":5,"Label":"rows","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED",' +
        '"ExecutionType":"EXPRESS"},"StartAt":"Work","States":{"Work":{"Type":"Pass","End":true}}},' +
        '"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","WriterConfig":{"OutputType":"JSONL",' +
        '"Transformation":"COMPACT"},"Parameters":{"Bucket":"b","Prefix":"out"}},"End":true}}}',
    );
  });

  it('orders Parallel branches internally and keeps the branch order', () => {
    const json = serializeDefinition(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            End: true,
            Branches: [
              { States: { Z2: { Type: 'Succeed' }, Z1: { Type: 'Pass', Next: 'Z2' } }, StartAt: 'Z1' },
              { States: { A: { Type: 'Succeed' } }, StartAt: 'A', QueryLanguage: 'JSONata' },
            ],
          },
        },
      },
      { compact: true },
    );
    expect(json).toContain(
      '"Branches":[{"StartAt":"Z1","States":{"Z1":{"Type":"Pass","Next":"Z2"},"Z2":{"Type":"Succeed"}}},' +
        '{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Succeed"}}}]',
    );
  });

  it('writes states in reading order: happy path, then handlers, then unreachable states sorted', () => {
    const model: StateMachineDefinition = {
      StartAt: 'Start',
      States: {
        zOrphan: { Type: 'Succeed' },
        Handler: { Type: 'Fail' },
        aOrphan: { Type: 'Succeed' },
        Last: { Type: 'Succeed' },
        Loop: {
          Type: 'Choice',
          Choices: [{ Variable: '$.again', BooleanEquals: true, Next: 'Start' }],
          Default: 'Last',
        },
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:1:function:f',
          Next: 'Loop',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler' }],
        },
      },
    };
    const parsed = JSON.parse(serializeDefinition(model)) as StateMachineDefinition;
    expect(Object.keys(parsed.States)).toEqual(['Start', 'Loop', 'Last', 'Handler', 'aOrphan', 'zOrphan']);
  });

  it('keeps the reading order for state names JavaScript would reorder (integer-like keys)', () => {
    const model: StateMachineDefinition = {
      StartAt: 'b',
      States: { b: { Type: 'Pass', Next: '2' }, '2': { Type: 'Pass', Next: '1' }, '1': { Type: 'Succeed' } },
    };
    expect(serializeDefinition(model, { compact: true })).toBe(
      '{"StartAt":"b","States":{"b":{"Type":"Pass","Next":"2"},"2":{"Type":"Pass","Next":"1"},"1":{"Type":"Succeed"}}}',
    );
  });

  it('serializes a 10,000-state chain without exhausting the stack', () => {
    const states: StateMachineDefinition['States'] = {};
    for (let i = 0; i < 10_000; i++)
      states[`S${i}`] = i < 9_999 ? { Type: 'Pass', Next: `S${i + 1}` } : { Type: 'Succeed' };
    const parsed = JSON.parse(
      serializeDefinition({ StartAt: 'S0', States: states }, { compact: true }),
    ) as StateMachineDefinition;
    expect(Object.keys(parsed.States)).toHaveLength(10_000);
    expect(Object.keys(parsed.States).at(-1)).toBe('S9999');
  });

  it('writes JSON escapes and special numbers as JSON.stringify does', () => {
    const json = serializeDefinition(
      {
        StartAt: 'P',
        States: { P: { Type: 'Pass', Result: { s: 'a"b\\c\n\u2028', n: -0, big: 1e21 }, End: true } },
      },
      { compact: true },
    );
    expect(json).toContain('"Result":{"big":1e+21,"n":0,"s":"a\\"b\\\\c\\n\u2028"}');
    expect(JSON.parse(json).States.P.Result.s).toBe('a"b\\c\n\u2028');
  });
});
