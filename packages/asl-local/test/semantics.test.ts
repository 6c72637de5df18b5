import type { ChoiceRule, JsonValue, StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { handlerFor, startExecution, typedHandler } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const choice = (rule: Omit<ChoiceRule, 'Next'>): StateMachineDefinition => ({
  StartAt: 'C',
  States: {
    C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' },
    Yes: { Type: 'Pass', Result: true, End: true },
    No: { Type: 'Pass', Result: false, End: true },
  },
});
const matches = async (rule: Omit<ChoiceRule, 'Next'>, input: JsonValue) =>
  (await startExecution({ definition: choice(rule), input })).output;

describe('Choice operators', () => {
  it.each([
    [{ Variable: '$.s', StringEquals: 'a' }, { s: 'a' }, true],
    [{ Variable: '$.s', StringEqualsPath: '$.t' }, { s: 'a', t: 'a' }, true],
    [{ Variable: '$.s', StringLessThan: 'b' }, { s: 'a' }, true],
    [{ Variable: '$.s', StringGreaterThanEquals: 'b' }, { s: 'a' }, false],
    [{ Variable: '$.n', NumericEquals: 3 }, { n: 3 }, true],
    [{ Variable: '$.n', NumericLessThanPath: '$.m' }, { n: 3, m: 4 }, true],
    [{ Variable: '$.n', NumericGreaterThan: 3 }, { n: '4' }, false],
    [{ Variable: '$.b', BooleanEquals: false }, { b: false }, true],
    [
      { Variable: '$.t', TimestampLessThan: '2024-01-02T00:00:00Z' },
      { t: '2024-01-01T23:59:59+00:00' },
      true,
    ],
    [{ Variable: '$.t', TimestampEquals: '2024-01-01T00:00:00Z' }, { t: '2024-01-01T01:00:00+01:00' }, true],
    [{ Variable: '$.t', IsTimestamp: true }, { t: '2024-01-01' }, false],
    [{ Variable: '$.x', IsNull: true }, { x: null }, true],
    [{ Variable: '$.x', IsPresent: false }, {}, true],
    [{ Variable: '$.x', IsNumeric: true }, { x: 1.5 }, true],
    [{ Variable: '$.x', IsString: true }, { x: 1 }, false],
    [{ Variable: '$.x', IsBoolean: true }, { x: true }, true],
    [{ Not: { Variable: '$.n', NumericEquals: 1 } }, { n: 2 }, true],
    [
      {
        Or: [
          { Variable: '$.n', NumericEquals: 1 },
          { Variable: '$.n', NumericEquals: 2 },
        ],
      },
      { n: 2 },
      true,
    ],
  ] as const)('%j on %j → %s', async (rule, input, expected) => {
    expect(await matches(rule as Omit<ChoiceRule, 'Next'>, input)).toBe(expected);
  });

  it('StringMatches: * is a wildcard, \\* a literal star and \\\\ a literal backslash', async () => {
    expect(await matches({ Variable: '$.s', StringMatches: 'log-*.txt' }, { s: 'log-2024-01.txt' })).toBe(
      true,
    );
    expect(await matches({ Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'a*b' })).toBe(true);
    expect(await matches({ Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'axxb' })).toBe(false);
    expect(await matches({ Variable: '$.s', StringMatches: 'c:\\\\*' }, { s: 'c:\\dir' })).toBe(true);
  });

  it('comparing a missing variable is States.Runtime (IsPresent is the safe test)', async () => {
    const r = await startExecution({
      definition: choice({ Variable: '$.missing', NumericEquals: 1 }),
      input: {},
    });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain("'$.missing'");
  });
});

describe('Wait', () => {
  const wait = (fields: Record<string, JsonValue>): StateMachineDefinition => ({
    StartAt: 'W',
    States: { W: { Type: 'Wait', ...fields, End: true } },
  });
  const start = '2024-05-01T00:00:00.000Z';
  it.each([
    [{ Seconds: 90 }, {}, '2024-05-01T00:01:30.000Z'],
    [{ SecondsPath: '$.s' }, { s: 30 }, '2024-05-01T00:00:30.000Z'],
    [{ Timestamp: '2024-05-02T00:00:00Z' }, {}, '2024-05-02T00:00:00.000Z'],
    [{ TimestampPath: '$.t' }, { t: '2024-05-01T06:00:00Z' }, '2024-05-01T06:00:00.000Z'],
    [{ Timestamp: '2020-01-01T00:00:00Z' }, {}, start],
  ])('%j advances the virtual clock', async (fields, input, stop) => {
    const r = await startExecution({ definition: wait(fields), input, options: { startTime: start } });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.stopDate.toISOString()).toBe(stop);
  });

  it('rejects a bad timestamp clearly', async () => {
    const r = await startExecution({ definition: wait({ TimestampPath: '$.t' }), input: { t: 'tomorrow' } });
    expect(r.error).toBe('States.Runtime');
    // AWS's wording (LocalStack base/test_wait.snapshot.json, test_wait_timestamppath).
    expect(r.cause).toBe(
      "An error occurred while executing the state 'W' (entered at the event id #2). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == tomorrow",
    );
  });

  it('$$.Execution.StartTime and $$.State.EnteredTime follow the virtual clock', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'W',
        States: {
          W: { Type: 'Wait', Seconds: 60, Next: 'P' },
          P: {
            Type: 'Pass',
            Parameters: {
              'start.$': '$$.Execution.StartTime',
              'entered.$': '$$.State.EnteredTime',
              'name.$': '$$.Execution.Name',
            },
            End: true,
          },
        },
      },
      options: { startTime: start, name: 'run-1' },
    });
    expect(r.output).toEqual({ start, entered: '2024-05-01T00:01:00.000Z', name: 'run-1' });
  });
});

