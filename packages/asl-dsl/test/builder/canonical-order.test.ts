import { canonicalDefinition, cond, resources, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:deploy';

/**
 * The builder inserts every ASL object's keys in the serializer's canonical order, so
 * `canonicalDefinition` (and `serializeDefinition`) can share the model instead of copying it. These
 * machines set the fields whose natural render order differs from the canonical one.
 */
function everyKind() {
  const m = stateMachine({
    comment: 'all kinds',
    timeoutSeconds: 3600,
    version: '1.0',
    variables: { note: z.string() },
  });
  m.task('Call', {
    comment: 'a task with limits',
    resource: resources.lambdaInvoke(),
    inputPath: '$.in',
    parameters: { FunctionName: LAMBDA, 'Payload.$': '$' },
    resultSelector: ({ result }) => ({ body: result }),
    resultPath: '$.result',
    outputPath: '$',
    assign: { note: 'called' },
    timeoutSeconds: 60,
    heartbeatSeconds: 10,
    credentials: { roleArn: 'arn:aws:iam::123456789012:role/deploy' },
    retry: [{ comment: 'back off', errors: ['States.Timeout'], intervalSeconds: 2, jitterStrategy: 'FULL' }],
    catch: [
      {
        comment: 'give up',
        errors: ['States.ALL'],
        resultPath: '$.error',
        assign: { note: 'failed' },
        next: 'Route',
      },
    ],
    next: 'Route',
  });
  m.choice('Route', {
    comment: 'route',
    inputPath: '$',
    choices: [
      { comment: 'big', when: cond.numericGreaterThan('$.n', 1), assign: { note: 'big' }, next: 'Both' },
    ],
    default: 'Each',
    outputPath: '$',
  });
  m.parallel('Both', {
    comment: 'both',
    inputPath: '$',
    parameters: { 'n.$': '$.n' },
    branches: [(b) => b.pass('Left', { end: true }), (b) => b.succeed('Right')],
    resultPath: '$.both',
    next: 'Each',
  });
  m.map('Each', {
    comment: 'each',
    inputPath: '$',
    itemsPath: '$.items',
    itemSelector: ({ ctx }) => ({ value: ctx.Map.Item.Value }),
    maxConcurrency: 2,
    mode: 'INLINE',
    processor: (items) => {
      items.wait('Pause', { seconds: 1, next: 'Done' });
      items.succeed('Done');
    },
    resultPath: '$.mapped',
    end: true,
  });
  return m;
}

describe('builder key order', () => {
  it('emits a model the serializer does not need to copy', () => {
    const model = everyKind().toModel();
    // Identity: canonicalDefinition returns its input when every object is already canonical.
    expect(canonicalDefinition(model)).toBe(model);
  });

  it('emits a Distributed Map (ItemReader, ItemBatcher, ResultWriter) the serializer does not copy', () => {
    const m = stateMachine({ input: z.object({ bucket: z.string(), n: z.number() }) });
    m.map('Fan out', {
      mode: 'DISTRIBUTED',
      itemReader: {
        resource: resources.integration('s3', 'getObject'),
        readerConfig: { inputType: 'JSONL', maxItems: m.ref((i) => i.n) },
        parameters: ({ input }) => ({ Bucket: input.bucket, Key: 'items.jsonl' }),
      },
      itemBatcher: { maxItemsPerBatch: 10, batchInput: { run: 'x' } },
      resultWriter: {
        resource: resources.integration('s3', 'putObject'),
        parameters: ({ input }) => ({ Bucket: input.bucket, Prefix: 'results' }),
        writerConfig: { outputType: 'JSONL', transformation: 'COMPACT' },
      },
      toleratedFailureCount: 3,
      label: 'fanout',
      processor: (items) => {
        items.pass('Item', { end: true });
      },
      end: true,
    });
    const model = m.toModel();
    expect(canonicalDefinition(model)).toBe(model);
    const writer = (model.States['Fan out'] as unknown as { ResultWriter: object }).ResultWriter;
    expect(Object.keys(writer)).toEqual(['Resource', 'WriterConfig', 'Parameters']);
  });

  it('orders a Task, its Retry and Catch, a Choice rule and the machine as the serializer does', () => {
    const model = everyKind().toModel();
    expect(Object.keys(model)).toEqual(['Comment', 'StartAt', 'TimeoutSeconds', 'Version', 'States']);
    const call = model.States.Call as unknown as Record<string, unknown> & {
      Retry: object[];
      Catch: object[];
    };
    expect(Object.keys(call)).toEqual([
      'Type',
      'Comment',
      'Resource',
      'InputPath',
      'Parameters',
      'TimeoutSeconds',
      'HeartbeatSeconds',
      'Credentials',
      'ResultSelector',
      'ResultPath',
      'OutputPath',
      'Assign',
      'Retry',
      'Catch',
      'Next',
    ]);
    expect(Object.keys(call.Retry[0] as object)).toEqual([
      'Comment',
      'ErrorEquals',
      'IntervalSeconds',
      'JitterStrategy',
    ]);
    expect(Object.keys(call.Catch[0] as object)).toEqual([
      'Comment',
      'ErrorEquals',
      'ResultPath',
      'Assign',
      'Next',
    ]);
    const route = model.States.Route as unknown as Record<string, unknown> & { Choices: object[] };
    expect(Object.keys(route)).toEqual(['Type', 'Comment', 'Choices', 'Default', 'InputPath', 'OutputPath']);
    expect(Object.keys(route.Choices[0] as object)).toEqual([
      'Comment',
      'Variable',
      'NumericGreaterThan',
      'Assign',
      'Next',
    ]);
    expect(Object.keys(model.States.Both as object)).toEqual([
      'Type',
      'Comment',
      'InputPath',
      'Parameters',
      'Branches',
      'ResultPath',
      'Next',
    ]);
    expect(Object.keys(model.States.Each as object)).toEqual([
      'Type',
      'Comment',
      'InputPath',
      'ItemsPath',
      'ItemSelector',
      'MaxConcurrency',
      'ItemProcessor',
      'ResultPath',
      'End',
    ]);
  });
});

/** The error thrown by `toModel()` (the builder builds pointers lazily, only for errors). */
function failure(build: () => { toModel(): unknown }): { code: string; pointer?: string; message: string } {
  try {
    build().toModel();
  } catch (error) {
    return error as { code: string; pointer?: string; message: string };
  }
  throw new Error('toModel() did not throw');
}

describe('lazily built error pointers', () => {
  it('point at the Next of a Catch and of a Choice rule, and at a Default', () => {
    const caught = failure(() => {
      const m = stateMachine();
      m.task('T', {
        resource: resources.lambdaInvoke(),
        catch: [{ errors: ['States.ALL'], next: 'Nowhere' }],
        end: true,
      });
      return m;
    });
    expect(caught).toMatchObject({ code: 'DanglingTransition', pointer: '/States/T/Catch/0/Next' });
    const rule = failure(() => {
      const m = stateMachine();
      m.choice('C', { choices: [{ when: cond.isPresent('$.x'), next: 'Nowhere' }] });
      return m;
    });
    expect(rule).toMatchObject({ code: 'DanglingTransition', pointer: '/States/C/Choices/0/Next' });
    const fallback = failure(() => {
      const m = stateMachine();
      m.choice('C', { choices: [{ when: cond.isPresent('$.x'), next: 'Done' }], default: 'Nowhere' });
      m.succeed('Done');
      return m;
    });
    expect(fallback).toMatchObject({ code: 'DanglingTransition', pointer: '/States/C/Default' });
  });

  it('escape state names and name the earlier place of a duplicate', () => {
    const duplicate = failure(() => {
      const m = stateMachine();
      m.parallel('P/1', { branches: [(b) => b.succeed('a~b')], next: 'a~b' });
      m.succeed('a~b');
      return m;
    });
    expect(duplicate.code).toBe('DuplicateStateName');
    // The machine's own states are registered before its branches render.
    expect(duplicate.pointer).toBe('/States/P~11/Branches/0/States/a~0b');
    expect(duplicate.message).toContain('already used at /States/a~0b;');
  });
});

describe('state name check', () => {
  it('rejects C0 and C1 control characters and accepts the characters around them', () => {
    for (const name of ['tab\there', 'del\u007f', 'c1\u0085', 'end\u009f']) {
      const error = failure(() => {
        const m = stateMachine();
        m.succeed(name);
        return m;
      });
      expect(error.code).toBe('InvalidStateName');
      expect(error.message).toContain('control character');
    }
    const m = stateMachine();
    m.pass('space ~\u00a0é', { next: 'emoji 🚀' });
    m.succeed('emoji 🚀');
    expect(Object.keys(m.toModel().States)).toEqual(['space ~\u00a0é', 'emoji 🚀']);
  });
});
