import type { StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { createExecution, InvalidTaskTokenError, startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

const callback = (extra: Record<string, unknown> = {}): StateMachineDefinition => ({
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
      Parameters: { 'TaskToken.$': '$$.Task.Token', Message: 'approve?' },
      Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.rejection', Next: 'Rejected' }],
      End: true,
      ...extra,
    },
    Rejected: { Type: 'Pass', End: true },
  },
});

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
};

describe('task tokens from outside the execution', () => {
  it('lists pending tokens and completes them with SendTaskFailure (caught) or SendTaskSuccess', async () => {
    const published: string[] = [];
    const run = createExecution({
      definition: callback(),
      handlers: {
        'sns:publish': (x) => {
          published.push((x as { TaskToken: string }).TaskToken);
          return { MessageId: 'm' };
        },
      },
    });
    await until(() => run.pendingTaskTokens().length === 1);
    expect(run.pendingTaskTokens()).toEqual(published);
    run.sendTaskFailure(published[0] as string, 'Rejected', 'not today');
    const r = await run.result;
    expect(r.output).toEqual({ rejection: { Error: 'Rejected', Cause: 'not today' } });
    expect(() => run.sendTaskSuccess(published[0] as string, {})).toThrow(InvalidTaskTokenError);
  });

  it('heartbeats keep a HeartbeatSeconds task alive; the handler can complete its own token later', async () => {
    const r = await startExecution({
      definition: callback({ HeartbeatSeconds: 10, TimeoutSeconds: 100 }),
      handlers: {
        'sns:publish': (_x, ctx) => {
          // Beat every 8 s of execution time for 40 s, then answer: no heartbeat timeout in between.
          void (async () => {
            for (let i = 0; i < 5; i++) {
              await ctx.sleep(8);
              ctx.heartbeat();
            }
            ctx.sendTaskSuccess({ approved: true });
          })();
          return {};
        },
      },
      options: { startTime: '2024-01-01T00:00:00Z' },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ approved: true });
    expect(r.stopDate.toISOString()).toBe('2024-01-01T00:00:40.000Z');
  });
});
