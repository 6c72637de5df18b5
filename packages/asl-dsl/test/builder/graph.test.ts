import { cond, PredefinedErrors, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:poll';
const Input = z.object({ status: z.string() });

describe('graph building', () => {
  it('accepts states declared in any order, by name or by handle', () => {
    const m = stateMachine({ input: Input });
    m.pass('First', { next: 'Second' }); // Second is declared later
    const third = m.succeed('Third');
    m.pass('Second', { next: third });
    const model = m.toModel();
    expect(model.StartAt).toBe('First');
    expect(model.States).toEqual({
      First: { Type: 'Pass', Next: 'Second' },
      Third: { Type: 'Succeed' },
      Second: { Type: 'Pass', Next: 'Third' },
    });
  });

  it('builds a polling loop with no workaround', () => {
    const m = stateMachine({ input: Input });
    m.task('Poll', { resource: LAMBDA, next: 'Done?' });
    m.choice('Done?', {
      choices: ({ input }) => [{ when: cond.stringEquals(input.status, 'COMPLETE'), next: 'Finished' }],
      default: 'Wait',
    });
    m.wait('Wait', { seconds: 30, next: 'Poll' });
    m.succeed('Finished');
    const { States } = m.toModel();
    expect(States.Wait).toEqual({ Type: 'Wait', Seconds: 30, Next: 'Poll' });
    expect(Object.keys(States)).toEqual(['Poll', 'Done?', 'Wait', 'Finished']);
  });

  it('renders a state reached from several places exactly once', () => {
    const m = stateMachine({ input: Input });
    const failed = m.fail('Failed', { error: 'DeployFailed' });
    m.task('A', { resource: LAMBDA, catch: [{ errors: [PredefinedErrors.ALL], next: failed }], next: 'B' });
    m.task('B', { resource: LAMBDA, catch: [{ errors: [PredefinedErrors.ALL], next: 'Failed' }], next: 'C' });
    m.choice('C', {
      choices: ({ input }) => [{ when: cond.stringEquals(input.status, 'bad'), next: failed }],
      default: 'Failed',
    });
    m.startAt('A');
    const asl = m.toAsl();
    expect(asl.match(/"Failed": \{/g)).toHaveLength(1);
    expect(Object.keys(m.toModel().States).sort()).toEqual(['A', 'B', 'C', 'Failed']);
  });

  it('keeps branches and item processors added through callbacks (nothing silently dropped)', () => {
    const m = stateMachine({ input: Input });
    m.parallel('Fan', {
      branches: [
        (b) => {
          b.pass('Left tail', { end: true });
          b.pass('Left', { next: 'Left tail' });
          b.startAt('Left');
        },
        (b) => b.succeed('Right'),
      ],
      end: true,
    });
    const fan = m.toModel().States.Fan;
    expect(fan?.Type === 'Parallel' && fan.Branches.map((b) => [b.StartAt, Object.keys(b.States)])).toEqual([
      ['Left', ['Left tail', 'Left']],
      ['Right', ['Right']],
    ]);
  });

  it('lists every task with its schemas, including tasks in branches and item processors', () => {
    const Payload = z.object({ id: z.string() });
    const m = stateMachine({ input: z.object({ ids: z.array(z.string()) }) });
    m.task('Top', { resource: LAMBDA, inputSchema: Payload, next: 'Each' });
    m.map('Each', {
      itemsPath: ({ input }) => input.ids,
      processor: (p) => p.task('Inner', { resource: LAMBDA, outputSchema: Payload, end: true }),
      end: true,
    });
    const tasks = m.taskHandles();
    expect(tasks.map((t) => t.name)).toEqual(['Top', 'Inner']);
    expect(tasks[0]?.inputSchema?.parse({ id: 'a' })).toEqual({ id: 'a' });
    expect(tasks[1]?.inputSchema).toBeUndefined();
    expect(() => tasks[1]?.outputSchema?.parse({ id: 1 })).toThrow();
  });

  it('toModel is pure: calling it twice gives equal, independent models', () => {
    const m = stateMachine({ input: Input });
    m.pass('Only', { result: { a: [1] }, end: true });
    const first = m.toModel();
    const second = m.toModel();
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(m.toAsl()).toBe(m.toAsl());
  });
});
