import { cond, resources, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

describe('smoke', () => {
  it('builds', () => {
    const Input = z.object({ accounts: z.array(z.object({ id: z.string(), regions: z.array(z.string()) })) });
    const m = stateMachine({ input: Input, comment: 'x' });
    m.task('Deploy', {
      resource: resources.lambdaInvoke(),
      parameters: ({ input }) => ({ FunctionName: 'f', Payload: { id: input.accounts[0].id } }),
      next: 'Check',
    });
    m.choice('Check', {
      choices: ({ input }) => [{ when: cond.stringEquals(input.accounts[0].id, 'a'), next: 'Done' }],
      default: 'Failed',
    });
    m.succeed('Done');
    m.fail('Failed', { error: 'Boom' });
    console.log(m.toAsl());
    expect(m.toModel().StartAt).toBe('Deploy');
  });
});
