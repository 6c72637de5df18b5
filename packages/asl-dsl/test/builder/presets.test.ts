import {
  lambdaServiceRetry,
  lambdaTask,
  pick,
  resultAt,
  SnsPublishInput,
  snsPublish,
  stateMachine,
  validate,
} from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({
  stackName: z.string(),
  templateUrl: z.string(),
  deployment: z.object({ stackId: z.string() }),
});
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:deploy';

describe('lambdaTask', () => {
  it("retries Lambda's transient service errors as AWS recommends, before the function's own retriers", () => {
    const m = stateMachine({ input: Input });
    m.task('Deploy', {
      ...lambdaTask(LAMBDA, {
        errors: ['Throttled'],
        retry: [{ errors: ['Throttled'], intervalSeconds: 5, maxAttempts: 5 }],
        catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Failed' }],
      }),
      end: true,
    });
    m.fail('Failed');
    const model = m.toModel();
    expect(validate(model).filter((d) => d.severity === 'ERROR')).toEqual([]);
    expect(model.States.Deploy).toEqual({
      Type: 'Task',
      Resource: LAMBDA,
      // The retrier of https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
      // (the one AWS CDK's LambdaInvoke adds by default).
      Retry: [
        {
          ErrorEquals: [
            'Lambda.ClientExecutionTimeoutException',
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
          ],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
        },
        { ErrorEquals: ['Throttled'], IntervalSeconds: 5, MaxAttempts: 5 },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
      End: true,
    });
  });

  it('changes or leaves out the service retrier', () => {
    const jittered = lambdaTask(LAMBDA, { serviceRetry: { jitterStrategy: 'FULL', maxAttempts: 3 } });
    expect(jittered.retry).toEqual([{ ...lambdaServiceRetry, jitterStrategy: 'FULL', maxAttempts: 3 }]);
    expect(lambdaTask(LAMBDA, { serviceRetry: false }).retry).toEqual([]);
    expect('catch' in lambdaTask(LAMBDA)).toBe(false);
  });

  it('keeps a States.ALL retrier of yours last, as ASL requires', () => {
    const m = stateMachine({ input: Input });
    m.task('Deploy', { ...lambdaTask(LAMBDA, { retry: [{ errors: ['States.ALL'] }] }), end: true });
    const retry = (m.toModel().States.Deploy as { Retry: { ErrorEquals: string[] }[] }).Retry;
    expect(retry.map((r) => r.ErrorEquals.at(-1))).toEqual(['Lambda.SdkClientException', 'States.ALL']);
  });
});

describe('pick', () => {
  it('renders each picked field as a reference under its own name', () => {
    const m = stateMachine({ input: Input });
    m.task('Deploy', {
      resource: LAMBDA,
      parameters: ({ input }) => ({
        ...pick(input, 'stackName', 'templateUrl'),
        ...pick(input.deployment, 'stackId'),
      }),
      end: true,
    });
    expect(m.toModel().States.Deploy).toMatchObject({
      Parameters: {
        'stackName.$': '$.stackName',
        'templateUrl.$': '$.templateUrl',
        'stackId.$': '$.deployment.stackId',
      },
    });
  });

  it('renders JSONata expressions in a JSONata state', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    m.task('Deploy', { resource: LAMBDA, arguments: ({ input }) => pick(input, 'stackName'), end: true });
    expect(m.toModel().States.Deploy).toMatchObject({
      Arguments: { stackName: '{% $states.input.stackName %}' },
    });
  });
});

describe('resultAt', () => {
  it('renders ResultPath and keeps the schema on the handle for handlers', () => {
    const Deployment = z.object({ stackId: z.string() });
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', { resource: LAMBDA, ...resultAt('$.deployment', Deployment), end: true });
    expect(m.toModel().States.Deploy).toMatchObject({ ResultPath: '$.deployment' });
    expect(deploy.outputSchema).toBe(Deployment);
  });

  it('is checked at build time like outputSchema and resultPath written out', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', {
      resource: LAMBDA,
      ...resultAt('$.result', z.object({ id: z.string() })),
    });
    // A raw path (an escape hatch the types do not read) to a field the result lacks.
    m.after(deploy).pass('Use', { parameters: { 'id.$': '$.result.stackId' }, end: true });
    expect(() => m.toModel()).toThrow(expect.objectContaining({ code: 'IncompatibleStateInput' }) as Error);
  });
});

describe('snsPublish', () => {
  it('is the sns:publish integration with the request schema on the handle', () => {
    const m = stateMachine({ input: Input });
    const notify = m.task('Notify', {
      ...snsPublish(),
      parameters: ({ input }) => ({
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
        Message: input.stackName,
      }),
      end: true,
    });
    const model = m.toModel();
    expect(validate(model).filter((d) => d.severity === 'ERROR')).toEqual([]);
    expect(model.States.Notify).toMatchObject({
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', 'Message.$': '$.stackName' },
    });
    expect(notify.inputSchema).toBe(SnsPublishInput);
    expect(snsPublish('waitForTaskToken').resource).toBe('arn:aws:states:::sns:publish.waitForTaskToken');
  });

  it('accepts at run time what SNS Publish takes (API reference request fields)', () => {
    expect(
      SnsPublishInput.safeParse({
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
        Message: '{"default":"x"}',
        MessageStructure: 'json',
        MessageAttributes: { team: { DataType: 'String', StringValue: 'infra' } },
      }).success,
    ).toBe(true);
    expect(SnsPublishInput.safeParse({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:t' }).success).toBe(
      false,
    );
  });
});
