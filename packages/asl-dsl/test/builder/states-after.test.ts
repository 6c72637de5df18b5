import { type AslDslError, cond, resources, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({ stackName: z.string(), waitSeconds: z.number() });
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const Polled = z.object({ status: z.string() });

/** The same poll loop, with `after:` options or with `after(…)`. */
function pollLoop(style: 'option' | 'method') {
  const m = stateMachine({ input: Input });
  const poll = m.task('Poll', {
    resource: resources.lambdaFunction(LAMBDA),
    outputSchema: Polled,
    resultPath: '$.poll',
    catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Failed' }],
  });
  if (style === 'option') {
    const done = m.choice('Done?', {
      after: poll,
      choices: ({ input }) => [{ when: cond.stringEquals(input.poll.status, 'DONE'), next: 'Done' }],
      default: 'Pause',
    });
    m.wait('Pause', { after: done, seconds: ({ input }) => input.waitSeconds, next: poll });
    m.succeed('Done', { after: done });
    m.fail('Failed', { after: poll, cause: ({ input }) => input.error.Cause });
  } else {
    const done = m.after(poll).choice('Done?', {
      choices: ({ input }) => [{ when: cond.stringEquals(input.poll.status, 'DONE'), next: 'Done' }],
      default: 'Pause',
    });
    m.after(done).wait('Pause', { seconds: ({ input }) => input.waitSeconds, next: poll });
    m.after(done).succeed('Done');
    m.after(poll).fail('Failed', { cause: ({ input }) => input.error.Cause });
  }
  return m;
}

describe('graph.after(handles)', () => {
  it('builds what the same states with after: options build', () => {
    const model = pollLoop('method').toModel();
    expect(model).toEqual(pollLoop('option').toModel());
    expect(model.States.Poll).toMatchObject({ Next: 'Done?', Catch: [{ Next: 'Failed' }] });
    expect(model.States.Failed).toEqual({ Type: 'Fail', CausePath: '$.error.Cause' });
  });

  it('links a sequence inside an item processor', () => {
    const m = stateMachine({ input: z.object({ ids: z.array(z.string()) }) });
    m.map('Each', {
      itemsPath: ({ input }) => input.ids,
      processor: (item) => {
        const first = item.pass('First', {});
        return item.after(first).succeed('Last');
      },
      end: true,
    });
    expect(m.toModel().States.Each).toMatchObject({
      ItemProcessor: { StartAt: 'First', States: { First: { Type: 'Pass', Next: 'Last' } } },
    });
  });

  it('checks the transitions at build time as after: does', () => {
    const m = stateMachine({ input: Input });
    const start = m.choice('Start', {
      choices: ({ input }) => [{ when: cond.stringEquals(input.stackName, 'x'), next: 'Middle' }],
      default: 'Other',
    });
    m.after(start).succeed('Middle');
    m.pass('Other', { next: 'Elsewhere' });
    // A JavaScript caller: the types reject the name (see states-after.test-d.ts).
    (m.after(start).succeed as (name: string) => unknown)('Elsewhere');
    expect(() => m.toModel()).toThrow(
      expect.objectContaining({ code: 'InvalidAfter', stateName: 'Elsewhere' }) as AslDslError,
    );
  });

  it('refuses a state given after twice, rather than dropping one', () => {
    const m = stateMachine({ input: Input });
    const a = m.pass('A', { next: 'C' });
    const b = m.pass('B', { next: 'C' });
    expect(() => m.after(a).succeed('C', { after: b })).toThrow(
      expect.objectContaining({ code: 'InvalidAfter', stateName: 'C' }) as AslDslError,
    );
  });
});