describe('Retry timing', () => {
  const flaky = (failures: number) => {
    let n = 0;
    return () => {
      if (n++ < failures) throw Object.assign(new Error('x'), { name: 'E' });
      return 'ok';
    };
  };
  const machine = (retrier: Record<string, JsonValue>): StateMachineDefinition => ({
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: 'work', Retry: [{ ErrorEquals: ['E'], ...retrier }], End: true } },
  });
  const start = '2024-01-01T00:00:00.000Z';
  const elapsed = (r: { stopDate: Date }) => (r.stopDate.getTime() - Date.parse(start)) / 1000;

  it('uses IntervalSeconds × BackoffRate^n capped by MaxDelaySeconds', async () => {
    const r = await startExecution({
      definition: machine({ IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 10 }),
      handlers: { work: flaky(3) },
      options: { startTime: start },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(elapsed(r)).toBe(2 + 6 + 10);
    expect(r.stateTransitions).toBe(4);
  });

  it('defaults to 1 s, 3 attempts, rate 2.0', async () => {
    const r = await startExecution({
      definition: machine({}),
      handlers: { work: flaky(4) },
      options: { startTime: start },
    });
    expect(r.status).toBe('FAILED');
    expect(elapsed(r)).toBe(1 + 2 + 4);
  });

  it('FULL jitter is random but replays identically for the same seed', async () => {
    const run = (seed: number) =>
      startExecution({
        definition: machine({ IntervalSeconds: 100, JitterStrategy: 'FULL' }),
        handlers: { work: flaky(2) },
        options: { startTime: start, seed },
      });
    const [a, b, c] = await Promise.all([run(7), run(7), run(8)]);
    expect(elapsed(a as { stopDate: Date })).toBe(elapsed(b as { stopDate: Date }));
    expect(elapsed(a as { stopDate: Date })).toBeLessThan(300);
    expect(elapsed(a as { stopDate: Date })).not.toBe(elapsed(c as { stopDate: Date }));
  });

  it('States.ALL does not catch States.Runtime; MaxAttempts 0 never retries', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'missing',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }],
            End: true,
          },
          X: { Type: 'Succeed' },
        },
      },
    });
    expect(r.error).toBe('States.Runtime');
    const never = await startExecution({
      definition: machine({ MaxAttempts: 0 }),
      handlers: { work: flaky(1) },
    });
    expect(never.status).toBe('FAILED');
    expect(never.stateTransitions).toBe(1);
  });
});

