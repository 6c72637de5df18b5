import {
  cond,
  type GraphBuilder,
  type ItemSelectorScope,
  type MachineEnv,
  type RetryOptions,
  ref,
  resources,
  type StateMachineDefinition,
  stateMachine,
} from '@stackset-lite/asl-dsl';
import { DeployStackOutput, ListTargetsOutput, NotifyOutput, PollStackOutput } from '@stackset-lite/tasks';
import { z } from 'zod';
import type { ListedTarget } from '../tasks/listed-targets.js';
import {
  AggregatedData,
  type Prepared,
  PreparedData,
  RollingData,
  StageRanData,
  type TargetDeploying,
  TargetDeployingData,
  type TargetItem,
  TargetItemData,
  type TargetPolled,
  TargetPolledData,
} from './machine-data.js';
import type { StageMode } from './stage-mode.js';
import {
  SETTING_PLACEHOLDERS,
  SUBSTITUTION_KEYS,
  TASK_FUNCTIONS,
  type TaskFunctionName,
} from './task-functions.js';

/** Default seconds before a stack's first poll; later stages learn it from earlier stacks. */
export const DEFAULT_FIRST_POLL_SECONDS = 30;

/** DescribeStacks backoff after the first poll (pollStack's `backoff`). */
export const POLL_BACKOFF = { initialSeconds: 5, multiplier: 1.5, maxSeconds: 30 };

/**
 * Lambda's transient service errors, retried as AWS recommends for every Lambda task ("Handle Lambda
 * service exceptions", Step Functions developer guide, bp-lambda-serviceexception: these four errors,
 * IntervalSeconds 2, MaxAttempts 6, BackoffRate 2), with full jitter so retries of thousands of children
 * do not arrive together.
 */
export const LAMBDA_TRANSIENT_RETRY: RetryOptions<string> = {
  errors: [
    'Lambda.ClientExecutionTimeoutException',
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
  ],
  intervalSeconds: 2,
  maxAttempts: 6,
  backoffRate: 2,
  jitterStrategy: 'FULL',
};

/**
 * The account's Lambda concurrency is spent (1,000 concurrent executions per account and region by
 * default, fewer in new accounts): Lambda.TooManyRequestsException, "retry after a brief wait using
 * exponential backoff" (Lambda API reference). A stage may run 10,000 children whose calls start together,
 * so the waits are long and fully jittered — up to about 16 minutes in all, far past any burst — and a
 * throttled target is never reported FAILED for it.
 */
export const LAMBDA_THROTTLED_RETRY: RetryOptions<string> = {
  errors: ['Lambda.TooManyRequestsException'],
  intervalSeconds: 2,
  maxAttempts: 20,
  backoffRate: 2,
  maxDelaySeconds: 60,
  jitterStrategy: 'FULL',
};

/**
 * CloudFormation throttling (the tasks raise `Throttled` once the SDK's own retries are spent): AWS's
 * advice, 2, 4, 8, 16, 32 s with full jitter, then every 32 s for a few more attempts.
 */
export const THROTTLED_RETRY: RetryOptions<string> = {
  errors: ['Throttled'],
  intervalSeconds: 2,
  maxAttempts: 8,
  backoffRate: 2,
  maxDelaySeconds: 32,
  jitterStrategy: 'FULL',
};

/** Throttling of the once-per-operation tasks (Organizations, SNS). */
const ONCE_THROTTLED_RETRY: RetryOptions<string> = {
  errors: ['Throttled'],
  intervalSeconds: 2,
  maxAttempts: 5,
  backoffRate: 2,
  jitterStrategy: 'FULL',
};

/** Errors the task functions raise, for Retry and Catch. */
const TASK_ERRORS = [
  'Throttled',
  'InvalidInput',
  ...LAMBDA_TRANSIENT_RETRY.errors,
  ...LAMBDA_THROTTLED_RETRY.errors,
] as const;

