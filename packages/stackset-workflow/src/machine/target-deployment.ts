import type { ItemProcessor, Retrier } from '@stackset-lite/asl-dsl';
import { placeholder, TASK_FUNCTIONS } from './task-functions.js';

/**
 * How a stage runs its targets. DISTRIBUTED (AWS): a Distributed Map of child executions reading items
 * from S3 and writing results to S3 — holds at 10,000 accounts × several regions. INLINE: an inline Map
 * over items carried in the payload, for Step Functions Local (which has no Distributed Map); it holds
 * while a stage's items fit in 256 KiB and the whole run in 25,000 history events (a few hundred targets).
 */
export type StageMode = 'DISTRIBUTED' | 'INLINE';

/** Lambda's transient service errors, retried as AWS recommends for every Lambda task. */
export const LAMBDA_TRANSIENT_RETRY: Retrier = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
};

/**
 * CloudFormation throttling (the tasks raise `Throttled` once the SDK's own retries are spent): AWS's
 * advice, 2, 4, 8, 16, 32 s with full jitter, then every 32 s for a few more attempts.
 */
export const THROTTLED_RETRY: Retrier = {
  ErrorEquals: ['Throttled'],
  IntervalSeconds: 2,
  MaxAttempts: 8,
  BackoffRate: 2,
  MaxDelaySeconds: 32,
  JitterStrategy: 'FULL',
};

/** Seconds to wait before asking again when deployStack finds the stack busy or being repaired. */
export const BUSY_WAIT_SECONDS = 30;

/**
 * The per-target child execution of the stage's Distributed Map. It deploys, waits and polls in few
 * states so a happy-path target costs 6 state transitions (Deploy, Choice, Wait, Poll, Choice,
 * Succeed); every failure is caught and recorded in the output instead of failing the child, so the
 * stage's results always hold every target.
 */
export function targetDeploymentProcessor(mode: StageMode = 'DISTRIBUTED'): ItemProcessor {
  const done = 'TargetSettled';
  const recordError = { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: done };
  return {
    ProcessorConfig:
      mode === 'DISTRIBUTED' ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } : { Mode: 'INLINE' },
    StartAt: 'DeployStack',
    States: {
      DeployStack: {
        Type: 'Task',
        Comment: 'Create/update through a change set, or delete; repairs what the stack status allows.',
        Resource: placeholder(TASK_FUNCTIONS.deployStack),
        Parameters: {
          'operation.$': '$.operation',
          'target.$': '$.target',
          'stack.$': '$.stack',
          'deployRole.$': '$.deployRole',
        },
        ResultPath: '$.deploy',
        Retry: [THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
        Catch: [recordError],
        Next: 'DeployStarted',
      },
      DeployStarted: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.deploy.outcome', StringEquals: 'STARTED', Next: 'WaitForStack' },
          { Variable: '$.deploy.outcome', StringEquals: 'BUSY', Next: 'WaitWhileBusy' },
        ],
        Default: done,
      },
      WaitWhileBusy: { Type: 'Wait', Seconds: BUSY_WAIT_SECONDS, Next: 'DeployStack' },
      WaitForStack: {
        Type: 'Wait',
        Comment: 'First poll after the typical stack duration, so most stacks need one DescribeStacks.',
        SecondsPath: '$.firstPollSeconds',
        Next: 'PollStack',
      },
      PollStack: {
        Type: 'Task',
        Resource: placeholder(TASK_FUNCTIONS.pollStack),
        Parameters: {
          'operation.$': '$.operation',
          'target.$': '$.target',
          'stackName.$': '$.stack.name',
          'stackId.$': '$.deploy.stackId',
          'clientRequestToken.$': '$.deploy.clientRequestToken',
          'attempt.$': '$.poll.attempt',
          'deployRole.$': '$.deployRole',
          'backoff.$': '$.backoff',
        },
        ResultPath: '$.poll',
        Retry: [THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
        Catch: [recordError],
        Next: 'StackSettled',
      },
      StackSettled: {
        Type: 'Choice',
        Choices: [{ Variable: '$.poll.progress', StringEquals: 'IN_PROGRESS', Next: 'WaitBeforeNextPoll' }],
        Default: done,
      },
      WaitBeforeNextPoll: { Type: 'Wait', SecondsPath: '$.poll.nextPollSeconds', Next: 'PollStack' },
      [done]: {
        Type: 'Succeed',
        Comment: 'The output (item, deploy, poll or error) is what recordStage maps to the target result.',
      },
    },
  };
}
