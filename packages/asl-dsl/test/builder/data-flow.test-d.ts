import {
  cond,
  type ErrorOutput,
  type OutputOf,
  type PathRef,
  type ResultWriterOutput,
  resources,
  States,
  stateMachine,
} from '@stackset-lite/asl-dsl';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({ stackName: z.string(), accounts: z.array(z.object({ id: z.string() })) });
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const Deployed = z.object({ stackId: z.string(), status: z.enum(['STARTED', 'BUSY']) });
const Polled = z.object({ progress: z.enum(['IN_PROGRESS', 'DONE']), nextPollSeconds: z.number() });

describe('flow-derived input types', () => {
  it('types a state after one predecessor with that predecessor output, without restating it', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy' });
    const poll = m.task('Poll', {
      after: deploy,
      resource: LAMBDA,
      outputSchema: Polled,
      parameters: ({ input }) => ({ stackId: input.deploy.stackId, name: input.stackName }),
      resultPath: '$.poll',
    });
    expectTypeOf<OutputOf<typeof poll>['poll']['nextPollSeconds']>().toEqualTypeOf<number>();
    expectTypeOf<OutputOf<typeof poll>['deploy']['stackId']>().toEqualTypeOf<string>();
    m.task('Poll again', {
      after: poll,
      resource: LAMBDA,
      // @ts-expect-error a misspelt field of the flowing data does not compile
      parameters: ({ input }) => ({ stackId: input.deploy.stackid }),
      end: true,
    });
  });

  it('types a Catch target with the error output placed by resultPath, and a join with every edge', () => {
    const m = stateMachine({ input: Input });
    const poll = m.task('Poll', {
      resource: LAMBDA,
      outputSchema: Polled,
      resultPath: '$.poll',
      catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Settled' }],
      next: 'Settled',
    });
    const settled = m.pass('Settled', {
      after: poll,
      parameters: ({ input }) => ({ name: input.stackName, error: input.error, poll: input.poll }),
    });
    // Reached from both edges: `poll` and `error` may each be absent.
    expectTypeOf<OutputOf<typeof settled>['error']>().toEqualTypeOf<ErrorOutput | undefined>();
    expectTypeOf<OutputOf<typeof settled>['poll']>().toEqualTypeOf<z.output<typeof Polled> | undefined>();
    m.task('Use poll', {
      after: settled,
      resource: LAMBDA,
      inputSchema: z.object({ seconds: z.number() }),
      // @ts-expect-error poll is absent on the Catch edge: the reference may be undefined
      parameters: ({ input }) => ({ seconds: input.poll.nextPollSeconds }),
      end: true,
    });
  });

  it('types a Fail after a Catch that replaces the input with the error output', () => {
    const m = stateMachine({ input: Input });
    const prepare = m.task('Prepare', {
      resource: LAMBDA,
      catch: [{ errors: ['States.ALL'], next: 'Rejected' }],
      end: true,
    });
    m.fail('Rejected', { after: prepare, error: 'InvalidInput', cause: ({ input }) => input.Cause });
  });

  it('types the targets of Choice rules and default', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy' });
    const started = m.choice('Started?', {
      after: deploy,
      choices: ({ input }) => [{ when: cond.stringEquals(input.deploy.status, 'BUSY'), next: 'Wait' }],
      default: 'Done',
    });
    m.wait('Wait', { after: started, seconds: 30, next: deploy });
    const done = m.succeed('Done', { after: started });
    expectTypeOf<OutputOf<typeof done>['deploy']['stackId']>().toEqualTypeOf<string>();
    // @ts-expect-error no rule or default of 'Started?' leads to 'Elsewhere'
    m.succeed('Elsewhere', { after: started });
  });

  it('checks a next given as a handle against the input that state declares', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy' });
    const wait = m.wait('Wait', { after: deploy, seconds: 5 });
    m.pass('Loop back', { after: wait, next: deploy });
    m.pass('Shaped', { parameters: { x: 1 }, next: 'Reshape' });
    // @ts-expect-error a state whose output lacks stackName cannot loop back into 'Deploy'
    m.pass('Reshape', { parameters: { y: 2 }, next: deploy });
  });

  it('lets a loop replace a counter that a Pass result started', () => {
    const m = stateMachine({ input: Input });
    const reset = m.pass('Reset', { result: { count: 0 }, resultPath: '$.polls' });
    const wait = m.wait('Wait', { after: reset, seconds: 5 });
    expectTypeOf<OutputOf<typeof wait>['polls']>().toEqualTypeOf<{ count: number }>();
    // The loop sends count + 1 back: a literal { count: 0 } would not accept it.
    m.task('Count', {
      after: wait,
      resource: LAMBDA,
      outputSchema: z.object({ count: z.number() }),
      resultPath: '$.polls',
      next: wait,
    });
  });

  it('types a loop back whose output comes from a callback before checking it against the target', () => {
    // TypeScript types callbacks in a second inference round; the `next` check used to run in the first,
    // with the Pass output still the input passed through, and rejected the call ("field 'polls' has
    // another type") before the callback that replaces `polls` was typed.
    const m = stateMachine({ input: z.object({ maxPolls: z.number(), items: z.array(z.number()) }) });
    const reset = m.pass('Reset', { parameters: { count: 0 }, resultPath: '$.polls' });
    const check = m.choice('Check', {
      after: reset,
      choices: ({ input }) => [
        { when: cond.numericGreaterThanEquals(input.polls.count, input.maxPolls), next: 'Done' },
      ],
      default: 'Count',
    });
    const count = m.pass('Count', {
      after: check,
      parameters: ({ input }) => ({ count: States.MathAdd(input.polls.count, 1) }),
      resultPath: '$.polls',
      next: check,
    });
    expectTypeOf<OutputOf<typeof count>['polls']>().toEqualTypeOf<{ count: number }>();
    m.succeed('Done', { after: check });
    // The same for the other callbacks that make an output: a resultSelector, a Map processor, branches.
    const target = m.pass('Target', { stateInput: z.object({ count: z.number() }), end: true });
    m.task('Selected', {
      resource: LAMBDA,
      outputSchema: z.object({ c: z.number() }),
      resultSelector: ({ result }) => ({ count: result.c }),
      next: target,
    });
    const collected = m.pass('Collected', {
      stateInput: z.object({ all: z.array(z.object({ k: z.number() })) }),
      end: true,
    });
    m.map('Mapped', {
      itemsPath: ({ input }) => input.items,
      processor: (items) => items.pass('Item', { parameters: ({ input }) => ({ k: input }), end: true }),
      resultPath: '$.all',
      next: collected,
    });
    // The check still runs once the callbacks are typed.
    // @ts-expect-error the selector sends `cnt`, the target reads `count`
    m.task('Misnamed', {
      resource: LAMBDA,
      outputSchema: z.object({ c: z.number() }),
      resultSelector: ({ result }) => ({ cnt: result.c }),
      next: target,
    });
  });

  it('checks stateInput against what after sends', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy' });
    m.succeed('Wide', { after: deploy, stateInput: z.object({ stackName: z.string() }) });
    // @ts-expect-error what Deploy sends has no `region`
    m.succeed('Narrow', { after: deploy, stateInput: z.object({ region: z.string() }) });
  });

  it('exposes OutputOf for handles', () => {
    const m = stateMachine({ input: Input });
    const shaped = m.pass('Shape', {
      parameters: ({ input }) => ({ first: input.accounts[0].id }),
      end: true,
    });
    expectTypeOf<OutputOf<typeof shaped>>().toEqualTypeOf<{ first: string }>();
  });
});

