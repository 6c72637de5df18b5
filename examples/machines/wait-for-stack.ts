/**
 * Example (b): a JSONata machine with variables.
 *
 * Polls a CloudFormation stack until it settles. The stack name and the number of polls live in
 * workflow variables, so the data passed between states stays small; the poll loop needs no
 * workaround (states may be declared in any order and reference each other by name).
 */
import { $, cond, PredefinedErrors, resources, stateMachine } from '@stackset-lite/asl-dsl';
import { z } from 'zod';

const Input = z.object({ stackName: z.string(), maxPolls: z.number() });
const DescribeStacksOutput = z.object({
  Stacks: z.array(z.object({ StackName: z.string(), StackStatus: z.string() })),
});

const machine = stateMachine({
  input: Input,
  queryLanguage: 'JSONata',
  comment: 'Wait until a CloudFormation stack is complete',
  variables: { stackName: z.string(), polls: z.number(), maxPolls: z.number(), status: z.string() },
});

machine.pass('Remember stack', {
  assign: ({ input }) => ({ stackName: input.stackName, maxPolls: input.maxPolls, polls: 0 }),
  next: 'Describe stack',
});

machine.task('Describe stack', {
  resource: resources.awsSdk('cloudformation', 'describeStacks'),
  outputSchema: DescribeStacksOutput,
  errors: ['CloudFormation.CloudFormationException'],
  arguments: ({ vars }) => ({ StackName: vars.stackName }),
  assign: ({ result, vars }) => ({
    status: result.Stacks[0].StackStatus,
    // A typed JSONata helper: `$polls + 1`, a number because its operands are.
    polls: $.add(vars.polls, 1),
  }),
  retry: [{ errors: ['CloudFormation.CloudFormationException'], intervalSeconds: 2, maxAttempts: 4 }],
  catch: [
    {
      errors: [PredefinedErrors.ALL],
      next: 'Stack failed',
      output: ({ errorOutput }) => ({ reason: errorOutput.Cause }),
    },
  ],
  next: 'Settled?',
});

machine.choice('Settled?', {
  // cond conditions are typed (vars.status is a string, vars.polls a number) and translated to JSONata.
  choices: ({ vars }) => [
    {
      when: cond.or(
        cond.stringEquals(vars.status, 'CREATE_COMPLETE'),
        cond.stringEquals(vars.status, 'UPDATE_COMPLETE'),
      ),
      next: 'Stack ready',
    },
    {
      when: cond.or(
        cond.stringMatches(vars.status, '*FAILED*'),
        cond.stringMatches(vars.status, '*ROLLBACK*'),
      ),
      next: 'Stack failed',
    },
    { when: cond.numericGreaterThanEquals(vars.polls, vars.maxPolls), next: 'Stack failed' },
  ],
  default: 'Pause',
});

machine.wait('Pause', { seconds: 30, next: 'Describe stack' });

machine.succeed('Stack ready', {
  output: ({ vars }) => ({ stackName: vars.stackName, status: vars.status, polls: vars.polls }),
});

machine.fail('Stack failed', {
  error: 'StackNotReady',
  cause: 'the stack failed, rolled back or did not settle in time',
});

export default machine;
