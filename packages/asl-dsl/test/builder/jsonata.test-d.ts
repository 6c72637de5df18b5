import { $, type JsonataExpression, jsonata, type OutputOf, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({
  stackName: z.string(),
  status: z.enum(['DONE', 'BUSY']),
  accounts: z.array(z.object({ id: z.string() })),
  limit: z.number(),
});

describe('a JSONata expression is typed by how it is built, not by a claim', () => {
  it('types helpers from their arguments', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    const counted = m.pass('Count', {
      output: ({ input }) => ({
        count: $.count(input.accounts),
        label: $.concat('Stack ', input.stackName),
        busy: $.eq(input.status, 'BUSY'),
        parts: $.split(input.stackName, '-'),
        either: $.cond($.gt(input.limit, 3), input.limit, $.length(input.stackName)),
      }),
      end: true,
    });
    expectTypeOf<OutputOf<typeof counted>>().toEqualTypeOf<{
      count: number;
      label: string;
      busy: boolean;
      parts: string[];
      either: number;
    }>();
  });

  it('rejects helper arguments of the wrong type', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    m.pass('Wrong', {
      output: ({ input }) => ({
        // @ts-expect-error $count takes an array, not a string
        a: $.count(input.stackName),
        // @ts-expect-error + takes numbers
        b: $.add(input.stackName, 1),
        // @ts-expect-error 'FAILED' is not a status
        c: $.eq(input.status, 'FAILED'),
        // @ts-expect-error $sum takes numbers
        d: $.sum(input.accounts),
      }),
      end: true,
    });
  });

  it('types a plain jsonata tag as unknown and a kind-claiming tag as its kind', () => {
    expectTypeOf(jsonata`$now()`).toEqualTypeOf<JsonataExpression<unknown>>();
    expectTypeOf(jsonata.number`1 + 1`).toEqualTypeOf<JsonataExpression<number>>();
    expectTypeOf(jsonata.string`'a'`).toEqualTypeOf<JsonataExpression<string>>();
    expectTypeOf(jsonata.boolean`true`).toEqualTypeOf<JsonataExpression<boolean>>();
    // @ts-expect-error the unchecked `jsonata<T>` claim is gone: use jsonata.number (checked) or a helper
    jsonata<number>`1 + 1`;
  });

  it('does not let an unknown expression satisfy a typed input: claim it or use a helper', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    const report = m.pass('Report', { stateInput: z.object({ count: z.number() }), end: true });
    // @ts-expect-error `count` is unknown to TypeScript
    m.pass('Unknown', { output: { count: jsonata`$count($states.input.accounts)` }, next: report });
    m.pass('Claimed', { output: { count: jsonata.number`$count($states.input.accounts)` }, next: report });
    m.pass('Helper', { output: ({ input }) => ({ count: $.count(input.accounts) }), next: report });
  });
});
