import { AslDslError, resources, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({ stackName: z.string(), waitSeconds: z.number(), limit: z.number() });
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';

/** Runs `build` and returns the AslDslError it throws. */
function errorOf(build: () => unknown): AslDslError {
  try {
    build();
  } catch (error) {
    if (error instanceof AslDslError) return error;
    throw error;
  }
  throw new Error('expected an AslDslError, none was thrown');
}

describe('after: a state follows the states it names', () => {
  it('links a state without next to the one that names it in after', () => {
    const m = stateMachine({ input: Input });
    const describe = m.task('Describe', {
      resource: LAMBDA,
      outputSchema: z.object({ status: z.string() }),
      resultPath: '$.stack',
    });
    const pause = m.wait('Pause', { after: describe, seconds: ({ input }) => input.waitSeconds });
    m.succeed('Done', { after: pause });
    const model = m.toModel();
    expect(model.States.Describe).toMatchObject({ Next: 'Pause' });
    expect(model.States.Pause).toEqual({ Type: 'Wait', SecondsPath: '$.waitSeconds', Next: 'Done' });
  });

  it('keeps an explicit next, and follows a Catch or a Choice rule by name', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', {
      resource: LAMBDA,
      catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Record failure' }],
      next: 'Done',
    });
    m.pass('Record failure', {
      after: deploy,
      parameters: ({ input }) => ({ stack: input.stackName, cause: input.error.Cause }),
      next: 'Done',
    });
    m.succeed('Done', { after: deploy });
    const model = m.toModel();
    expect(model.States.Deploy).toMatchObject({ Next: 'Done', Catch: [{ Next: 'Record failure' }] });
    expect(model.States['Record failure']).toMatchObject({
      Parameters: { 'stack.$': '$.stackName', 'cause.$': '$.error.Cause' },
    });
  });

  it('rejects two states naming, in after, one state that has no next', () => {
    const m = stateMachine({ input: Input });
    const start = m.pass('Start', {});
    m.succeed('A', { after: start });
    m.succeed('B', { after: start });
    expect(errorOf(() => m.toModel())).toMatchObject({ code: 'InvalidAfter', stateName: 'Start' });
  });

  it('rejects an after handle of another graph', () => {
    const m = stateMachine({ input: Input });
    const outside = m.pass('Outside', { next: 'Each' });
    m.map('Each', {
      itemsPath: '$.items',
      // @ts-expect-error the types catch it too: 'Outside' leads to 'Each', not to 'Inner'
      processor: (items) => items.succeed('Inner', { after: outside }),
      end: true,
    });
    expect(errorOf(() => m.toModel())).toMatchObject({
      code: 'ForeignStateReference',
      stateName: 'Inner',
      pointer: '/States/Each/ItemProcessor/States/Inner',
    });
  });
});

describe('callbacks wherever a value can be a reference', () => {
  it('renders Wait, Map, Task, Fail and ItemReader/ItemBatcher callbacks as …Path fields', () => {
    const m = stateMachine({ input: Input });
    m.task('Work', {
      resource: LAMBDA,
      timeoutSeconds: ({ input }) => input.limit,
      heartbeatSeconds: ({ input }) => input.waitSeconds,
      credentials: { roleArn: ({ input }) => input.stackName },
      resultPath: null,
      next: 'Pause',
    });
    m.wait('Pause', { timestamp: ({ input }) => input.stackName, next: 'Fan out' });
    m.map('Fan out', {
      mode: 'DISTRIBUTED',
      itemReader: {
        resource: resources.integration('s3', 'getObject'),
        readerConfig: { inputType: 'JSON', maxItems: ({ input }) => input.limit },
        parameters: ({ input }) => ({ Bucket: 'b', Key: input.stackName }),
      },
      itemBatcher: { maxItemsPerBatch: ({ input }) => input.limit },
      maxConcurrency: ({ input }) => input.limit,
      toleratedFailureCount: ({ input }) => input.limit,
      processor: (item) => item.succeed('Item'),
      resultPath: null,
      next: 'Stop',
    });
    m.fail('Stop', { error: ({ input }) => input.stackName, cause: ({ input }) => input.stackName });
    const states = m.toModel().States;
    expect(states.Work).toMatchObject({
      TimeoutSecondsPath: '$.limit',
      HeartbeatSecondsPath: '$.waitSeconds',
      Credentials: { 'RoleArn.$': '$.stackName' },
    });
    expect(states.Pause).toMatchObject({ TimestampPath: '$.stackName' });
    expect(states['Fan out']).toMatchObject({
      MaxConcurrencyPath: '$.limit',
      ToleratedFailureCountPath: '$.limit',
      ItemReader: { ReaderConfig: { MaxItemsPath: '$.limit' }, Parameters: { 'Key.$': '$.stackName' } },
      ItemBatcher: { MaxItemsPerBatchPath: '$.limit' },
    });
    expect(states.Stop).toMatchObject({ ErrorPath: '$.stackName', CausePath: '$.stackName' });
  });

  it('renders the same callbacks as JSONata expressions in a JSONata state', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    m.wait('Pause', { seconds: ({ input }) => input.waitSeconds, next: 'Stop' });
    m.fail('Stop', { cause: ({ input }) => input.stackName });
    const states = m.toModel().States;
    expect(states.Pause).toMatchObject({ Seconds: '{% $states.input.waitSeconds %}' });
    expect(states.Stop).toMatchObject({ Cause: '{% $states.input.stackName %}' });
  });
});
