import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { createExecution, startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/asl-local-cli.js';

/*
 * An execution that can no longer progress ends at once. AWS would keep it RUNNING until the
 * maximum execution duration, one year for Standard workflows, and then fail it with States.Timeout
 * (Step Functions developer guide, service quotas: "Maximum execution time: 1 year"). Under the
 * virtual clock that moment is reached at once.
 */

const callback: StateMachineDefinition = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      End: true,
    },
  },
};

describe('an execution that can no longer progress ends at once', () => {
  it('.waitForTaskToken whose handler only returns: TIMED_OUT after the 1-year maximum, naming the state', async () => {
    const r = await startExecution({
      definition: callback,
      handlers: { 'sqs:sendMessage': () => ({ MessageId: 'm' }) },
      options: { startTime: '2024-01-01T00:00:00Z' },
    });
    expect(r.status).toBe('TIMED_OUT');
    expect(r.error).toBe('States.Timeout');
    expect(r.cause).toContain("state 'Approve' waits for a task token");
    expect(r.stopDate.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    expect(r.history.at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('the same under the real clock, without waiting a year', async () => {
    const r = await startExecution({
      definition: callback,
      handlers: { 'sqs:sendMessage': () => ({ MessageId: 'm' }) },
      options: { clock: 'real' },
    });
    expect(r.status).toBe('TIMED_OUT');
    expect(r.cause).toContain("'Approve'");
  });

  it('inside Parallel branches and Map iterations, naming every waiting state', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'A', States: { A: { ...callback.States.Approve, End: true } } },
              { StartAt: 'B', States: { B: { ...callback.States.Approve, End: true } } },
            ],
            End: true,
          },
        },
      } as StateMachineDefinition,
      handlers: { 'sqs:sendMessage': () => ({}) },
    });
    expect(r.status).toBe('TIMED_OUT');
    expect(r.cause).toContain("states 'A', 'B' wait");
  });

  it('createExecution keeps waiting while a token is pending: its caller can still send it', async () => {
    const run = createExecution({ definition: callback, handlers: { 'sqs:sendMessage': () => ({}) } });
    for (let i = 0; i < 50 && run.pendingTaskTokens().length === 0; i++)
      await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 20));
    const [token] = run.pendingTaskTokens();
    expect(token).toBeDefined();
    run.sendTaskSuccess(token as string, { approved: true });
    const r = await run.result;
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ approved: true });
  });

  it('"Branches": {} fails the Parallel state with States.Runtime instead of hanging', async () => {
    const r = await startExecution({
      definition: JSON.parse('{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":{},"End":true}}}'),
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain("Branches of Parallel state 'P' must be an array");
  });

  it('an activity handler is the worker: its return value completes the task (SendTaskSuccess)', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: 'arn:aws:states:us-east-1:123456789012:activity:review',
            End: true,
          },
        },
      },
      handlers: { review: (x, ctx) => ({ reviewed: x, token: typeof ctx.taskToken }) },
      input: { doc: 1 },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ reviewed: { doc: 1 }, token: 'string' });
    expect(r.history.map((e) => e.type)).toContain('ActivitySucceeded');
  });

  it('asl-local run exits 1 naming the waiting state, never 0 with no output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asl-local-bounded-'));
    const def = join(dir, 'machine.json');
    const mocks = join(dir, 'mocks.json');
    writeFileSync(def, JSON.stringify(callback));
    writeFileSync(mocks, JSON.stringify({ mocks: { 'sqs:sendMessage': { return: { MessageId: 'm' } } } }));
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out += String(s);
      return true;
    });
    let code: number;
    try {
      code = await main(['run', def, '--mocks', mocks]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(1);
    expect(out).toContain('status: TIMED_OUT');
    expect(out).toContain("state 'Approve' waits for a task token");
  });
});

describe('JSONata has a time and depth budget (options.jsonata)', () => {
  const output = (expr: string): StateMachineDefinition => ({
    QueryLanguage: 'JSONata',
    StartAt: 'S',
    States: { S: { Type: 'Pass', Output: `{% ${expr} %}`, End: true } },
  });

  it('tail recursion that never ends: States.QueryEvaluationError after timeoutMs', async () => {
    const r = await startExecution({
      definition: output('($f := function($n){ $f($n + 1) }; $f(0))'),
      options: { jsonata: { timeoutMs: 300 } },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toContain('ran longer than the 300 ms allowed');
  });

  it('deep recursion: States.QueryEvaluationError at maxDepth, before memory runs out', async () => {
    const r = await startExecution({
      definition: output('($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1)}; $f(1000000))'),
    });
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toContain('nested deeper than the 5000 evaluation steps allowed');
    const raised = await startExecution({
      definition: output('($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1)}; $f(2000))'),
      options: { jsonata: { maxDepth: 10_000 } },
    });
    expect(raised.output).toBe(2000);
  });
});
