import type { StateMachineDefinition } from '@stackset-lite/asl-dsl';
import { LAMBDA_TRANSIENT_RETRY, type StageMode, targetDeploymentProcessor } from './target-deployment.js';

/** Options of {@link stacksetMachine}. */
export interface StacksetMachineOptions {
  /** @default "DISTRIBUTED" */
  stageMode?: StageMode;
}

import { placeholder, SETTING_PLACEHOLDERS, TASK_FUNCTIONS } from './task-functions.js';

/** Default seconds before a stack's first DescribeStacks; a stage's plan may override it. */
export const DEFAULT_FIRST_POLL_SECONDS = 30;

/** DescribeStacks backoff after the first poll (pollStack's `backoff`). */
export const POLL_BACKOFF = { initialSeconds: 5, multiplier: 1.5, maxSeconds: 30 };

/**
 * The StackSets-lite state machine (JSONPath). One execution is one operation: validate the input,
 * list the targets, plan stages (waves × regions), run each stage as a Distributed Map of per-target
 * child executions that read their items from S3 and write results to S3, record each stage and
 * apply the failure tolerance, then aggregate, notify once, and end SUCCEEDED or FAILED.
 *
 * Only small descriptors travel in the parent's payloads, and the parent's history grows per stage,
 * not per target: the machine holds at 10,000 accounts × several regions.
 */
export function stacksetMachine(options: StacksetMachineOptions = {}): StateMachineDefinition {
  const mode = options.stageMode ?? 'DISTRIBUTED';
  const itemSelector = {
    'target.$': '$$.Map.Item.Value',
    'operation.$': '$.operation',
    'stack.$': '$.stack',
    'deployRole.$': '$.deployRole',
    'firstPollSeconds.$': '$.rollout.next.firstPollSeconds',
    backoff: POLL_BACKOFF,
    poll: { attempt: 0 },
  };
  const stageSource =
    mode === 'DISTRIBUTED'
      ? {
          Label: 'DeployStage',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSON' as const },
            Parameters: { 'Bucket.$': '$.rollout.bucket', 'Key.$': '$.rollout.next.itemsKey' },
          },
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { 'Bucket.$': '$.rollout.bucket', 'Prefix.$': '$.rollout.next.resultsPrefix' },
          },
        }
      : { ItemsPath: '$.rollout.next.items' };
  const settings = Object.fromEntries(
    Object.entries(SETTING_PLACEHOLDERS).map(([field, name]) => [field, placeholder(name)]),
  );
  return {
    Comment: 'StackSets-lite: deploy a CloudFormation template to many accounts and regions in waves',
    StartAt: 'PrepareOperation',
    States: {
      PrepareOperation: {
        Type: 'Task',
        Comment: 'Validate the input (naming every bad field) and build every task request; deploys nothing.',
        Resource: placeholder(TASK_FUNCTIONS.prepareOperation),
        Parameters: {
          'input.$': '$',
          'executionId.$': '$$.Execution.Id',
          'runId.$': '$$.Execution.Name',
          settings,
        },
        ResultPath: '$',
        Retry: [LAMBDA_TRANSIENT_RETRY],
        Catch: [{ ErrorEquals: ['InvalidInput'], ResultPath: '$', Next: 'InputRejected' }],
        Next: 'ListTargets',
      },
      InputRejected: { Type: 'Fail', Error: 'InvalidInput', CausePath: '$.Cause' },
      ListTargets: {
        Type: 'Task',
        Resource: placeholder(TASK_FUNCTIONS.listTargets),
        InputPath: '$.listTargets',
        ResultPath: '$.targets',
        Retry: [
          {
            ErrorEquals: ['Throttled'],
            IntervalSeconds: 2,
            MaxAttempts: 5,
            BackoffRate: 2,
            JitterStrategy: 'FULL',
          },
          LAMBDA_TRANSIENT_RETRY,
        ],
        Next: 'PlanRollout',
      },
      PlanRollout: {
        Type: 'Task',
        Comment: 'Split targets into stages; write stage items and the ledger to S3.',
        Resource: placeholder(TASK_FUNCTIONS.planRollout),
        Parameters: {
          'input.$': '$.input',
          'targets.$': '$.targets',
          'runId.$': '$.runId',
          'bucket.$': '$.bucket',
          firstPollSeconds: DEFAULT_FIRST_POLL_SECONDS,
          inlineItems: mode === 'INLINE',
        },
        ResultPath: '$.rollout',
        Retry: [LAMBDA_TRANSIENT_RETRY],
        Next: 'MoreStages',
      },
      MoreStages: {
        Type: 'Choice',
        Choices: [{ Variable: '$.rollout.next', IsPresent: true, Next: 'DeployStage' }],
        Default: 'AggregateResults',
      },
      DeployStage: {
        Type: 'Map',
        Comment: 'One child execution per target of the stage, at most maxConcurrency at once.',
        ...stageSource,
        ItemSelector: itemSelector,
        MaxConcurrencyPath: '$.rollout.next.maxConcurrency',
        ItemProcessor: targetDeploymentProcessor(mode),
        ResultPath: '$.stageRun',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.stageRun', Next: 'RecordStage' }],
        Next: 'RecordStage',
      },
      RecordStage: {
        Type: 'Task',
        Comment: "Record the stage's results, apply the failure tolerance, pick the next stage.",
        Resource: placeholder(TASK_FUNCTIONS.recordStage),
        Parameters: { 'rollout.$': '$.rollout', 'stageRun.$': '$.stageRun' },
        ResultPath: '$.rollout',
        Retry: [LAMBDA_TRANSIENT_RETRY],
        Next: 'MoreStages',
      },
      AggregateResults: {
        Type: 'Task',
        Comment: 'Every target once: cancelled ones included; report to S3; outcome by the tolerance rule.',
        Resource: placeholder(TASK_FUNCTIONS.aggregateResults),
        Parameters: { 'rollout.$': '$.rollout', 'operation.$': '$.operation', 'notify.$': '$.notify' },
        ResultPath: '$.outcome',
        Retry: [LAMBDA_TRANSIENT_RETRY],
        Next: 'Notify',
      },
      Notify: {
        Type: 'Task',
        Comment: 'The one message of the operation.',
        Resource: placeholder(TASK_FUNCTIONS.notify),
        InputPath: '$.outcome.notifyRequest',
        ResultPath: '$.notification',
        Retry: [
          {
            ErrorEquals: ['Throttled'],
            IntervalSeconds: 2,
            MaxAttempts: 5,
            BackoffRate: 2,
            JitterStrategy: 'FULL',
          },
          LAMBDA_TRANSIENT_RETRY,
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notificationError', Next: 'RolloutOutcome' }],
        Next: 'RolloutOutcome',
      },
      RolloutOutcome: {
        Type: 'Choice',
        Choices: [{ Variable: '$.outcome.status', StringEquals: 'SUCCEEDED', Next: 'RolloutSucceeded' }],
        Default: 'RolloutFailed',
      },
      RolloutSucceeded: { Type: 'Succeed', OutputPath: '$.outcome' },
      RolloutFailed: { Type: 'Fail', Error: 'FailureToleranceExceeded', CausePath: '$.outcome.cause' },
    },
  };
}
