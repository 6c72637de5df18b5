import { resources, stateMachine, taskLookup } from '@stackset-lite/asl-dsl';
import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import { handlerFor, type TaskHandler, typedHandler } from '@stackset-lite/asl-local';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

describe('typed handlers', () => {
  it('typedHandler infers the input and checks the output from zod schemas', () => {
    const h = typedHandler({
      input: z.object({ accountId: z.string() }),
      output: z.object({ ok: z.boolean() }),
      handler: (input) => {
        expectTypeOf(input).toEqualTypeOf<{ accountId: string }>();
        return { ok: true };
      },
    });
    expectTypeOf(h).toExtend<TaskHandler>();
    typedHandler({
      input: z.object({ a: z.number() }),
      output: z.object({ ok: z.boolean() }),
      // @ts-expect-error the result must match the output schema
      handler: () => ({ ok: 'yes' }),
    });
  });

  it('handlerFor takes the payload and result types of a DSL task handle', () => {
    const task = {
      inputSchema: z.object({ stackName: z.string() }),
      outputSchema: z.object({ status: z.enum(['OK', 'FAILED']) }),
    };
    handlerFor(task, async (payload) => {
      expectTypeOf(payload).toEqualTypeOf<{ stackName: string }>();
      return { status: 'OK' as const };
    });
    // @ts-expect-error a status outside the enum is rejected
    handlerFor(task, async () => ({ status: 'MAYBE' }));
    const untyped = { inputSchema: undefined, outputSchema: undefined };
    handlerFor<JsonValue, JsonValue>(untyped, (x) => x);
  });
});

describe('handlerFor with taskLookup', () => {
  it('keeps the payload types of a task looked up by name; a lambda:invoke handler is the function', () => {
    const m = stateMachine({ input: z.object({ n: z.number() }) });
    const deploy = m.task('Deploy', {
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:deploy',
      inputSchema: z.object({ stackName: z.string() }),
      outputSchema: z.object({ status: z.enum(['OK', 'FAILED']) }),
      next: 'Double',
    });
    const double = m.task('Double', {
      resource: resources.lambdaInvoke(),
      inputSchema: z.object({ FunctionName: z.string(), Payload: z.object({ n: z.number() }) }),
      outputSchema: z.object({ Payload: z.object({ doubled: z.number() }), StatusCode: z.number() }),
      end: true,
    });
    const tasks = taskLookup(deploy, double);
    expectTypeOf(tasks.names).toEqualTypeOf<readonly ('Deploy' | 'Double')[]>();
    handlerFor(tasks.handle('Deploy'), (payload) => {
      expectTypeOf(payload).toEqualTypeOf<{ stackName: string }>();
      return { status: 'OK' as const };
    });
    handlerFor(tasks.handle('Double'), (payload) => {
      expectTypeOf(payload).toEqualTypeOf<{ n: number }>();
      return { doubled: payload.n * 2 };
    });
    // @ts-expect-error the function returns the Payload, not the Invoke response
    handlerFor(tasks.handle('Double'), () => ({ Payload: { doubled: 2 }, StatusCode: 200 }));
    // @ts-expect-error no Task state has this name
    tasks.handle('Dubble');
  });
});
