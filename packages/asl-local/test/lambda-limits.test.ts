import type { StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import {
  InvalidExecutionParamsError,
  startExecution,
  type TaskHandlerContext,
  typedHandler,
} from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/*
 * Sources:
 * - Lambda function timeout: a call past the function's Timeout answers FunctionError "Unhandled"
 *   with payload {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed
 *   out after 1.00 seconds"} — AWS-recorded in LocalStack's
 *   tests/aws/services/lambda_/test_lambda.snapshot.json (TestLambdaBehavior, function Timeout 1,
 *   recorded 24-11-2025); Lambda developer guide, troubleshooting-invocation.html#troubleshooting-timeouts.
 * - Step Functions reports a Lambda function error with the payload's errorType as the error and the
 *   payload as the cause (AWS-recorded: LocalStack tests/aws/services/stepfunctions/v2/error_handling/
 *   test_task_service_lambda.snapshot.json, taskFailedEventDetails {error: "Exception", cause: {errorMessage,
 *   errorType, requestId, stackTrace}}).
 * - Concurrency: 1,000 concurrent executions per account and Region by default (Lambda quotas,
 *   gettingstarted-limits.html); past it Invoke fails with TooManyRequestsException, HTTP 429,
 *   {"Reason":"ConcurrentInvocationLimitExceeded","message":"Rate Exceeded."} (Lambda API Invoke;
 *   knowledge-center/lambda-troubleshoot-throttling). Step Functions reports it as
 *   `Lambda.TooManyRequestsException` (Step Functions developer guide, bp-lambda-serviceexception.html)
 *   with the SDK's service-error cause "<message> (Service: AWSLambda; Status Code: <code>; Error Code:
 *   <code>; Request ID: <id>; Proxy: null)" (AWS-recorded for Lambda.ResourceNotFoundException in
 *   LocalStack's stepfunctions snapshots).
 */

const invoke = (extra: Record<string, unknown> = {}): StateMachineDefinition => ({
  StartAt: 'Deploy',
  States: {
    Deploy: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'deployer', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
      ...extra,
    },
  },
});

/** A handler that takes `seconds` of execution time. */
const taking = (seconds: number, seen?: number[]) => async (_input: unknown, ctx: TaskHandlerContext) => {
  await ctx.sleep(seconds);
  seen?.push(ctx.getRemainingTimeInMillis());
  return { done: true };
};

const START = '2024-01-01T00:00:00.000Z';

describe('Lambda function timeout (timeoutSeconds)', () => {
  it('fails a call that runs past the function timeout with Sandbox.Timedout, at that moment', async () => {
    const r = await startExecution({
      definition: invoke(),
      handlers: { deployer: { handler: taking(60), timeoutSeconds: 3 } },
      options: { startTime: START },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Sandbox.Timedout');
    const payload = JSON.parse(r.cause as string) as Record<string, string>;
    expect(Object.keys(payload)).toEqual(['errorType', 'errorMessage']);
    expect(payload.errorType).toBe('Sandbox.Timedout');
    expect(payload.errorMessage).toMatch(
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 3\.00 seconds$/,
    );
    // The function was stopped after 3 s of execution time, not after its 60 s of work.
    expect(r.stopDate.toISOString()).toBe('2024-01-01T00:00:03.000Z');
    const failed = r.history.find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({
      error: 'Sandbox.Timedout',
      resourceType: 'lambda',
    });
    expect(r.lambda.timedOutInvocations).toBe(1);
  });

  it('lets a call that ends in time succeed and tells it the time left', async () => {
    const left: number[] = [];
    const r = await startExecution({
      definition: invoke(),
      handlers: { deployer: { handler: taking(2, left), timeoutSeconds: 3 } },
      options: { startTime: START },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ done: true });
    expect(left).toEqual([1000]);
    expect(r.stopDate.toISOString()).toBe('2024-01-01T00:00:02.000Z');
  });

  it('is a task failure: not retried by the recommended service-exception Retry, caught by States.TaskFailed', async () => {
    const def = invoke({
      Retry: [
        {
          ErrorEquals: [
            'Lambda.ClientExecutionTimeoutException',
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
            'Lambda.TooManyRequestsException',
          ],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
        },
      ],
      Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Record' }],
    });
    def.States.Record = { Type: 'Pass', End: true };
    const r = await startExecution({
      definition: def,
      input: { account: '111122223333' },
      handlers: { deployer: { handler: taking(120), timeoutSeconds: 60 } },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ account: '111122223333', error: { Error: 'Sandbox.Timedout' } });
    expect(r.history.filter((e) => e.type === 'TaskScheduled')).toHaveLength(1);
  });

  it('applies to a Lambda function ARN resource (LambdaFunctionFailed) and to typed handlers', async () => {
    const def: StateMachineDefinition = {
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:slow', End: true },
      },
    };
    const typed = (timeoutSeconds?: number) =>
      typedHandler({
        input: z.object({}),
        output: z.object({ ok: z.boolean() }),
        handler: async (_x, ctx) => {
          await ctx.sleep(10);
          return { ok: true };
        },
        ...(timeoutSeconds !== undefined && { timeoutSeconds }),
      });
    const r = await startExecution({ definition: def, handlers: { slow: typed(5) } });
    expect(r.error).toBe('Sandbox.Timedout');
    expect(r.history.map((e) => e.type)).toContain('LambdaFunctionFailed');
    const wrapped = await startExecution({
      definition: def,
      handlers: { slow: { handler: typed(), timeoutSeconds: 20 } },
    });
    expect(wrapped.status).toBe('SUCCEEDED');
  });

  it('a shorter state TimeoutSeconds wins with States.Timeout', async () => {
    const r = await startExecution({
      definition: invoke({ TimeoutSeconds: 2 }),
      handlers: { deployer: { handler: taking(60), timeoutSeconds: 30 } },
    });
    expect(r.error).toBe('States.Timeout');
  });

  it('applies only to Lambda invocations and is validated at registration', async () => {
    const def: StateMachineDefinition = {
      StartAt: 'Q',
      States: { Q: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } },
    };
    const r = await startExecution({
      definition: def,
      handlers: { 'sqs:sendMessage': { handler: taking(10), timeoutSeconds: 1 } },
    });
    expect(r.status).toBe('SUCCEEDED');
    for (const bad of [0, 901, 1.5]) {
      expect(() =>
        startExecution({
          definition: invoke(),
          handlers: { deployer: { handler: taking(1), timeoutSeconds: bad } },
        }),
      ).toThrow(InvalidExecutionParamsError);
    }
  });
});

