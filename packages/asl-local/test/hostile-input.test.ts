import type { StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { InvalidExecutionParamsError, startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

describe('data lookups are own-property only', () => {
  it('InputPath $.hasOwnProperty selects nothing (States.Runtime), it is no JavaScript method', async () => {
    const r = await startExecution({
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.hasOwnProperty', End: true } } },
      input: { a: 1 },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain('$.hasOwnProperty');
  });

  it('a state named like an Object member is not found unless it exists', async () => {
    const r = await startExecution({
      definition: { StartAt: 'constructor', States: { P: { Type: 'Pass', End: true } } },
    });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain("'constructor' does not exist");
  });

  it('__proto__ keys are data: selected, written by Parameters and ResultPath, kept in the output', async () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
    const def: StateMachineDefinition = JSON.parse(`{
      "StartAt": "P",
      "States": {
        "P": { "Type": "Pass", "Parameters": { "__proto__": { "k.$": "$.x" }, "copy.$": "$.__proto__" },
               "ResultPath": "$.__proto__", "Next": "Q" },
        "Q": { "Type": "Pass", "OutputPath": "$.__proto__", "End": true }
      }
    }`);
    const r = await startExecution({ definition: def, input });
    expect(r.status).toBe('SUCCEEDED');
    expect(JSON.stringify(r.output)).toBe('{"__proto__":{"k":1},"copy":{"polluted":true}}');
    expect(Object.getPrototypeOf(r.output)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('StringMatches runs in linear time', () => {
  const choice = (pattern: string): StateMachineDefinition => ({
    StartAt: 'C',
    States: {
      C: {
        Type: 'Choice',
        Choices: [{ Variable: '$.s', StringMatches: pattern, Next: 'Yes' }],
        Default: 'No',
      },
      Yes: { Type: 'Pass', Result: 'yes', End: true },
      No: { Type: 'Pass', Result: 'no', End: true },
    },
  });
  const matches = async (s: string, pattern: string) =>
    (await startExecution({ definition: choice(pattern), input: { s } })).output;

  it('matches * globs with escapes as AWS documents (Choice state, StringMatches)', async () => {
    expect(await matches('log-2024.txt', 'log-*.txt')).toBe('yes');
    expect(await matches('log-2024.txt', '*.csv')).toBe('no');
    expect(await matches('a*b', 'a\\*b')).toBe('yes');
    expect(await matches('axb', 'a\\*b')).toBe('no');
    expect(await matches('a\\b', 'a\\\\b')).toBe('yes');
    expect(await matches('', '*')).toBe('yes');
    expect(await matches('abab', '*ab*ab*')).toBe('yes');
    expect(await matches('aba', 'a*ba')).toBe('yes');
    expect(await matches('ab', 'a*ba')).toBe('no');
    expect(await matches('x.y', 'x.y')).toBe('yes');
    expect(await matches('xzy', 'x.y')).toBe('no');
  });

  it('a hostile pattern on 200,000 characters ends at once (no backtracking regex)', async () => {
    const s = 'a'.repeat(200_000);
    // A backtracking matcher needs minutes here (the test's timeout fails it); the linear one, milliseconds.
    expect(await matches(s, '*a*a*a*a*a*a*b')).toBe('no');
    expect(await matches(`${s}b`, '*a*a*a*a*a*a*b')).toBe('yes');
  });
});

describe('no JavaScript error name becomes an ASL error name', () => {
  it('an invalid startTime is refused up front, not a RangeError "Invalid time value" later', () => {
    expect(() =>
      startExecution({
        definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        options: { startTime: 'not a date' },
      }),
    ).toThrow(InvalidExecutionParamsError);
  });

  it('a handler result that is not JSON fails the task with States.Runtime naming the state', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const r = await startExecution({
      definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'loop', End: true } } },
      handlers: { loop: () => cyclic as never },
    });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain("The result of the task in state 'T' is not JSON");
  });

  it('an unparseable path names the field and the position, with no error name inside the cause', async () => {
    const run = (state: Record<string, unknown>) =>
      startExecution({
        definition: {
          StartAt: 'P',
          States: { P: { Type: 'Pass', ...state, End: true } },
        } as StateMachineDefinition,
        input: { arr: [1] },
      });
    const params = await run({ Parameters: { 'x.$': '$.arr[(@.length-1)]' } });
    expect(params.error).toBe('States.Runtime');
    expect(params.cause).toMatch(
      /The field 'x\.\$': invalid JSONPath '\$\.arr\[\(@\.length-1\)\]' at character 6/,
    );
    const result = await run({ ResultPath: '$.a[(@.x)]' });
    expect(result.error).toBe('States.ResultPathMatchFailure');
    expect(result.cause).toMatch(/^invalid JSONPath/);
    for (const r of [params, result]) expect(r.cause).not.toMatch(/States\.\w+:|Error:/);
  });

  it('a huge JSONata Wait is "Wait state delay is too long.", not a RangeError from Date', async () => {
    const r = await startExecution({
      definition: {
        QueryLanguage: 'JSONata',
        StartAt: 'W',
        States: { W: { Type: 'Wait', Seconds: '{% 1e300 %}', End: true } },
      },
    });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain('Wait state delay is too long.');
  });
});
