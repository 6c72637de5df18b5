import {
  cond,
  type LambdaError,
  lambdaTask,
  pick,
  resources,
  resultAt,
  type StateMachineDefinition,
  States,
  stateMachine,
} from '@stackset-lite/asl-dsl';
import {
  DeployStackInput,
  DeployStackOutput,
  ListTargetsOutput,
  NotifyOutput,
  PollStackInput,
  PollStackOutput,
} from '@stackset-lite/tasks';
import { AggregateResultsEventSchema } from '../tasks/aggregate-results.js';
import { ListedTargetSchema } from '../tasks/listed-targets.js';
import { PlanRolloutEventSchema } from '../tasks/plan-rollout.js';
import { RecordStageEventSchema } from '../tasks/record-stage.js';
import { RolloutCursorSchema } from '../tasks/rollout-cursor.js';
import type { StageMode } from './stage-mode.js';
import {
  SETTING_PLACEHOLDERS,
  SUBSTITUTION_KEYS,
  TASK_FUNCTIONS,
  type TaskFunctionName,
} from './task-functions.js';
import { AggregatedOutcomeSchema, PreparedOperationSchema } from './task-results.js';

/** Default seconds before a stack's first poll; later stages learn it from earlier stacks. */
export const DEFAULT_FIRST_POLL_SECONDS = 30;

/** DescribeStacks backoff after the first poll (pollStack's `backoff`). */
export const POLL_BACKOFF = { initialSeconds: 5, multiplier: 1.5, maxSeconds: 30 };

/** Errors the task functions raise themselves, for Retry and Catch (lambdaTask declares Lambda's). */
const TASK_ERRORS = ['Throttled', 'InvalidInput'] as const;

/** Exponential retries, 2 s doubling with full jitter (thousands of children must not retry together). */
function retry(
  errors: (LambdaError | (typeof TASK_ERRORS)[number])[],
  maxAttempts: number,
  maxDelaySeconds?: number,
) {
  const cap = maxDelaySeconds === undefined ? {} : { maxDelaySeconds };
  return { errors, intervalSeconds: 2, maxAttempts, backoffRate: 2, ...cap, jitterStrategy: 'FULL' } as const;
}
/** The account's Lambda concurrency is spent: long waits, up to ~16 minutes in all, never FAILED for it. */
const LAMBDA_THROTTLED = retry(['Lambda.TooManyRequestsException'], 20, 60);
/** CloudFormation throttling, once the SDK's own retries are spent: 2, 4, 8, 16, 32 s, then every 32 s. */
const CFN_THROTTLED = retry(['Throttled'], 8, 32);
/** Throttling of the once-per-operation tasks (Organizations, SNS). */
const ONCE_THROTTLED = retry(['Throttled'], 5);

/** Options of {@link stacksetMachine}. */
export interface StacksetMachineOptions {
  /** How a stage runs its targets (see {@link StageMode}). @default "DISTRIBUTED" */
  stageMode?: StageMode;
}

/**
 * The StackSets-lite state machine (JSONPath). One execution is one operation: validate the input,
 * list the targets, plan stages (waves × regions), run each stage as a Map of per-target deployments,
 * record each stage and apply the failure tolerance, then aggregate, notify once, and end SUCCEEDED or
 * FAILED. Each state's input is what flows into it (`after`), typed and checked from the tasks' zod
 * schemas. Only small descriptors travel in the parent's payloads, and its history grows per stage,
 * not per target: the machine holds at 10,000 accounts × several regions.
 */
export function stacksetMachine(options: StacksetMachineOptions = {}): StateMachineDefinition {
  return stacksetStateMachine(options).toModel();
}

/**
 * The machine of {@link stacksetMachine} as its builder, typed with the DefinitionSubstitutions keys
 * it declares (`substitutions`), from which the values given for them are typed.
 */
