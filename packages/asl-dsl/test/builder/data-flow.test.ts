import { AslDslError, cond, jsonata, resources, stateMachine } from '@stackset-lite/asl-dsl';
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

describe('toModel() checks every transition against what its target declares or reads', () => {
  const Deployed = z.object({ stackId: z.string() });
  const Polled = z.object({ progress: z.enum(['IN_PROGRESS', 'DONE']), nextPollSeconds: z.number() });

  it('rejects a state reached from a task and from its Catch that reads what only the task adds', () => {
    const m = stateMachine({ input: Input });
    const poll = m.task('Poll', {
      resource: LAMBDA,
      outputSchema: Polled,
      resultPath: '$.poll',
      catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Settled?' }],
    });
    m.choice('Settled?', {
      after: poll,
      choices: ({ input }) => [{ when: cond.stringEquals(input.poll.progress, 'DONE'), next: 'Done' }],
      default: 'Done',
    });
    m.succeed('Done');
    const error = errorOf(() => m.toModel());
    expect(error).toMatchObject({
      code: 'IncompatibleStateInput',
      stateName: 'Settled?',
      pointer: '/States/Poll/Catch/0/Next',
    });
    expect(error.message).toContain(
      "'Poll' (Catch #0 (States.ALL)) → 'Settled?': 'Settled?' reads $.poll.progress (at /Choices/0/Variable), but field 'poll' is not in the data",
    );
  });

  it('rejects a Wait whose SecondsPath reads what only the task adds, when its Catch reaches the Wait too', () => {
    // The type of input.poll.nextPollSeconds is number | undefined here, which …Path options accept
    // (an IsPresent rule may guard it): the build catches the Catch edge that has no poll at all.
    const m = stateMachine({ input: Input });
    const poll = m.task('Poll', {
      resource: LAMBDA,
      outputSchema: Polled,
      resultPath: '$.poll',
      catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Pause' }],
      next: 'Pause',
    });
    m.wait('Pause', { after: poll, seconds: ({ input }) => input.poll.nextPollSeconds, end: true });
    const error = errorOf(() => m.toModel());
    expect(error).toMatchObject({
      code: 'IncompatibleStateInput',
      stateName: 'Pause',
      pointer: '/States/Poll/Catch/0/Next',
    });
    expect(error.message).toContain(
      "'Poll' (Catch #0 (States.ALL)) → 'Pause': 'Pause' reads $.poll.nextPollSeconds (at /SecondsPath), but field 'poll' is not in the data this transition carries",
    );
  });

  it('accepts the same Choice when it first sends the Catch edge elsewhere with IsPresent', () => {
    const m = stateMachine({ input: Input });
    const poll = m.task('Poll', {
      resource: LAMBDA,
      outputSchema: Polled,
      resultPath: '$.poll',
      catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Settled?' }],
    });
    m.choice('Settled?', {
      after: poll,
      choices: ({ input }) => [
        { when: cond.isPresent(input.error), next: 'Done' },
        { when: cond.stringEquals(input.poll.progress, 'DONE'), next: 'Done' },
      ],
      default: 'Done',
    });
    m.succeed('Done');
    expect(() => m.toModel()).not.toThrow();
  });

  it('rejects a Catch that replaces the input when the fallback reads the input', () => {
    const m = stateMachine({ input: Input });
    m.task('Deploy', {
      resource: LAMBDA,
      outputSchema: Deployed,
      resultPath: '$.deploy',
      catch: [{ errors: ['States.ALL'], next: 'Report failure' }],
      next: 'Done',
    });
    m.task('Report failure', {
      resource: LAMBDA,
      parameters: ({ input }) => ({ stack: input.stackName }),
      end: true,
    });
    m.succeed('Done');
    expect(errorOf(() => m.toModel()).message).toMatch(
      /'Deploy' \(Catch #0 \(States\.ALL\)\) → 'Report failure': 'Report failure' reads \$\.stackName \(at \/Parameters\/stack\.\$\), but field 'stackName' is not in the data this transition carries \(an object with Error, Cause\)/,
    );
  });

  it('rejects a stateInput schema that the incoming data does not satisfy, naming the field path', () => {
    const m = stateMachine({ input: Input });
    m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy', next: 'Report' });
    m.succeed('Report', { stateInput: z.object({ deploy: z.object({ stackId: z.number() }) }) });
    const error = errorOf(() => m.toModel());
    expect(error).toMatchObject({
      code: 'IncompatibleStateInput',
      stateName: 'Report',
      pointer: '/States/Deploy/Next',
    });
    expect(error.message).toContain(
      "'Deploy' (Next) → 'Report': field 'deploy.stackId' is a string, not a number, which 'Report' declares as its input",
    );
    const missing = stateMachine({ input: Input });
    missing.pass('Shape', { parameters: ({ input }) => ({ name: input.stackName }), next: 'Use' });
    missing.succeed('Use', { stateInput: Input });
    expect(errorOf(() => missing.toModel()).message).toMatch(
      /field 'stackName' is missing, which 'Use' declares/,
    );
  });

  it('rejects a handle of the parent graph used as stateInput inside a Map', () => {
    const Accounts = z.object({ accounts: z.array(z.object({ id: z.string() })) });
    const m = stateMachine({ input: Accounts });
    const start = m.pass('Start', { parameters: { marker: 'x' }, resultPath: '$.meta', next: 'Each' });
    m.map('Each', {
      after: start,
      itemsPath: ({ input }) => input.accounts,
      processor: (account) => {
        account.pass('Use', {
          stateInput: start,
          parameters: ({ input }) => ({ m: input.meta.marker }),
          end: true,
        });
      },
      end: true,
    });
    const error = errorOf(() => m.toModel());
    expect(error).toMatchObject({
      code: 'IncompatibleStateInput',
      stateName: 'Use',
      pointer: '/States/Each/ItemProcessor/StartAt',
    });
    expect(error.message).toContain(
      "each item of Map 'Each' → 'Use': 'Use' reads $.meta.marker (at /Parameters/m.$), but field 'meta' is not in the data this transition carries (an object with id)",
    );
  });

  it('checks a loop back into a state against the input its after declares', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy' });
    m.choice('Deployed?', {
      after: deploy,
      choices: ({ input }) => [{ when: cond.isPresent(input.deploy), next: 'Done' }],
      default: 'Summarize',
    });
    // The loop back into 'Deployed?' drops stackName and the rest: its declared input needs them.
    m.pass('Summarize', { parameters: { 'deploy.$': '$.deploy' }, next: 'Deployed?' });
    m.succeed('Done');
    const error = errorOf(() => m.toModel());
    expect(error).toMatchObject({
      code: 'IncompatibleStateInput',
      stateName: 'Deployed?',
      pointer: '/States/Summarize/Next',
    });
    expect(error.message).toMatch(
      /'Summarize' \(Next\) → 'Deployed\?': field 'stackName' is missing, which 'Deployed\?' declares/,
    );
  });

  it('types a Map result from its processor for the states after it', () => {
    const m = stateMachine({ input: z.object({ accounts: z.array(z.object({ id: z.string() })) }) });
    m.map('Each', {
      itemsPath: ({ input }) => input.accounts,
      processor: (account) => account.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, end: true }),
      resultPath: '$.results',
      next: 'Report',
    });
    m.pass('Report', { parameters: { 'first.$': '$.results[0].stackid' }, end: true });
    expect(errorOf(() => m.toModel()).message).toMatch(
      /reads \$\.results\[0\]\.stackid .* field 'results\[0\]\.stackid' is not in the data/,
    );
  });

  it('passes data nothing is known about: no outputSchema, z.custom, JSONata expressions', () => {
    const m = stateMachine({ input: Input });
    m.task('Untyped', { resource: LAMBDA, next: 'Reads anything' });
    m.pass('Reads anything', { parameters: { 'x.$': '$.anything.at.all' }, next: 'Custom' });
    m.task('Custom', {
      resource: LAMBDA,
      outputSchema: z.custom<{ a: string }>(() => true),
      next: 'Reads custom',
    });
    m.pass('Reads custom', { parameters: { 'x.$': '$.whatever' }, end: true });
    expect(() => m.toModel()).not.toThrow();
    const j = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    // What `$merge` gives is not worked out (an object constructor's fields are: see jsonata-kinds.test.ts).
    j.pass('Computed', { output: jsonata`$merge([{ 'n': 1 }, $states.input])`, next: 'Reads' });
    j.pass('Reads', { output: ({ input }) => ({ v: input.stackName }), end: true });
    expect(() => j.toModel()).not.toThrow();
  });

  it('checks JSONata reads of $states.input against the Output of the state before', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    m.pass('Shape', { output: ({ input }) => ({ name: input.stackName }), next: 'Use' });
    m.pass('Use', { output: ({ input }) => ({ wait: input.waitSeconds }), end: true });
    expect(errorOf(() => m.toModel()).message).toMatch(
      /'Shape' \(Next\) → 'Use': 'Use' reads \$states\.input\.waitSeconds .* field 'waitSeconds' is not in the data/,
    );
  });
});

