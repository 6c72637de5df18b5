/**
 * Pins complete results of Map + Retry + Catch executions — every history event (ids, previous ids,
 * types, details, virtual timestamps), the output, billed transitions — to fixtures recorded before
 * the engine's performance work (test/pinned/*.json). Faster code must give exactly the same
 * executions: a change here is a change users see in their history, not a refactoring.
 *
 * The shapes themselves are checked against AWS-recorded executions elsewhere (aws-recorded.test.ts);
 * these fixtures only pin the engine's own output across refactorings of its scheduling (promise
 * steps, synchronous fast paths, interleaving of concurrent iterations under the virtual clock).
 * Regenerate a fixture only for an intended behaviour change: PIN_WRITE=1 pnpm exec vitest run <this file>.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { type ExecutionResult, startExecution, type TaskHandlers } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => new URL(`./pinned/${name}.json`, import.meta.url);

/** What is pinned: everything of the result but wall-clock timings. */
function pinned(r: ExecutionResult): unknown {
  return JSON.parse(
    JSON.stringify({
      status: r.status,
      output: r.output,
      error: r.error,
      cause: r.cause,
      stateTransitions: r.stateTransitions,
      historyEventCount: r.historyEventCount,
      startDate: r.startDate,
      stopDate: r.stopDate,
      entries: Object.fromEntries(Object.entries(r.stateTimings).map(([k, t]) => [k, t.entries])),
      durations: Object.fromEntries(Object.entries(r.stateTimings).map(([k, t]) => [k, t.durationMs])),
      lambda: r.lambda,
      history: r.history,
    }),
  );
}

function checkPinned(name: string, r: ExecutionResult): void {
  const actual = pinned(r);
  if (process.env.PIN_WRITE === '1') {
    // One line per history event: a difference shows as the events that changed.
    const { history, ...rest } = actual as { history: unknown[] };
    const lines = history.map((e) => JSON.stringify(e)).join(',\n  ');
    writeFileSync(
      fixture(name),
      `${JSON.stringify(rest, null, 1).slice(0, -2)},\n "history": [\n  ${lines}\n ]\n}\n`,
    );
  }
  expect(actual).toEqual(JSON.parse(readFileSync(fixture(name), 'utf8')));
}

const fail = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * Items: id % 10 = 1 fails twice with Transient then succeeds; 2 always fails Permanent (caught);
 * 3 answers synchronously; 4 fails Transient four times (retries exhausted, caught by States.ALL);
 * 5 waits (virtual time) before answering; others answer asynchronously.
 */
function handlers(): TaskHandlers {
  const attempts = new Map<number, number>();
  return {
    work: (input: unknown, ctx) => {
      const { id } = input as { id: number };
      const n = attempts.get(id) ?? 0;
      attempts.set(id, n + 1);
      switch (id % 10) {
        case 1:
          return n < 2
            ? Promise.reject(fail('Transient', `item ${id} busy`))
            : Promise.resolve({ id, ok: true });
        case 2:
          return Promise.reject(fail('Permanent', `item ${id} is broken`));
        case 3:
          return { id, ok: true, sync: true };
        case 4:
          throw fail('Transient', `item ${id} always busy`);
        case 5:
          return ctx.sleep(3).then(() => ({ id, ok: id % 20 === 5, retry: ctx.retryCount }));
        default:
          return Promise.resolve({ id, ok: true });
      }
    },
    check: async (input: unknown, ctx) => {
      const { id } = input as { id: number };
      if (id === 17) throw fail('Fatal', 'item 17 cannot be checked');
      // Siblings still running when item 17 has failed for good are aborted.
      if (id % 3 !== 0) await ctx.sleep(id % 4);
      return { checked: id };
    },
  };
}

function mapMachine(maxConcurrency: number | undefined): StateMachineDefinition {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ...(maxConcurrency === undefined ? {} : { MaxConcurrency: maxConcurrency }),
        ItemProcessor: {
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work',
              Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
              Catch: [
                { ErrorEquals: ['Permanent'], ResultPath: '$.error', Next: 'Caught' },
                { ErrorEquals: ['States.ALL'], ResultPath: '$.other', Next: 'Caught' },
              ],
              Next: 'Check',
            },
            Check: {
              Type: 'Choice',
              Choices: [
                { Variable: '$.ok', BooleanEquals: true, Next: 'Done' },
                { Variable: '$.retry', IsPresent: true, Next: 'Later' },
              ],
              Default: 'Caught',
            },
            Later: { Type: 'Wait', Seconds: 5, Next: 'Done' },
            Done: { Type: 'Pass', Result: 'done', End: true },
            Caught: { Type: 'Pass', Parameters: { 'caught.$': '$' }, End: true },
          },
        },
        Next: 'Both',
      },
      Both: {
        Type: 'Parallel',
        ResultPath: '$',
        Branches: [
          {
            StartAt: 'Count',
            States: { Count: { Type: 'Pass', Parameters: { 'n.$': 'States.ArrayLength($)' }, End: true } },
          },
          { StartAt: 'First', States: { First: { Type: 'Pass', InputPath: '$[0]', End: true } } },
        ],
        End: true,
      },
    },
  };
}

/** A Map whose iteration 17 fails uncaught: the Map fails, running iterations are aborted, a Catch takes it. */
function failingMapMachine(): StateMachineDefinition {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 6,
        ItemProcessor: {
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:check',
              Retry: [{ ErrorEquals: ['Fatal'], IntervalSeconds: 2, MaxAttempts: 1 }],
              End: true,
            },
          },
        },
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'After' }],
        Next: 'After',
      },
      After: { Type: 'Pass', End: true },
    },
  };
}

const items = (n: number) => ({ items: Array.from({ length: n }, (_, id) => ({ id })) });
const options = { startTime: '2024-05-01T12:00:00Z', limits: { maxHistoryEvents: false as const } };

describe('pinned executions (history, output and billing exactly as recorded before the performance work)', () => {
  it('a 40-item Map (at most 4 at once) with Retry, Catch, Choice, Wait and Parallel', async () => {
    const r = await startExecution({
      definition: mapMachine(4),
      input: items(40),
      handlers: handlers(),
      options,
    });
    checkPinned('map-retry-catch-4', r);
  });

  it('the same Map at the default concurrency (40)', async () => {
    const r = await startExecution({
      definition: mapMachine(undefined),
      input: items(40),
      handlers: handlers(),
      options,
    });
    checkPinned('map-retry-catch-40', r);
  });

  it('a Map whose iteration fails uncaught: aborted siblings, MapStateFailed, the Map Catch', async () => {
    const r = await startExecution({
      definition: failingMapMachine(),
      input: items(30),
      handlers: handlers(),
      options,
    });
    checkPinned('map-iteration-fails', r);
  });
});
