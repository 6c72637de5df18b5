/**
 * Example (d): a poll loop in JSONPath, each state typed by what flows into it.
 *
 * Starts a stack deployment with one Lambda function, waits, polls it with another until it settles,
 * gives up after `maxPolls` polls, and sends one SNS message either way. The same machine is written
 * with AWS CDK in bench/src/sides/poll-loop-cdk.ts; `pnpm -s bench:length` compares the two.
 */
import { cond, resources, States, stateMachine } from '@stackset-lite/asl-dsl';
import { z } from 'zod';

const Input = z.object({
  stackName: z.string(),
  templateUrl: z.string(),
  parameters: z.record(z.string(), z.string()),
  maxPolls: z.number(),
});
const Deployment = z.object({
  stackId: z.string(),
  operation: z.enum(['CREATE', 'UPDATE', 'NONE']),
  waitSeconds: z.number(),
});
const Poll = z.object({
  status: z.enum(['IN_PROGRESS', 'COMPLETE', 'FAILED']),
  statusReason: z.string(),
  nextPollSeconds: z.number(),
});

const machine = stateMachine({
  input: Input,
  comment: 'Deploy a stack and poll it until it settles',
  timeoutSeconds: 7200,
  substitutions: ['DeployFunctionArn', 'PollFunctionArn', 'TopicArn'],
});

/** A Lambda function task: retried on Lambda's transient errors and on our Throttled, failures caught. */
const lambda = (key: 'DeployFunctionArn' | 'PollFunctionArn') =>
  ({
    resource: resources.lambdaFunction(machine.placeholder(key)),
    errors: ['Throttled', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
    retry: [
      {
        errors: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
        maxAttempts: 6,
        backoffRate: 2,
      },
      { errors: ['Throttled'], intervalSeconds: 5, maxAttempts: 5, backoffRate: 2, jitterStrategy: 'FULL' },
    ],
    catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Notify failure' }],
  }) as const;

const reset = machine.pass('Reset poll count', { parameters: { count: 0 }, resultPath: '$.polls' });

const deploy = machine.task('Start deployment', {
  after: reset,
  ...lambda('DeployFunctionArn'),
  outputSchema: Deployment,
  parameters: ({ input }) => ({
    stackName: input.stackName,
    templateUrl: input.templateUrl,
    parameters: input.parameters,
  }),
  resultPath: '$.deployment',
});

const changes = machine.choice('Anything to do?', {
  after: deploy,
  choices: ({ input }) => [
    { when: cond.stringEquals(input.deployment.operation, 'NONE'), next: 'Notify success' },
  ],
  default: 'Wait for stack',
});

const firstWait = machine.wait('Wait for stack', {
  after: changes,
  seconds: ({ input }) => input.deployment.waitSeconds,
});

const poll = machine.task('Poll stack', {
  after: firstWait,
  ...lambda('PollFunctionArn'),
  outputSchema: Poll,
  parameters: ({ input }) => ({ stackId: input.deployment.stackId }),
  resultPath: '$.poll',
});

const settled = machine.choice('Stack settled?', {
  after: poll,
  choices: ({ input }) => [
    { when: cond.stringEquals(input.poll.status, 'COMPLETE'), next: 'Notify success' },
    { when: cond.stringEquals(input.poll.status, 'FAILED'), next: 'Describe failure' },
  ],
  default: 'Count poll',
});

const count = machine.pass('Count poll', {
  after: settled,
  parameters: ({ input }) => ({ count: States.MathAdd(input.polls.count, 1) }),
  resultPath: '$.polls',
});

const tooMany = machine.choice('Too many polls?', {
  after: count,
  choices: ({ input }) => [
    { when: cond.numericGreaterThanEquals(input.polls.count, input.maxPolls), next: 'Describe timeout' },
  ],
  default: 'Wait before next poll',
});

machine.wait('Wait before next poll', {
  after: tooMany,
  seconds: ({ input }) => input.poll.nextPollSeconds,
  next: poll,
});

const failed = machine.pass('Describe failure', {
  after: settled,
  parameters: ({ input }) => ({ Error: 'StackFailed', Cause: input.poll.statusReason }),
  resultPath: '$.error',
});

const timedOut = machine.pass('Describe timeout', {
  after: tooMany,
  parameters: ({ input }) => ({
    Error: 'StackTimedOut',
    Cause: States.Format('still in progress after {} polls', input.polls.count),
  }),
  resultPath: '$.error',
});

const notifySuccess = machine.task('Notify success', {
  after: [changes, settled],
  resource: resources.integration('sns', 'publish'),
  parameters: ({ input }) => ({
    TopicArn: machine.placeholder('TopicArn'),
    Subject: 'Stack deployed',
    Message: States.Format('Stack {} deployed ({})', input.stackName, input.deployment.operation),
  }),
  resultPath: null,
});
machine.succeed('Deployed', { after: notifySuccess });

const notifyFailure = machine.task('Notify failure', {
  after: [deploy, poll, failed, timedOut],
  resource: resources.integration('sns', 'publish'),
  parameters: ({ input }) => ({
    TopicArn: machine.placeholder('TopicArn'),
    Subject: 'Stack deployment failed',
    Message: States.Format('Stack {} failed: {}: {}', input.stackName, input.error.Error, input.error.Cause),
  }),
  resultPath: null,
});
machine.fail('Deployment failed', {
  after: notifyFailure,
  error: 'DeploymentFailed',
  cause: ({ input }) => input.error.Cause,
});

export default machine;
