import type { State, StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

const jsonata = (state: State): StateMachineDefinition => ({
  QueryLanguage: 'JSONata',
  StartAt: 'S',
  States: { S: state },
});

describe('a JSONata state with a JSONPath-only field fails clearly instead of running', () => {
  it.each([
    ['Fail with ErrorPath', { Type: 'Fail', ErrorPath: '$.e' } as State, 'ErrorPath'],
    [
      'Task with TimeoutSecondsPath',
      {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:1:function:f',
        TimeoutSecondsPath: '$.t',
        End: true,
      } as State,
      'TimeoutSecondsPath',
    ],
    [
      'Task with HeartbeatSecondsPath',
      {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:1:function:f',
        HeartbeatSecondsPath: '$.h',
        End: true,
      } as State,
      'HeartbeatSecondsPath',
    ],
    [
      'Map with MaxConcurrencyPath',
      {
        Type: 'Map',
        Items: [1],
        MaxConcurrencyPath: '$.c',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      } as State,
      'MaxConcurrencyPath',
    ],
  ])('%s', async (_name, state, field) => {
    let called = false;
    const r = await startExecution({
      definition: jsonata(state),
      input: { e: 'X', t: 1, h: 1, c: 1 },
      handlers: {
        f: async () => {
          called = true;
          return {};
        },
      },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain(`'S' cannot use the field(s) ${field}`);
    expect(called).toBe(false);
  });
});
