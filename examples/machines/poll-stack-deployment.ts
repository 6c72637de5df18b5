/**
 * Example (d): a poll loop in JSONPath, each state typed by what flows into it.
 *
 * Starts a stack deployment with one Lambda function, waits, polls it with another until it settles,
 * gives up after `maxPolls` polls, and sends one SNS message either way. The same machine is written
 * with AWS CDK in bench/src/sides/poll-loop-cdk.ts; `pnpm -s bench:length` compares the two.
 */
import { cond, lambdaTask, pick, resultAt, States, snsPublish, stateMachine } from '@stackset-lite/asl-dsl';
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

/** Our Lambda functions raise Throttled too, retried; any failure is caught and notified. */
const onError = {
  errors: ['Throttled'],
  retry: [
    { errors: ['Throttled'], intervalSeconds: 5, maxAttempts: 5, backoffRate: 2, jitterStrategy: 'FULL' },
  ],
  catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Notify failure' }],
} as const;

const reset = machine.pass('Reset poll count', { parameters: { count: 0 }, resultPath: '$.polls' });

const deploy = machine.after(reset).task('Start deployment', {
  ...lambdaTask(machine.placeholder('DeployFunctionArn'), onError),
  ...resultAt('$.deployment', Deployment),
  parameters: ({ input }) => pick(input, 'stackName', 'templateUrl', 'parameters'),
});

const changes = machine.after(deploy).choice('Anything to do?', {
  choices: ({ input }) => [
    { when: cond.stringEquals(input.deployment.operation, 'NONE'), next: 'Notify success' },
  ],
  default: 'Wait for stack',
});

const firstWait = machine.after(changes).wait('Wait for stack', {
  seconds: ({ input }) => input.deployment.waitSeconds,
});

const poll = machine.after(firstWait).task('Poll stack', {
  ...lambdaTask(machine.placeholder('PollFunctionArn'), onError),
  ...resultAt('$.poll', Poll),
  parameters: ({ input }) => ({ stackId: input.deployment.stackId }),
});

const settled = machine.after(poll).choice('Stack settled?', {
  choices: ({ input }) => [
    { when: cond.stringEquals(input.poll.status, 'COMPLETE'), next: 'Notify success' },
    { when: cond.stringEquals(input.poll.status, 'FAILED'), next: 'Describe failure' },
  ],
  default: 'Count poll',
});

const count = machine.after(settled).pass('Count poll', {
  parameters: ({ input }) => ({ count: States.MathAdd(input.polls.count, 1) }),
  resultPath: '$.polls',
});

const tooMany = machine.after(count).choice('Too many polls?', {
  choices: ({ input }) => [
    { when: cond.numericGreaterThanEquals(input.polls.count, input.maxPolls), next: 'Describe timeout' },
  ],
  default: 'Wait before next poll',
});

machine.after(tooMany).wait('Wait before next poll', {
  seconds: ({ input }) => input.poll.nextPollSeconds,
  next: poll,
});

const failed = machine.after(settled).pass('Describe failure', {
  parameters: ({ input }) => ({ Error: 'StackFailed', Cause: input.poll.statusReason }),
  resultPath: '$.error',
});

const timedOut = machine.after(tooMany).pass('Describe timeout', {
  parameters: ({ input }) => ({
    Error: 'StackTimedOut',
    Cause: States.Format('still in progress after {} polls', input.polls.count),
  }),
  resultPath: '$.error',
});

const notifySuccess = machine.after([changes, settled]).task('Notify success', {
  ...snsPublish(),
  parameters: ({ input }) => ({
    TopicArn: machine.placeholder('TopicArn'),
    Subject: 'Stack deployed',
    Message: States.Format('Stack {} deployed ({})', input.stackName, input.deployment.operation),
  }),
  resultPath: null,
});
machine.after(notifySuccess).succeed('Deployed');

const notifyFailure = machine.after([deploy, poll, failed, timedOut]).task('Notify failure', {
  ...snsPublish(),
  parameters: ({ input }) => ({
    TopicArn: machine.placeholder('TopicArn'),
    Subject: 'Stack deployment failed',
    Message: States.Format('Stack {} failed: {}: {}', input.stackName, input.error.Error, input.error.Cause),
  }),
  resultPath: null,
});
machine.after(notifyFailure).fail('Deployment failed', {
  error: 'DeploymentFailed',
  cause: ({ input }) => input.error.Cause,
});

export default machine;
