import { startExecution } from '@stackset-lite/asl-local';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainJsonCopy } from '../src/paths/plain-json-copy.js';

// A Lambda result reaches the next state as Step Functions parses the function's response bytes
// (JSON.parse of what the function serialized). asl-local copies plain data directly instead of
// the text round trip; these tests hold the copy to exactly the round trip's result.
const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v) ?? 'null');

describe('plainJsonCopy equals the JSON round trip', () => {
  it('for any JSON-like value it accepts (random values, fixed seed)', () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.constant(-0),
        fc.date({ noInvalidDate: true }),
        fc.array(tie('any'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 5 }), tie('any'), { maxKeys: 4 }),
      ),
    })).any;
    fc.assert(
      fc.property(value, (v) => {
        const copy = plainJsonCopy(v);
        if (copy !== undefined) {
          expect(copy).toStrictEqual(roundTrip(v));
          expect(JSON.stringify(copy)).toBe(JSON.stringify(v));
        }
      }),
      { seed: 13, numRuns: 2000 },
    );
  });

  it('keeps key order, drops what JSON drops, stores __proto__ as data, and reads back -0 as 0', () => {
    const v = JSON.parse('{"b":1,"2":true,"__proto__":{"x":1},"a":[1,-0,"s"]}') as Record<string, unknown>;
    Object.assign(v, { f: () => 1, u: undefined, s: Symbol('s') });
    const copy = plainJsonCopy(v) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(Object.keys(roundTrip(v) as object));
    expect(copy).toStrictEqual(roundTrip(v));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.is((copy.a as unknown[])[1], 0)).toBe(true);
  });

  it('declines what needs the round trip: Dates, toJSON, class instances, NaN, holes, deep nesting', () => {
    class Point {
      x = 1;
    }
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    // biome-ignore lint/suspicious/noSparseArray: a hole is what this case is about
    for (const v of [new Date(0), { toJSON: () => 1 }, new Point(), Number.NaN, [1, , 2], deep, 1n])
      expect(plainJsonCopy(v)).toBeUndefined();
  });
});

describe('a Lambda task result that is plain data', () => {
  it('is a copy: the handler changing its object later does not change the execution', async () => {
    const made = { n: 1, list: [1, 2] };
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true },
        },
      },
      handlers: { f: () => made as never },
    });
    made.n = 2;
    made.list.push(3);
    expect(r.output).toEqual({ n: 1, list: [1, 2] });
  });

  it('runs a getter once: the recorded output and the next state see the same value', async () => {
    let reads = 0;
    const result = {
      get n() {
        reads++;
        return reads;
      },
    };
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true },
        },
      },
      handlers: { f: () => result as never },
    });
    expect(reads).toBe(1);
    const succeeded = r.history.find((e) => e.type === 'LambdaFunctionSucceeded');
    expect(succeeded?.lambdaFunctionSucceededEventDetails?.output).toBe('{"n":1}');
    expect(r.output).toEqual({ n: 1 });
  });

  it('a getter that throws fails the task as a result that is not JSON (States.Runtime)', async () => {
    const result = {
      get n(): number {
        throw new Error('boom');
      },
    };
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true },
        },
      },
      handlers: { f: () => result as never },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain("The result of the task in state 'T' is not JSON: boom");
  });
});
