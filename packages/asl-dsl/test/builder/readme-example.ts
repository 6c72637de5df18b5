import { cond, resources, stateMachine } from '@stackset-lite/asl-dsl';
import { z } from 'zod';

const Input = z.object({
  accounts: z.array(z.object({ id: z.string(), regions: z.array(z.string()) })),
  templateUrl: z.string(),
});

export const machine = stateMachine({ input: Input, comment: 'Deploy a template to every account' });

machine.map('Each account', {
  itemsPath: ({ input }) => input.accounts, // typed: a typo such as input.acounts does not compile
  itemSelector: ({ input, ctx }) => ({ accountId: ctx.Map.Item.Value.id, templateUrl: input.templateUrl }),
  maxConcurrency: 10,
  processor: (each) => {
    const deploy = each.task('Deploy', {
      resource: resources.lambdaInvoke(),
      inputSchema: z.object({
        FunctionName: z.string(),
        Payload: z.object({ accountId: z.string(), templateUrl: z.string() }),
      }),
      outputSchema: z.object({ Payload: z.object({ status: z.string() }) }),
      errors: ['Throttling'],
      parameters: ({ input }) => ({
        FunctionName: 'deploy-stack',
        Payload: { accountId: input.accountId, templateUrl: input.templateUrl },
      }),
      resultSelector: ({ result }) => ({ status: result.Payload.status }),
      retry: [{ errors: ['Throttling'], intervalSeconds: 2, maxAttempts: 5, backoffRate: 2 }],
      next: 'Deployed?',
    });
    each.choice('Deployed?', {
      stateInput: deploy, // the Choice sees Deploy's output type: { status: string }
      choices: ({ input }) => [{ when: cond.stringEquals(input.status, 'CREATE_COMPLETE'), next: 'Done' }],
      default: 'Failed',
    });
    each.succeed('Done');
    each.fail('Failed', { error: 'StackFailed', cause: 'the stack did not reach CREATE_COMPLETE' });
  },
  end: true,
});

console.log(machine.toAsl());