describe('the README example of typed data flow', () => {
  it('builds as the README shows it', () => {
    const DEPLOY = 'arn:aws:lambda:us-east-1:123456789012:function:deploy';
    const POLL = 'arn:aws:lambda:us-east-1:123456789012:function:poll';
    const Deployed = z.object({ stackId: z.string(), waitSeconds: z.number() });
    const m = stateMachine({ input: z.object({ stackName: z.string() }) });
    const deploy = m.task('Deploy', {
      resource: DEPLOY,
      outputSchema: Deployed,
      resultPath: '$.deploy',
      catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Settled?' }],
    });
    const pause = m.wait('Pause', { after: deploy, seconds: ({ input }) => input.deploy.waitSeconds });
    const poll = m.task('Poll', {
      after: pause,
      resource: POLL,
      parameters: ({ input }) => ({ id: input.deploy.stackId }),
      resultPath: null,
      next: 'Settled?',
    });
    const settled = m.choice('Settled?', {
      after: [deploy, poll],
      choices: ({ input }) => [{ when: cond.isPresent(input.error), next: 'Failed' }],
      default: 'Done',
    });
    m.fail('Failed', { after: settled, cause: ({ input }) => input.error.Cause });
    m.succeed('Done', { after: settled });
    expect(m.toModel().States).toMatchObject({
      Deploy: { Next: 'Pause', Catch: [{ ResultPath: '$.error', Next: 'Settled?' }] },
      Pause: { SecondsPath: '$.deploy.waitSeconds', Next: 'Poll' },
      Failed: { CausePath: '$.error.Cause' },
    });
  });
});