/** Options of {@link stacksetMachine}. */
export interface StacksetMachineOptions {
  /**
   * How a stage runs its targets. DISTRIBUTED (AWS): a Distributed Map of child executions reading
   * items from S3 and writing results to S3 — holds at 10,000 accounts × several regions. INLINE: an
   * inline Map over items carried in the payload, for Step Functions Local (no Distributed Map there);
   * it holds while a stage's items fit in 256 KiB and the run in 25,000 events (a few hundred targets).
   * @default "DISTRIBUTED"
   */
  stageMode?: StageMode;
}

/**
 * The StackSets-lite state machine (JSONPath), built with the asl-dsl builder and typed from the
 * tasks' zod schemas. One execution is one operation: validate the input, list the targets, plan
 * stages (waves × regions), run each stage as a Map of per-target deployments, record each stage and
 * apply the failure tolerance, then aggregate, notify once, and end SUCCEEDED or FAILED.
 *
 * Only small descriptors travel in the parent's payloads, and the parent's history grows per stage,
 * not per target: the machine holds at 10,000 accounts × several regions.
 */
export function stacksetMachine(options: StacksetMachineOptions = {}): StateMachineDefinition {
  const mode = options.stageMode ?? 'DISTRIBUTED';
  const m = stateMachine({
    comment: 'StackSets-lite: deploy a CloudFormation template to many accounts and regions in waves',
    substitutions: SUBSTITUTION_KEYS as readonly (typeof SUBSTITUTION_KEYS)[number][],
  });
  const fn = (name: TaskFunctionName) => resources.lambdaFunction(m.placeholder(TASK_FUNCTIONS[name]));
  const settings = Object.fromEntries(
    Object.entries(SETTING_PLACEHOLDERS).map(([field, key]) => [field, m.placeholder(key)]),
  );

  m.task('PrepareOperation', {
    comment: 'Validate the input (naming every bad field) and build every task request; deploys nothing.',
    resource: fn('prepareOperation'),
    errors: TASK_ERRORS,
    outputSchema: PreparedData,
    parameters: ({ input, ctx }) => ({
      input,
      executionId: ctx.Execution.Id,
      runId: ctx.Execution.Name,
      settings,
    }),
    resultPath: '$',
    retry: [LAMBDA_THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
    catch: [{ errors: ['InvalidInput'], resultPath: '$', next: 'InputRejected' }],
    next: 'ListTargets',
  });
  m.fail('InputRejected', { error: 'InvalidInput', cause: ref<{ Cause: string }>()((e) => e.Cause) });

  m.task('ListTargets', {
    stateInput: PreparedData,
    resource: fn('listTargets'),
    errors: TASK_ERRORS,
    outputSchema: ListTargetsOutput,
    inputPath: '$.listTargets',
    resultPath: '$.targets',
    retry: [ONCE_THROTTLED_RETRY, LAMBDA_THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
    next: 'PlanRollout',
  });

  m.task('PlanRollout', {
    comment: 'Split targets into stages; write stage items and the ledger to S3.',
    stateInput: z.custom<Prepared & { targets: ListTargetsOutput }>(() => true),
    resource: fn('planRollout'),
    errors: TASK_ERRORS,
    parameters: ({ input }) => ({
      input: input.input,
      targets: input.targets,
      runId: input.runId,
      bucket: input.bucket,
      firstPollSeconds: DEFAULT_FIRST_POLL_SECONDS,
      inlineItems: mode === 'INLINE',
    }),
    resultPath: '$.rollout',
    retry: [LAMBDA_THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
    next: 'MoreStages',
  });

  m.choice('MoreStages', {
    stateInput: RollingData,
    choices: ({ input }) => [{ when: cond.isPresent(input.rollout.next), next: 'DeployStage' }],
    default: 'AggregateResults',
  });

  const stageMap = {
    comment: 'One deployment per target of the stage, at most maxConcurrency at once.',
    itemSelector: ({ input, ctx }: ItemSelectorScope<Rolling, ListedTarget, Env>) => ({
      target: ctx.Map.Item.Value,
      operation: input.operation,
      stack: input.stack,
      deployRole: input.deployRole,
      firstPollSeconds: input.rollout.next.firstPollSeconds,
      backoff: POLL_BACKOFF,
      poll: { attempt: 0, changeSetChecks: 0 },
    }),
    maxConcurrency: ref<Rolling>()((i) => i.rollout.next.maxConcurrency),
    processor: <In>(target: GraphBuilder<In, Env>) => targetDeployment(target, fn),
    resultPath: '$.stageRun' as const,
    catch: [{ errors: ['States.ALL' as const], resultPath: '$.stageRun' as const, next: 'RecordStage' }],
    next: 'RecordStage',
  };
  if (mode === 'DISTRIBUTED') {
    m.map('DeployStage', {
      ...stageMap,
      stateInput: RollingData,
      itemSchema: ListedTargetData,
      mode: 'DISTRIBUTED',
      executionType: 'STANDARD',
      label: 'DeployStage',
      itemReader: {
        resource: resources.integration('s3', 'getObject'),
        readerConfig: { inputType: 'JSON' },
        parameters: ({ input }) => ({ Bucket: input.rollout.bucket, Key: input.rollout.next.itemsKey }),
      },
      resultWriter: {
        resource: resources.integration('s3', 'putObject'),
        parameters: ({ input }) => ({
          Bucket: input.rollout.bucket,
          Prefix: input.rollout.next.resultsPrefix,
        }),
      },
    });
  } else {
    m.map('DeployStage', {
      ...stageMap,
      stateInput: RollingData,
      itemSchema: ListedTargetData,
      itemsPath: '$.rollout.next.items',
    });
  }

  m.task('RecordStage', {
    comment: "Record the stage's results, apply the failure tolerance, pick the next stage.",
    stateInput: StageRanData,
    resource: fn('recordStage'),
    errors: TASK_ERRORS,
    parameters: ({ input }) => ({ rollout: input.rollout, stageRun: input.stageRun }),
    resultPath: '$.rollout',
    retry: [LAMBDA_THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
    next: 'MoreStages',
  });

  m.task('AggregateResults', {
    comment: 'Every target once: cancelled ones included; report to S3; outcome by the tolerance rule.',
    stateInput: RollingData,
    resource: fn('aggregateResults'),
    errors: TASK_ERRORS,
    parameters: ({ input }) => ({ rollout: input.rollout, operation: input.operation, notify: input.notify }),
    resultPath: '$.outcome',
    retry: [LAMBDA_THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
    next: 'Notify',
  });

  m.task('Notify', {
    comment: 'The one message of the operation.',
    stateInput: AggregatedData,
    resource: fn('notify'),
    errors: TASK_ERRORS,
    outputSchema: NotifyOutput,
    inputPath: '$.outcome.notifyRequest',
    resultPath: '$.notification',
    retry: [ONCE_THROTTLED_RETRY, LAMBDA_THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
    catch: [{ errors: ['States.ALL'], resultPath: '$.notificationError', next: 'RolloutOutcome' }],
    next: 'RolloutOutcome',
  });

  m.choice('RolloutOutcome', {
    stateInput: AggregatedData,
    choices: ({ input }) => [
      { when: cond.stringEquals(input.outcome.status, 'SUCCEEDED'), next: 'RolloutSucceeded' },
      // A stack set operation stopped at the user's request ends STOPPED, not as a failure.
      { when: cond.stringEquals(input.outcome.status, 'STOPPED'), next: 'RolloutStopped' },
    ],
    default: 'RolloutFailed',
  });
  m.succeed('RolloutSucceeded', { stateInput: AggregatedData, outputPath: '$.outcome' });
  m.succeed('RolloutStopped', { stateInput: AggregatedData, outputPath: '$.outcome' });
  m.fail('RolloutFailed', {
    error: 'FailureToleranceExceeded',
    cause: ref<Aggregated>()((i) => i.outcome.cause),
  });
  return m.toModel();
}

type Rolling = z.output<typeof RollingData>;
type Env = MachineEnv<unknown, Record<never, never>, (typeof SUBSTITUTION_KEYS)[number]>;
const ListedTargetData = z.custom<ListedTarget>(() => true);
type Aggregated = z.output<typeof AggregatedData>;

/**
 * The per-target deployment (the stage Map's item processor). Every wait is a Wait state: deployStack
 * starts the work (a stack operation, or an UPDATE change set) and returns at once with how long to wait;
 * pollStack looks once per call — executes the change set when CloudFormation has computed it, follows
 * the stack operation to its end, watches a busy stack until deployStack can try again. A new stack
 * costs 5 state transitions (Deploy, Wait, Poll, Choice, Succeed), an update 8; every failure is caught
 * and recorded in the output instead of failing the item, so the stage's results hold every target.
 */
function targetDeployment<In>(graph: GraphBuilder<In, Env>, fn: (name: TaskFunctionName) => string): void {
  // The ItemSelector's output; each state also names its input type below.
  const target = graph as unknown as GraphBuilder<TargetItem, Env>;
  const done = 'TargetSettled';
  const recordError = { errors: ['States.ALL'] as const, resultPath: '$.error' as const, next: done };
  target.task('DeployStack', {
    comment: 'Create a stack, start an update change set, or delete; repairs what the stack status allows.',
    stateInput: TargetItemData,
    resource: fn('deployStack'),
    errors: TASK_ERRORS,
    outputSchema: DeployStackOutput,
    parameters: ({ input }) => ({
      operation: input.operation,
      target: input.target,
      stack: input.stack,
      deployRole: input.deployRole,
      firstPollSeconds: input.firstPollSeconds,
    }),
    resultPath: '$.deploy',
    retry: [THROTTLED_RETRY, LAMBDA_THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
    catch: [recordError],
    next: 'WaitForStack',
  });
  target.wait('WaitForStack', {
    comment:
      'As long as deployStack says: the learned stack duration, a change set computing, a busy stack (0 when final).',
    seconds: ref<TargetDeploying>()((i) => i.deploy.waitSeconds),
    next: 'PollStack',
  });
  target.task('PollStack', {
    stateInput: TargetDeployingData,
    resource: fn('pollStack'),
    errors: TASK_ERRORS,
    outputSchema: PollStackOutput,
    parameters: ({ input }) => ({
      operation: input.operation,
      target: input.target,
      stackName: input.stack.name,
      deployRole: input.deployRole,
      deploy: input.deploy,
      previous: input.poll,
      firstPollSeconds: input.firstPollSeconds,
      backoff: ref<{ backoff: unknown }>()((i) => i.backoff),
    }),
    resultPath: '$.poll',
    retry: [THROTTLED_RETRY, LAMBDA_THROTTLED_RETRY, LAMBDA_TRANSIENT_RETRY],
    catch: [recordError],
    next: 'StackSettled',
  });
  target.choice('StackSettled', {
    stateInput: TargetPolledData,
    choices: ({ input }) => [
      { when: cond.stringEquals(input.poll.progress, 'IN_PROGRESS'), next: 'WaitBeforeNextPoll' },
      { when: cond.stringEquals(input.poll.progress, 'REDEPLOY'), next: 'DeployStack' },
    ],
    default: done,
  });
  target.wait('WaitBeforeNextPoll', {
    seconds: ref<TargetPolled>()((i) => i.poll.nextPollSeconds),
    next: 'PollStack',
  });
  target.succeed(done, {
    comment: 'The output (item, deploy, poll or error) is what recordStage maps to the target result.',
  });
}