export function stacksetStateMachine(options: StacksetMachineOptions = {}) {
  const distributed = (options.stageMode ?? 'DISTRIBUTED') === 'DISTRIBUTED';
  const m = stateMachine({
    comment: 'StackSets-lite: deploy a CloudFormation template to many accounts and regions in waves',
    substitutions: SUBSTITUTION_KEYS,
  });
  const settings = Object.fromEntries(
    Object.entries(SETTING_PLACEHOLDERS).map(([field, key]) => [field, m.placeholder(key)]),
  );
  /** A task function, its errors and retries: first Lambda's transient errors as AWS recommends, with jitter. */
  const lambda = (name: TaskFunctionName, ...first: ReturnType<typeof retry>[]) =>
    lambdaTask(m.placeholder(TASK_FUNCTIONS[name]), {
      errors: TASK_ERRORS,
      retry: [...first, LAMBDA_THROTTLED],
      serviceRetry: { jitterStrategy: 'FULL' },
    });

  const prepare = m.task('PrepareOperation', {
    comment: 'Validate the input (naming every bad field) and build every task request; deploys nothing.',
    ...lambda('prepareOperation'),
    ...resultAt('$', PreparedOperationSchema),
    parameters: ({ input, ctx }) => ({
      input,
      executionId: ctx.Execution.Id,
      runId: ctx.Execution.Name,
      settings,
    }),
    catch: [{ errors: ['InvalidInput'], resultPath: '$', next: 'InputRejected' }],
    next: 'ListTargets',
  });

  const list = m.after(prepare).task('ListTargets', {
    ...lambda('listTargets', ONCE_THROTTLED),
    ...resultAt('$.targets', ListTargetsOutput),
    inputPath: '$.listTargets',
    // A region the orchestrator's account has not enabled: refused, nothing deployed.
    catch: [{ errors: ['InvalidInput'], resultPath: '$', next: 'InputRejected' }],
  });

  const plan = m.after(list).task('PlanRollout', {
    comment: 'Split targets into stages; write stage items and the ledger to S3.',
    // CFN_THROTTLED: its ValidateTemplate of the template.
    ...lambda('planRollout', CFN_THROTTLED),
    inputSchema: PlanRolloutEventSchema,
    ...resultAt('$.rollout', RolloutCursorSchema),
    parameters: ({ input }) => ({
      ...pick(input, 'input', 'targets', 'stack', 'runId', 'bucket'),
      firstPollSeconds: DEFAULT_FIRST_POLL_SECONDS,
      inlineItems: !distributed,
    }),
    // A rollout that cannot succeed (a capability the template needs and the input lacks, an INLINE
    // stage past Step Functions' limits): refused, nothing deployed.
    catch: [{ errors: ['InvalidInput'], resultPath: '$', next: 'InputRejected' }],
  });
  m.after([prepare, list, plan]).fail('InputRejected', {
    error: 'InvalidInput',
    cause: ({ input }) => input.Cause,
  });

  const moreStages = m.after(plan).choice('MoreStages', {
    choices: ({ input }) => [{ when: cond.isPresent(input.rollout.next), next: 'DeployStage' }],
    default: 'AggregateResults',
  });

  const stage = m.after(moreStages).map('DeployStage', {
    comment: 'One deployment per target of the stage, at most maxConcurrency at once.',
    itemSchema: ListedTargetSchema,
    mode: distributed ? 'DISTRIBUTED' : undefined,
    executionType: distributed ? 'STANDARD' : undefined,
    label: distributed ? 'DeployStage' : undefined,
    // A child that fails (uncatchable errors such as States.DataLimitExceeded) is one FAILED target,
    // recorded from its ResultWriter entry: the Map Run must not abort the others mid-deployment.
    toleratedFailurePercentage: distributed ? 100 : undefined,
    itemsPath: distributed ? undefined : '$.rollout.next.items',
    itemReader: distributed
      ? {
          resource: resources.integration('s3', 'getObject'),
          readerConfig: { inputType: 'JSON' },
          parameters: ({ input }) => ({ Bucket: input.rollout.bucket, Key: input.rollout.next.itemsKey }),
        }
      : undefined,
    itemSelector: ({ input, ctx }) => ({
      target: ctx.Map.Item.Value,
      operation: input.operation,
      stack: input.stack,
      deployRole: input.deployRole,
      firstPollSeconds: input.rollout.next.firstPollSeconds,
      backoff: POLL_BACKOFF,
      poll: { attempt: 0, changeSetChecks: 0 },
    }),
    maxConcurrency: ({ input }) => input.rollout.next.maxConcurrency,
    // The per-target deployment. Every wait is a Wait state: deployStack starts the work (a stack
    // operation, or an UPDATE change set) and says how long to wait; pollStack looks once per call —
    // executes the change set once computed, follows the stack operation to its end, watches a busy
    // stack until deployStack can try again. A new stack costs 5 transitions, an update 8; every failure
    // is caught and recorded in the output, so the stage's results hold every target.
    processor: (target) => {
      const failed = { errors: ['States.ALL'], resultPath: '$.error', next: 'TargetSettled' } as const;
      const deploy = target.task('DeployStack', {
        comment:
          'Create a stack, start an update change set, or delete; repairs what the stack status allows.',
        ...lambda('deployStack', CFN_THROTTLED),
        inputSchema: DeployStackInput,
        ...resultAt('$.deploy', DeployStackOutput),
        parameters: ({ input }) =>
          pick(input, 'operation', 'target', 'stack', 'deployRole', 'firstPollSeconds'),
        catch: [failed],
      });
      const waitForStack = target.after(deploy).wait('WaitForStack', {
        comment:
          'As long as deployStack says: the learned stack duration, a change set computing, a busy stack (0 when final).',
        seconds: ({ input }) => input.deploy.waitSeconds,
      });
      const poll = target.after(waitForStack).task('PollStack', {
        ...lambda('pollStack', CFN_THROTTLED),
        inputSchema: PollStackInput,
        ...resultAt('$.poll', PollStackOutput),
        parameters: ({ input }) => ({
          ...pick(input, 'operation', 'target', 'deployRole', 'deploy', 'firstPollSeconds', 'backoff'),
          stackName: input.stack.name,
          previous: input.poll,
        }),
        catch: [failed],
      });
      const settled = target.after(poll).choice('StackSettled', {
        choices: ({ input }) => [
          { when: cond.stringEquals(input.poll.progress, 'IN_PROGRESS'), next: 'WaitBeforeNextPoll' },
          { when: cond.stringEquals(input.poll.progress, 'REDEPLOY'), next: deploy },
        ],
        default: 'TargetSettled',
      });
      target.after(settled).wait('WaitBeforeNextPoll', {
        seconds: ({ input }) => input.poll.nextPollSeconds,
        next: poll,
      });
      return target.after([settled, deploy, poll]).succeed('TargetSettled', {
        comment: 'The output (item, deploy, poll or error) is what recordStage maps to the target result.',
      });
    },
    resultWriter: distributed
      ? {
          resource: resources.integration('s3', 'putObject'),
          parameters: ({ input }) => ({
            Bucket: input.rollout.bucket,
            Prefix: input.rollout.next.resultsPrefix,
          }),
        }
      : undefined,
    resultPath: '$.stageRun',
    catch: [{ errors: ['States.ALL'], resultPath: '$.stageRun', next: 'RecordStage' }],
  });

  m.after(stage).task('RecordStage', {
    comment: "Record the stage's results, apply the failure tolerance, pick the next stage.",
    ...lambda('recordStage'),
    inputSchema: RecordStageEventSchema,
    ...resultAt('$.rollout', RolloutCursorSchema),
    parameters: ({ input }) => pick(input, 'rollout', 'stageRun'),
    next: moreStages,
  });

  const aggregate = m.after(moreStages).task('AggregateResults', {
    comment: 'Every target once: cancelled ones included; report to S3; outcome by the tolerance rule.',
    ...lambda('aggregateResults'),
    inputSchema: AggregateResultsEventSchema,
    ...resultAt('$.outcome', AggregatedOutcomeSchema),
    parameters: ({ input }) => pick(input, 'rollout', 'operation', 'notify'),
  });

  const notify = m.after(aggregate).task('Notify', {
    comment: 'The one message of the operation.',
    ...lambda('notify', ONCE_THROTTLED),
    ...resultAt('$.notification', NotifyOutput),
    inputPath: '$.outcome.notifyRequest',
    // Never swallowed: a run whose one message could not be sent ends FAILED, saying how the rollout
    // itself ended and where its report is (written before Notify).
    catch: [
      { errors: ['States.ALL'], resultPath: '$.notificationError', next: 'DescribeNotificationFailure' },
    ],
  });
  const notificationFailure = m.after(notify).pass('DescribeNotificationFailure', {
    parameters: ({ input }) => ({
      cause: States.Format(
        'the rollout ended {} (report s3://{}/{}), but its notification failed: {}: {}',
        input.outcome.status,
        input.outcome.report.bucket,
        input.outcome.report.key,
        input.notificationError.Error,
        input.notificationError.Cause,
      ),
    }),
    resultPath: '$.notificationFailure',
  });
  m.after(notificationFailure).fail('NotificationFailed', {
    error: 'NotificationFailed',
    cause: ({ input }) => input.notificationFailure.cause,
  });

  const outcome = m.after(notify).choice('RolloutOutcome', {
    choices: ({ input }) => [
      { when: cond.stringEquals(input.outcome.status, 'SUCCEEDED'), next: 'RolloutSucceeded' },
      // A stack set operation stopped at the user's request ends STOPPED, not as a failure.
      { when: cond.stringEquals(input.outcome.status, 'STOPPED'), next: 'RolloutStopped' },
    ],
    default: 'RolloutFailed',
  });
  m.after(outcome).succeed('RolloutSucceeded', { outputPath: '$.outcome' });
  m.after(outcome).succeed('RolloutStopped', { outputPath: '$.outcome' });
  m.after(outcome).fail('RolloutFailed', {
    error: 'FailureToleranceExceeded',
    cause: ({ input }) => input.outcome.cause,
  });
  return m;
}

/** The builder type of the StackSets-lite machine. */
export type StacksetStateMachine = ReturnType<typeof stacksetStateMachine>;
