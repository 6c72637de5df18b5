import type { JsonValue, StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

const pass = (parameters: Record<string, JsonValue>): StateMachineDefinition => ({
  StartAt: 'P',
  States: { P: { Type: 'Pass', Parameters: parameters, End: true } },
});

describe('intrinsic failures are States.IntrinsicFailure with a clear cause', () => {
  it.each([
    ["States.Format('{} and {}', $.a)", 'template has 2 {}'],
    ['States.ArrayRange(1, 2000, 1)', '1,000 items'],
    ['States.ArrayPartition($.arr, 0)', 'greater than 0'],
    ['States.Base64Decode($.s)', 'not base64'],
    ["States.Hash($.s, 'CRC32')", 'unsupported algorithm'],
    ["States.Hash($.s, 'toString')", 'unsupported algorithm'],
    ['States.JsonMerge($.obj, $.obj, true)', 'shallow'],
    ['States.StringToJson($.s)', 'not valid JSON'],
    ['States.MathAdd($.s, 1)', 'must be a number'],
    ['States.Nope($.a)', 'Unknown intrinsic function States.Nope'],
    ['States.ArrayLength($.arr, 1)', 'takes 1 argument'],
    ["States.Format('x'", 'invalid intrinsic'],
  ])('%s', async (expr, cause) => {
    const r = await startExecution({
      definition: pass({ 'v.$': expr }),
      input: { a: 1, arr: [1, 2], s: '%%%', obj: { k: 1 } },
    });
    expect(r.error).toBe('States.IntrinsicFailure');
    expect(r.cause).toContain(cause);
  });

  it('escapes in States.Format templates keep literal braces and quotes', async () => {
    const r = await startExecution({
      definition: pass({ 'v.$': "States.Format('\\{{}\\} it\\'s', $.a)" }),
      input: { a: 5 },
    });
    expect(r.output).toEqual({ v: "{5} it's" });
  });

  it('States.UUID and States.MathRandom are seeded', async () => {
    const def = pass({ 'id.$': 'States.UUID()', 'n.$': 'States.MathRandom(1, 1000)' });
    const [a, b] = await Promise.all([
      startExecution({ definition: def, options: { seed: 3 } }),
      startExecution({ definition: def, options: { seed: 3 } }),
    ]);
    expect(a.output).toEqual(b.output);
    const out = a.output as { id: string; n: number };
    expect(out.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out.n).toBeGreaterThanOrEqual(1);
    expect(out.n).toBeLessThan(1000);
  });

  it('JSONPath filters select with Jayway semantics', async () => {
    const r = await startExecution({
      definition: pass({
        'active.$': "$.accounts[?(@.status == 'ACTIVE')].id",
        'big.$': '$.accounts[?(@.n > 1)].id',
        'all.$': '$..id',
      }),
      input: {
        accounts: [
          { id: 'a', status: 'ACTIVE', n: 1 },
          { id: 'b', status: 'SUSPENDED', n: 2 },
        ],
      },
    });
    expect(r.output).toEqual({ active: ['a'], big: ['b'], all: ['a', 'b'] });
  });
});

describe('JSONata states', () => {
  it('Map with Items and a JSONata ItemSelector reading $states.context.Map.Item', async () => {
    const r = await startExecution({
      definition: {
        QueryLanguage: 'JSONata',
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Items: '{% $states.input.regions %}',
            ItemSelector: {
              region: '{% $states.context.Map.Item.Value %}',
              index: '{% $states.context.Map.Item.Index %}',
              stack: '{% $states.input.stack %}',
            },
            ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
            Output: '{% $states.result %}',
            End: true,
          },
        },
      },
      input: { stack: 's', regions: ['eu-west-1', 'us-east-1'] },
    });
    expect(r.output).toEqual([
      { region: 'eu-west-1', index: 0, stack: 's' },
      { region: 'us-east-1', index: 1, stack: 's' },
    ]);
  });

  it('Parallel Arguments, Wait Seconds expression and Fail Error/Cause expressions', async () => {
    const r = await startExecution({
      definition: {
        QueryLanguage: 'JSONata',
        StartAt: 'Par',
        States: {
          Par: {
            Type: 'Parallel',
            Arguments: { n: '{% $states.input.n + 1 %}' },
            Branches: [
              { StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $states.input.n %}', End: true } } },
            ],
            Next: 'W',
          },
          W: { Type: 'Wait', Seconds: '{% $states.input[0] * 10 %}', Next: 'F' },
          F: {
            Type: 'Fail',
            Error: '{% "Too" & "Late" %}',
            Cause: '{% "waited " & $string($states.input[0] * 10) %}',
          },
        },
      },
      input: { n: 2 },
      options: { startTime: '2024-01-01T00:00:00Z' },
    });
    expect(r.error).toBe('TooLate');
    expect(r.cause).toBe('waited 30');
    expect(r.stopDate.toISOString()).toBe('2024-01-01T00:00:30.000Z');
  });

  it('$uuid and $random are seeded; $states.context exposes the execution', async () => {
    const def: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: {
        P: {
          Type: 'Pass',
          Output: { id: '{% $uuid() %}', r: '{% $random() %}', name: '{% $states.context.Execution.Name %}' },
          End: true,
        },
      },
    };
    const a = await startExecution({ definition: def, options: { seed: 9, name: 'exec-a' } });
    const b = await startExecution({ definition: def, options: { seed: 9, name: 'exec-a' } });
    expect(a.output).toEqual(b.output);
    expect((a.output as { name: string }).name).toBe('exec-a');
  });

  it('refuses JSONPath fields in a JSONata state and unknown fields anywhere', async () => {
    const mixed = await startExecution({
      definition: {
        QueryLanguage: 'JSONata',
        StartAt: 'P',
        States: { P: { Type: 'Pass', InputPath: '$.a', End: true } },
      },
    });
    expect(mixed.error).toBe('States.Runtime');
    expect(mixed.cause).toContain('InputPath');
    const unknown = await startExecution({
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', Reslt: 1, End: true } as never } },
    });
    expect(unknown.error).toBe('States.Runtime');
    expect(unknown.cause).toContain("Unsupported by asl-local: the field 'Reslt'");
  });

  it('Express executions time out after five minutes', async () => {
    const r = await startExecution({
      definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } },
      options: { executionType: 'EXPRESS' },
    });
    expect(r.status).toBe('TIMED_OUT');
  });
});