describe('Map and Parallel outputs', () => {
  it('types a Map result from the handles its processor returns', () => {
    const m = stateMachine({ input: Input });
    const each = m.map('Each', {
      itemsPath: ({ input }) => input.accounts,
      processor: (account) =>
        account.task('Deploy', {
          resource: LAMBDA,
          outputSchema: Deployed,
          parameters: ({ input }) => ({ id: input.id }),
          end: true,
        }),
      resultPath: '$.results',
      end: true,
    });
    expectTypeOf<OutputOf<typeof each>['results']>().toEqualTypeOf<z.output<typeof Deployed>[]>();
    const untyped = m.map('Untyped', { processor: (item) => void item.succeed('Item'), end: true });
    expectTypeOf<OutputOf<typeof untyped>>().toEqualTypeOf<unknown[]>();
  });

  it('types a Distributed Map that exports its results with what ResultWriter returns', () => {
    const m = stateMachine({ input: Input });
    const run = m.map('Run', {
      mode: 'DISTRIBUTED',
      itemsPath: ({ input }) => input.accounts,
      processor: (item) => item.succeed('Item'),
      resultWriter: {
        resource: resources.integration('s3', 'putObject'),
        parameters: ({ input }) => ({ Bucket: 'b', Prefix: input.stackName }),
      },
      resultPath: '$.run',
      end: true,
    });
    expectTypeOf<OutputOf<typeof run>['run']>().toEqualTypeOf<ResultWriterOutput>();
  });

  it('types a Parallel result as one output per branch', () => {
    const m = stateMachine({ input: Input });
    const both = m.parallel('Both', {
      parameters: ({ input }) => ({ name: input.stackName }),
      branches: [
        (b) => b.pass('Left', { parameters: ({ input }) => ({ left: input.name }), end: true }),
        (b) => b.task('Right', { resource: LAMBDA, outputSchema: Deployed, end: true }),
      ],
      end: true,
    });
    expectTypeOf<OutputOf<typeof both>>().toEqualTypeOf<[{ left: string }, z.output<typeof Deployed>]>();
  });
});

describe('callbacks typed by the state input', () => {
  it('takes Wait seconds, Map maxConcurrency and tolerated failures from the flowing data', () => {
    const m = stateMachine({ input: Input });
    const poll = m.task('Poll', { resource: LAMBDA, outputSchema: Polled, resultPath: '$.poll' });
    m.wait('Pause', { after: poll, seconds: ({ input }) => input.poll.nextPollSeconds, next: 'Run' });
    m.map('Run', {
      mode: 'DISTRIBUTED',
      stateInput: z.object({ limit: z.number(), items: z.array(z.string()) }),
      itemsPath: ({ input }) => input.items,
      maxConcurrency: ({ input }) => input.limit,
      toleratedFailureCount: ({ input }) => input.limit,
      processor: (item) => item.succeed('Item'),
      end: true,
    });
    m.wait('Bad pause', {
      after: poll,
      // @ts-expect-error progress is a string, Seconds needs a number
      seconds: ({ input }) => input.poll.progress,
      end: true,
    });
    expectTypeOf(m.ref((i) => i.stackName)).toEqualTypeOf<PathRef<string>>();
  });
});