describe('Lambda concurrency (lambdaConcurrency)', () => {
  const fanOut = (mode: 'INLINE' | 'DISTRIBUTED', retry: boolean): StateMachineDefinition => ({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 0,
        ItemProcessor: {
          ProcessorConfig:
            mode === 'DISTRIBUTED' ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } : { Mode: 'INLINE' },
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'work', 'Payload.$': '$' },
              OutputPath: '$.Payload',
              // The Retry the Step Functions guide recommends for Lambda service exceptions.
              ...(retry && {
                Retry: [
                  {
                    ErrorEquals: ['Lambda.TooManyRequestsException', 'Lambda.ServiceException'],
                    IntervalSeconds: 2,
                    MaxAttempts: 6,
                    BackoffRate: 2,
                  },
                ],
              }),
              End: true,
            },
          },
        },
        End: true,
      },
    },
  });
  const items = (n: number) => ({ items: Array.from({ length: n }, (_, i) => ({ i })) });

  it('throttles the call beyond the limit with Lambda.TooManyRequestsException (429)', async () => {
    const r = await startExecution({
      definition: fanOut('INLINE', false),
      input: items(10),
      handlers: { work: taking(1) },
      options: { lambdaConcurrency: 4 },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Lambda.TooManyRequestsException');
    expect(r.cause).toMatch(
      /^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
    expect(r.lambda.peakConcurrentExecutions).toBe(4);
  });

  it('the recommended Retry rides out throttling once calls finish', async () => {
    const r = await startExecution({
      definition: fanOut('INLINE', true),
      input: items(10),
      handlers: { work: taking(1) },
      options: { lambdaConcurrency: 4, startTime: START },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.lambda).toMatchObject({ peakConcurrentExecutions: 4, throttledInvocations: 8 });
    // 4 run at 0 s, 6 are throttled; they retry at 2 s: 4 run, 2 are throttled again and run at
    // 6 s (2 + 2×2), ending at 7 s.
    expect(r.stopDate.toISOString()).toBe('2024-01-01T00:00:07.000Z');
  });

  it('defaults to 1,000 per account, shared by Distributed Map children', async () => {
    const r = await startExecution({
      definition: fanOut('DISTRIBUTED', true),
      input: items(1001),
      handlers: { work: taking(1) },
      options: { recordHistory: false },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.lambda).toMatchObject({ peakConcurrentExecutions: 1000, throttledInvocations: 1 });
    const none = await startExecution({
      definition: fanOut('DISTRIBUTED', false),
      input: items(1001),
      handlers: { work: taking(1) },
      options: { recordHistory: false, lambdaConcurrency: false },
    });
    expect(none.lambda).toMatchObject({ peakConcurrentExecutions: 1001, throttledInvocations: 0 });
  });

  it('a call that takes no execution time never overlaps another', async () => {
    const r = await startExecution({
      definition: fanOut('INLINE', false),
      input: items(10),
      handlers: { work: (x) => x },
      options: { lambdaConcurrency: 1 },
    });
    expect(r.status).toBe('SUCCEEDED');
  });
});
