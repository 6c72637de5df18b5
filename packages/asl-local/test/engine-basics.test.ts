import type { StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { createExecution, startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

const boom = (name: string, message = 'bad') => Object.assign(new Error(message), { name });

describe('startExecution basics', () => {
  it('runs Task → Choice → Wait → Map → Succeed with retries, AWS history shapes and virtual time', async () => {
    const def: StateMachineDefinition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:111122223333:function:f',
          Parameters: { 'v.$': '$.v' },
          ResultPath: '$.r',
          Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 2 }],
          Next: 'C',
        },
        C: {
          Type: 'Choice',
          Choices: [{ Variable: '$.r.v', NumericGreaterThan: 1, Next: 'W' }],
          Default: 'F',
        },
        W: { Type: 'Wait', Seconds: 3600, Next: 'M' },
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'P',
            States: { P: { Type: 'Pass', Parameters: { 'x.$': '$' }, End: true } },
          },
          ResultPath: '$.m',
          Next: 'S',
        },
        S: { Type: 'Succeed' },
        F: { Type: 'Fail', Error: 'Low', Cause: 'too low' },
      },
    };
    let calls = 0;
    const started = Date.now();
    const r = await startExecution({
      definition: def,
      input: { v: 2, items: [1, 2] },
      options: { startTime: '2024-01-01T00:00:00Z' },
      handlers: {
        f: async (x) => {
          if (calls++ < 2) throw boom('Boom');
          return x;
        },
      },
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ v: 2, items: [1, 2], r: { v: 2 }, m: [{ x: 1 }, { x: 2 }] });
    // 1 s + 2 s of retry backoff, then a 1-hour Wait, all virtual.
    expect(r.stopDate.toISOString()).toBe('2024-01-01T01:00:03.000Z');
    // T + 2 retries, C, W, M, 2 × P, S.
    expect(r.stateTransitions).toBe(1 + 2 + 1 + 1 + 1 + 2 + 1);
    const types = r.history.map((e) => e.type);
    expect(types.slice(0, 5)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
    ]);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    // A function error's cause is its error payload (AWS-recorded; see aws-recorded.test.ts).
    expect(r.history[4]).toMatchObject({
      lambdaFunctionFailedEventDetails: { error: 'Boom', cause: '{"errorType":"Boom","errorMessage":"bad"}' },
    });
    expect(r.history.every((e, i) => e.id === i + 1 && e.previousEventId < e.id)).toBe(true);
    expect(r.historyEventCount).toBe(r.history.length);
    expect(r.stateTimings.W).toMatchObject({ entries: 1, durationMs: 3_600_000 });
  });

  it('fails with a clear error naming the state and resource when no handler matches', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'Deploy',
        States: {
          Deploy: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'deployer' },
            End: true,
          },
        },
      },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain("'arn:aws:states:::lambda:invoke'");
    expect(r.cause).toContain("state 'Deploy'");
  });

  it('wraps lambda:invoke results like AWS and serves ${Placeholder} resources', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:1:function:adder',
              Payload: { 'n.$': '$.n' },
            },
            ResultSelector: { 'sum.$': '$.Payload.sum', 'code.$': '$.StatusCode' },
            Next: 'B',
          },
          B: { Type: 'Task', Resource: '${DoubleFunctionArn}', End: true },
        },
      },
      input: { n: 4 },
      handlers: {
        adder: (x) => ({ sum: (x as { n: number }).n + 1 }),
        DoubleFunctionArn: (x) => ({ doubled: (x as { sum: number }).sum * 2 }),
      },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ doubled: 10 });
    const sched = r.history.find((e) => e.type === 'TaskScheduled');
    expect(sched?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
    });
  });

  it('catches errors into ResultPath and continues at Next', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Done' }],
            End: true,
          },
          Done: { Type: 'Pass', End: true },
        },
      },
      input: { a: 1 },
      handlers: {
        'aws-sdk:s3:getObject': () => {
          throw boom('S3.NoSuchKey', 'The key does not exist');
        },
      },
    });
    expect(r.output).toEqual({ a: 1, err: { Error: 'S3.NoSuchKey', Cause: 'The key does not exist' } });
  });

  it('completes .waitForTaskToken tasks through the callback API and times out on missing heartbeats', async () => {
    const def: StateMachineDefinition = {
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { 'token.$': '$$.Task.Token' },
          HeartbeatSeconds: 60,
          End: true,
        },
      },
    };
    let seen: string | undefined;
    const running = createExecution({
      definition: def,
      handlers: {
        'sqs:sendMessage': (x, ctx) => {
          seen = (x as { token: string }).token;
          expect(ctx.taskToken).toBe(seen);
          setTimeout(() => running.sendTaskSuccess(seen as string, { approved: true }), 5);
          return { MessageId: 'm-1' };
        },
      },
      options: { clock: 'real' },
    });
    const r = await running.result;
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ approved: true });
    expect(r.history.map((e) => e.type)).toContain('TaskSubmitted');

    const silent = await startExecution({ definition: def, handlers: { 'sqs:sendMessage': () => ({}) } });
    expect(silent.status).toBe('FAILED');
    expect(silent.error).toBe('States.HeartbeatTimeout');
    expect(silent.history.some((e) => e.type === 'TaskTimedOut')).toBe(true);
  });

  it('applies TimeoutSeconds to a handler that sleeps in execution time', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'Slow',
        States: { Slow: { Type: 'Task', Resource: 'slow', TimeoutSeconds: 10, End: true } },
      },
      handlers: {
        slow: async (_x, ctx) => {
          await ctx.sleep(60);
          return 1;
        },
      },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Timeout');
  });

  it('times out the whole execution at the machine TimeoutSeconds', async () => {
    const r = await startExecution({
      definition: {
        TimeoutSeconds: 30,
        StartAt: 'W',
        States: { W: { Type: 'Wait', Seconds: 100, End: true } },
      },
    });
    expect(r.status).toBe('TIMED_OUT');
    expect(r.error).toBe('States.Timeout');
    expect(r.history.at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('aborts on request', async () => {
    const running = createExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true },
        },
      },
      handlers: { 'sqs:sendMessage': () => ({}) },
    });
    setTimeout(() => running.abort(), 5);
    const r = await running.result;
    expect(r.status).toBe('ABORTED');
    expect(r.history.at(-1)?.type).toBe('ExecutionAborted');
  });
});
