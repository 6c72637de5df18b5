import { cond, type ErrorOutput, type InputOf, type OutputOf, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({ stackName: z.string(), maxPolls: z.number() });
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const Deployed = z.object({ stackId: z.string(), waitSeconds: z.number() });

describe('graph.after(handles): states that follow, typed by what flows into them', () => {
  it('types each state of a sequence from the one before, without restating it', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy' });
    const pause = m.after(deploy).wait('Pause', { seconds: ({ input }) => input.deploy.waitSeconds });
    const poll = m.after(pause).task('Poll', {
      resource: LAMBDA,
      parameters: ({ input }) => ({ stackId: input.deploy.stackId, name: input.stackName }),
      resultPath: null,
    });
    expectTypeOf<InputOf<typeof poll>>().toEqualTypeOf<OutputOf<typeof pause>>();
    expectTypeOf<OutputOf<typeof poll>['deploy']['stackId']>().toEqualTypeOf<string>();
    m.after(poll).task('Poll again', {
      resource: LAMBDA,
      // @ts-expect-error a misspelt field of the flowing data does not compile
      parameters: ({ input }) => ({ stackId: input.deploy.stackid }),
      end: true,
    });
  });

  it('joins several predecessors, a Catch edge included', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', {
      resource: LAMBDA,
      outputSchema: Deployed,
      resultPath: '$.deploy',
      catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Settled' }],
      next: 'Settled',
    });
    const settled = m.after(deploy).pass('Settled', {
      parameters: ({ input }) => ({ error: input.error, deploy: input.deploy }),
    });
    expectTypeOf<OutputOf<typeof settled>['error']>().toEqualTypeOf<ErrorOutput | undefined>();
    const check = m.after(settled).choice('Failed?', {
      choices: ({ input }) => [{ when: cond.isPresent(input.error), next: 'Failed' }],
      default: 'Done',
    });
    m.after(check).fail('Failed', { cause: ({ input }) => input.error.Cause });
    m.after([check]).succeed('Done');
  });

  it('puts the one error on the name when the predecessor does not lead there', () => {
    const m = stateMachine({ input: Input });
    const start = m.pass('Start', { next: 'Middle' });
    m.succeed('Middle', { after: start });
    // @ts-expect-error ✗ after: no transition of 'Start' leads to 'Elsewhere'
    m.after(start).succeed('Elsewhere');
  });

  it('checks a loop back given as a handle against the input that state declares', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy' });
    const wait = m.after(deploy).wait('Wait', { seconds: 5 });
    m.after(wait).pass('Loop back', { next: deploy });
    const shaped = m.pass('Shaped', { parameters: { x: 1 }, next: 'Reshape' });
    // @ts-expect-error a state whose output lacks stackName cannot loop back into 'Deploy'
    m.after(shaped).pass('Reshape', { parameters: { y: 2 }, next: deploy });
  });

  it('works inside an item processor, typed by the item', () => {
    const m = stateMachine({ input: z.object({ ids: z.array(z.object({ id: z.string() })) }) });
    m.map('Each', {
      itemsPath: ({ input }) => input.ids,
      processor: (item) => {
        const first = item.pass('First', { parameters: ({ input }) => ({ itemId: input.id }) });
        const last = item.after(first).succeed('Last');
        expectTypeOf<OutputOf<typeof last>>().toEqualTypeOf<{ itemId: string }>();
        return last;
      },
      end: true,
    });
  });
});
