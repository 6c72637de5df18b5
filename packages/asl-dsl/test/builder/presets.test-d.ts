import { type LambdaError, lambdaTask, pick, stateMachine } from '@stackset-lite/asl-dsl';
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