describe('limits', () => {
  it('fails with States.DataLimitExceeded when a state output passes 256 KiB, and not when the limit is off', async () => {
    const big: StateMachineDefinition = {
      StartAt: 'P',
      States: {
        P: { Type: 'Pass', Parameters: { 'v.$': 'States.ArrayRange(1, 1000, 1)' }, Next: 'T' },
        T: { Type: 'Task', Resource: 'grow', End: true },
      },
    };
    const handlers = { grow: () => 'x'.repeat(300_000) };
    const r = await startExecution({ definition: big, handlers });
    expect(r.error).toBe('States.DataLimitExceeded');
    expect(r.cause).toBe(
      "The state/task 'grow' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
    expect(
      (await startExecution({ definition: big, handlers, options: { limits: { maxPayloadBytes: false } } }))
        .status,
    ).toBe('SUCCEEDED');
  });

  it('an execution input over the payload limit is refused with a sentence naming the execution input', async () => {
    const r = await startExecution({
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      input: { big: 'x'.repeat(300_000) },
    });
    expect(r.error).toBe('States.DataLimitExceeded');
    expect(r.cause).toBe(
      'The execution input has a size exceeding the maximum number of bytes service limit (262144 bytes)',
    );
  });

  it('fails a Standard execution as event 25,000 unless that event is ExecutionSucceeded', async () => {
    // Init (2 events) + n loops × (Choice 2 + Pass 2) + Done Choice (2) + Succeed (2) + start/end (2).
    const loop = (n: number): StateMachineDefinition => ({
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Loop' },
        Loop: {
          Type: 'Choice',
          Choices: [{ Variable: '$.i', NumericGreaterThanEquals: n, Next: 'Done' }],
          Default: 'Inc',
        },
        Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Loop' },
        Done: { Type: 'Succeed' },
      },
    });
    const exact = await startExecution({ definition: loop(6248), options: { recordHistory: false } });
    expect(exact.historyEventCount).toBe(25_000);
    expect(exact.status).toBe('SUCCEEDED');
    const over = await startExecution({ definition: loop(6249) });
    expect(over.status).toBe('FAILED');
    expect(over.error).toBe('States.Runtime');
    expect(over.cause).toContain('maximum number of history events (25000)');
    expect(over.history).toHaveLength(25_000);
    expect(over.history.at(-1)?.type).toBe('ExecutionFailed');
    const express = await startExecution({
      definition: loop(6249),
      options: { executionType: 'EXPRESS', recordHistory: false },
    });
    expect(express.status).toBe('SUCCEEDED');
    const configured = await startExecution({
      definition: loop(10),
      options: { limits: { maxHistoryEvents: 20 } },
    });
    expect(configured.historyEventCount).toBe(20);
    expect(configured.status).toBe('FAILED');
  });
});

describe('Parallel and Map', () => {
  it('a failing branch fails the Parallel with the branch error and stops its sibling', async () => {
    let siblingSecondState = false;
    const r = await startExecution({
      definition: {
        StartAt: 'Par',
        States: {
          Par: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Bad', States: { Bad: { Type: 'Fail', Error: 'BranchError', Cause: 'no' } } },
              {
                StartAt: 'Slow',
                States: {
                  Slow: { Type: 'Wait', Seconds: 10, Next: 'After' },
                  After: { Type: 'Task', Resource: 'after', End: true },
                },
              },
            ],
            Catch: [{ ErrorEquals: ['BranchError'], ResultPath: '$.err', Next: 'Done' }],
            End: true,
          },
          Done: { Type: 'Succeed' },
        },
      },
      handlers: {
        after: () => {
          siblingSecondState = true;
          return null;
        },
      },
    });
    expect(r.output).toEqual({ err: { Error: 'BranchError', Cause: 'no' } });
    expect(siblingSecondState).toBe(false);
    expect(r.history.some((e) => e.type === 'ParallelStateFailed')).toBe(true);
  });

  it('respects MaxConcurrency (and AWS caps inline Maps at 40)', async () => {
    let running = 0;
    let peak = 0;
    const handlers = {
      work: async (_x: JsonValue, ctx: { sleep(s: number): Promise<void> }) => {
        running++;
        peak = Math.max(peak, running);
        await ctx.sleep(1);
        running--;
        return null;
      },
    };
    const def = (max: number): StateMachineDefinition => ({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          MaxConcurrency: max,
          ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'work', End: true } } },
          End: true,
        },
      },
    });
    await startExecution({ definition: def(3), input: Array.from({ length: 10 }, (_, i) => i), handlers });
    expect(peak).toBe(3);
    peak = 0;
    await startExecution({ definition: def(0), input: Array.from({ length: 100 }, (_, i) => i), handlers });
    expect(peak).toBe(40);
  });
});

