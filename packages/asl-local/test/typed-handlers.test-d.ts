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
