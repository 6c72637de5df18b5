/**
 * Example (a): a JSONPath machine with an inline Map, Retry and Catch.
 *
 * Deploys one CloudFormation stack per account, at most five accounts at a time. Each deployment is
 * retried on throttling and timeouts; an account whose deployment still fails is recorded instead
 * of failing the whole run.
 */
import { PredefinedErrors, pick, resources, States, stateMachine } from '@stackset-lite/asl-dsl';
import { z } from 'zod';

const Account = z.object({ id: z.string(), regions: z.array(z.string()) });
const Input = z.object({ accounts: z.array(Account), templateUrl: z.string(), stackName: z.string() });

const machine = stateMachine({
  input: Input,
  comment: 'Deploy a CloudFormation stack to every listed account',
  timeoutSeconds: 3600,
  substitutions: ['DeployFunctionArn'],
});

const count = machine.pass('Count accounts', {
  parameters: ({ input }) => ({
    ...pick(input, 'accounts', 'templateUrl', 'stackName'),
    total: States.ArrayLength(input.accounts),
  }),
});

// `after(count)`: the Map's input is what 'Count accounts' produces (typed, and checked at build time).
const deployEach = machine.after(count).map('Deploy each account', {
  itemsPath: ({ input }) => input.accounts,
  itemSelector: ({ ctx, input }) => ({
    accountId: ctx.Map.Item.Value.id,
    regions: ctx.Map.Item.Value.regions,
    templateUrl: input.templateUrl,
    stackName: input.stackName,
  }),
  maxConcurrency: 5,
  // The processor returns its terminal states: their outputs type each entry of `$.results`.
  processor: (account) => {
    const deploy = account.task('Deploy stack', {
      resource: resources.lambdaInvoke(),
      errors: ['Lambda.TooManyRequestsException', 'StackRollback'],
      parameters: ({ input }) => ({
        FunctionName: machine.placeholder('DeployFunctionArn'),
        Payload: pick(input, 'accountId', 'regions', 'stackName', 'templateUrl'),
      }),
      resultSelector: ({ result }) => ({ deployment: result }),
      resultPath: '$.result',
      timeoutSeconds: 900,
      retry: [
        {
          errors: ['Lambda.TooManyRequestsException', PredefinedErrors.Timeout],
          intervalSeconds: 2,
          maxAttempts: 5,
          backoffRate: 2,
          maxDelaySeconds: 60,
          jitterStrategy: 'FULL',
        },
      ],
      catch: [
        { errors: ['StackRollback'], next: 'Record rollback', resultPath: '$.error' },
        { errors: [PredefinedErrors.ALL], next: 'Record failure', resultPath: '$.error' },
      ],
      next: 'Account deployed',
    });
    return [
      account.after(deploy).succeed('Account deployed'),
      account.after(deploy).pass('Record rollback', {
        result: { status: 'ROLLED_BACK' },
        resultPath: '$.status',
        end: true,
      }),
      account.after(deploy).pass('Record failure', {
        result: { status: 'FAILED' },
        resultPath: '$.status',
        end: true,
      }),
    ];
  },
  resultPath: '$.results',
});

machine.after(deployEach).succeed('Deployment finished', {
  comment: 'per-account outcomes are in $.results',
});

export default machine;
