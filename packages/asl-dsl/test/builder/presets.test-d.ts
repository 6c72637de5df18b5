import {
  type LambdaError,
  lambdaTask,
  type OutputOf,
  pick,
  resultAt,
  snsPublish,
  stateMachine,
} from '@stackset-lite/asl-dsl';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({ stackName: z.string(), templateUrl: z.string(), tags: z.array(z.string()) });
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('lambdaTask: a Lambda task with its errors declared and retried as AWS recommends', () => {
  it("declares Lambda's errors and the function's own for Retry and Catch", () => {
    const preset = lambdaTask(LAMBDA, { errors: ['Throttled'] });
    expectTypeOf(preset.errors).toEqualTypeOf<readonly ('Throttled' | LambdaError)[]>();
    const m = stateMachine({ input: Input });
    m.task('Deploy', {
      ...preset,
      catch: [{ errors: ['Lambda.Unknown', 'Throttled'], next: 'Failed' }],
      end: true,
    });
    m.fail('Failed');
    m.task('Other', {
      ...lambdaTask(LAMBDA),
      // @ts-expect-error an error neither Lambda nor the function declares
      catch: [{ errors: ['Throttled'], next: 'Failed' }],
      end: true,
    });
    // @ts-expect-error a retrier of an undeclared error
    lambdaTask(LAMBDA, { errors: ['Throttled'], retry: [{ errors: ['Throtled'] }] });
  });

  it("types the target of the preset's Catch for the state after it", () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', {
      ...lambdaTask(LAMBDA, { catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Failed' }] }),
      end: true,
    });
    m.after(deploy).fail('Failed', { cause: ({ input }) => input.error.Cause });
  });
});

describe('pick: some fields of a reference under their own names', () => {
  it('keeps each field type, so the payload is checked against inputSchema', () => {
    const m = stateMachine({ input: Input });
    m.task('Deploy', {
      resource: LAMBDA,
      inputSchema: z.object({ stackName: z.string(), templateUrl: z.string() }),
      parameters: ({ input }) => pick(input, 'stackName', 'templateUrl'),
      end: true,
    });
    m.task('Tagged', {
      resource: LAMBDA,
      inputSchema: z.object({ stackName: z.string(), tags: z.array(z.string()) }),
      // @ts-expect-error tags is a string[]: templateUrl is a string
      parameters: ({ input }) => ({ ...pick(input, 'stackName'), tags: input.templateUrl }),
      end: true,
    });
    m.task('Misspelt', {
      resource: LAMBDA,
      // @ts-expect-error a field the input does not have
      parameters: ({ input }) => pick(input, 'stackname'),
      end: true,
    });
  });
});

describe('resultAt: outputSchema and resultPath in one', () => {
  it('types the result where it is placed, for the states after the task', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', {
      resource: LAMBDA,
      ...resultAt('$.deployment', z.object({ stackId: z.string() })),
    });
    expectTypeOf<OutputOf<typeof deploy>['deployment']>().toEqualTypeOf<{ stackId: string }>();
    expectTypeOf<OutputOf<typeof deploy>['stackName']>().toEqualTypeOf<string>();
    m.after(deploy).task('Poll', {
      resource: LAMBDA,
      // @ts-expect-error the result has no stackid
      parameters: ({ input }) => ({ id: input.deployment.stackid }),
      end: true,
    });
    // @ts-expect-error a ResultPath is a JSONPath starting with $
    resultAt('deployment', z.object({}));
  });

  it('types result in resultSelector', () => {
    const m = stateMachine({ input: Input });
    m.task('Deploy', {
      resource: LAMBDA,
      ...resultAt('$.deployment', z.object({ stackId: z.string() })),
      resultSelector: ({ result }) => ({ id: result.stackId }),
      end: true,
    });
  });

  it('shares error handling declared once, with its error names still checked', () => {
    const onError = {
      errors: ['Throttled'],
      retry: [{ errors: ['Throttled'], maxAttempts: 5 }],
      catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Failed' }],
    } as const;
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', { ...lambdaTask(LAMBDA, onError), end: true });
    m.after(deploy).fail('Failed', { cause: ({ input }) => input.error.Cause });
    const misspelt = { errors: ['Throttled'], retry: [{ errors: ['Throtled'] }] } as const;
    // @ts-expect-error 'Throtled' is not declared
    lambdaTask(LAMBDA, misspelt);
  });
});

describe('snsPublish: the SNS Publish request and response, typed', () => {
  it('checks the payload as SNS Publish takes it and types the result', () => {
    const m = stateMachine({ input: Input });
    const sent = m.task('Notify', {
      ...snsPublish(),
      parameters: ({ input }) => ({
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
        Message: input.stackName,
      }),
      resultPath: '$.sent',
    });
    expectTypeOf<OutputOf<typeof sent>['sent']['MessageId']>().toEqualTypeOf<string>();
    m.task('Misspelt', {
      ...snsPublish(),
      // @ts-expect-error Message is required (here misspelt)
      parameters: ({ input }) => ({
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
        Mesage: input.stackName,
      }),
      end: true,
    });
    m.task('Wrong type', {
      ...snsPublish(),
      // @ts-expect-error Subject is a string
      parameters: ({ input }) => ({ Message: input.stackName, Subject: input.tags }),
      end: true,
    });
  });
});