describe('handlers', () => {
  it('typed handlers parse input and output with zod and report mismatches with a JSON pointer', async () => {
    const handler = typedHandler({
      input: z.object({ accountId: z.string().regex(/^\d{12}$/) }),
      output: z.object({ ok: z.boolean() }),
      handler: async (input) => ({ ok: input.accountId.startsWith('1') }),
    });
    const def: StateMachineDefinition = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'check', End: true } },
    };
    expect(
      (
        await startExecution({
          definition: def,
          input: { accountId: '111122223333' },
          handlers: { check: handler },
        })
      ).output,
    ).toEqual({ ok: true });
    const bad = await startExecution({
      definition: def,
      input: { accountId: 'nope' },
      handlers: { check: handler },
    });
    expect(bad.error).toBe('States.TaskFailed');
    expect(bad.cause).toContain("'/accountId'");
  });

  it('matches glob patterns and aws-sdk service names', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:cloudformation:describeStacks',
            ResultPath: '$.a',
            Next: 'B',
          },
          B: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:deploy-prod:live',
            ResultPath: '$.b',
            End: true,
          },
        },
      },
      handlers: {
        'aws-sdk:cloudformation:describeStacks': () => 'stacks',
        '*:function:deploy-*': () => 'deployed',
      },
    });
    expect(r.output).toEqual({ a: 'stacks', b: 'deployed' });
  });
});

describe('handlerFor and state-name matching', () => {
  it('parses the payload with the task schema and falls back to the Task state name', async () => {
    const task = {
      inputSchema: z.object({ n: z.number() }),
      outputSchema: z.object({ doubled: z.number() }),
    };
    const r = await startExecution({
      definition: {
        StartAt: 'Double',
        States: { Double: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.unknown', End: true } },
      },
      input: { n: 21 },
      handlers: { Double: handlerFor(task, (p) => ({ doubled: p.n * 2 })) },
    });
    expect(r.output).toEqual({ doubled: 42 });
  });
});

describe('more AWS behaviour', () => {
  it('records MapIterationAborted for iterations still running when one fails', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'Route',
              States: {
                Route: {
                  Type: 'Choice',
                  Choices: [{ Variable: '$', NumericEquals: 0, Next: 'Boom' }],
                  Default: 'Slow',
                },
                Boom: { Type: 'Fail', Error: 'ItemFailed' },
                Slow: { Type: 'Wait', Seconds: 60, End: true },
              },
            },
            End: true,
          },
        },
      },
      input: [0, 1, 2],
    });
    expect(r.error).toBe('ItemFailed');
    const types = r.history.map((e) => e.type);
    expect(types.filter((t) => t === 'MapIterationAborted')).toHaveLength(2);
    expect(types.indexOf('MapIterationFailed')).toBeLessThan(types.indexOf('MapIterationAborted'));
    expect(types.indexOf('MapIterationAborted')).toBeLessThan(types.indexOf('MapStateFailed'));
  });

  it('fails with States.DataLimitExceeded when one Assign stores more than 256 KiB', async () => {
    const r = await startExecution({
      definition: {
        QueryLanguage: 'JSONata',
        StartAt: 'P',
        States: {
          P: {
            Type: 'Pass',
            Assign: { big: '{% $join($map([1..30000], function($i) { "0123456789" }), "") %}' },
            End: true,
          },
        },
      },
    });
    expect(r.error).toBe('States.DataLimitExceeded');
    expect(r.cause).toContain("state 'P'");
  });
});
