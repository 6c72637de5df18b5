import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { JsonValue } from '@stackset-lite/asl-dsl';
import {
  type ExecutionOptions,
  type ExecutionResult,
  startExecution,
  type TaskHandlerContext,
  type TaskHandlers,
} from '@stackset-lite/asl-local';
import * as tasks from '@stackset-lite/tasks';
import {
  type PublishedMessage,
  SimulatedEstate,
  type StackLatencies,
  seededRandom,
} from '@stackset-lite/tasks/simulated-estate';
import type { RolloutInputDocument } from '../input/rollout-input.js';
import { stacksetSubstitutions } from '../machine/definition-substitutions.js';
import { stacksetMachine } from '../machine/stackset-machine.js';
import type { StageMode } from '../machine/stage-mode.js';
import {
  substituteDefinition,
  TASK_FUNCTION_TIMEOUTS,
  TASK_FUNCTIONS,
  type TaskFunctionName,
} from '../machine/task-functions.js';
import { targetKey } from '../plan/target.js';
import { cloudFormationTemplateInspector } from '../plan/template-check.js';
import { type RolloutLedger, RolloutLedgerSchema } from '../report/rollout-ledger.js';
import type { RolloutReport } from '../report/rollout-report.js';
import { countByStatus, type StatusCounts, sortResults } from '../report/rollout-summary.js';
import type { TargetResult, TargetStatus } from '../report/target-result.js';
import type { StackSetTaskDeps } from '../stack-set/stack-set-task-deps.js';
import { readStored } from '../store/stored-json.js';
import { createAggregateResultsHandler, finalResults } from '../tasks/aggregate-results.js';
import { createPlanRolloutHandler } from '../tasks/plan-rollout.js';
import { prepareOperation } from '../tasks/prepare-operation.js';
import { createRecordStageHandler } from '../tasks/record-stage.js';
import { type RolloutCursor, runKeys } from '../tasks/rollout-cursor.js';
import { StoredPlanSchema } from '../tasks/stored-plan.js';
import { EstateObjectStore } from './estate-object-store.js';
import { type ExecutionMetrics, measureExecution } from './execution-metrics.js';
import { SimulationClock } from './simulation-clock.js';

/** AWS's default concurrent executions of an account in a region (Lambda quotas page). */
export const DEFAULT_LAMBDA_CONCURRENCY = 1_000;

/** A warm Lambda call making a few AWS requests takes a fraction of a second. */
export const DEFAULT_INVOCATION_SECONDS = { min: 0.1, max: 0.6 };

/** The installation a simulation pretends to be. */
export const SIMULATED_INSTALLATION = {
  orchestratorAccountId: '111111111111',
  region: 'us-east-1',
  managementRoleArn: 'arn:aws:iam::111111111111:role/stackset-lite-target-lister',
  deployRoleName: 'stackset-lite-deploy',
  externalId: 'stackset-lite-simulation',
  workBucket: 'stackset-lite-work',
  templateBucket: 'stackset-lite-templates',
  topicArn: 'arn:aws:sns:us-east-1:111111111111:stackset-lite',
  serviceRoleName: 'stackset-lite-cloudformation',
  stackNamePrefix: 'stackset-lite-',
} as const;

/** A finished stage, as live progress shows it. */
export interface StageProgress {
  stage: number;
  stageCount: number;
  wave: number;
  regions: string[];
  /** Targets in the stage. */
  targets: number;
  /** The round just finished: its first target's position in the stage and its size (STRICT runs rounds). */
  round: { offset: number; count: number };
  /** Targets deployed at once in this round (the Distributed Map's MaxConcurrency). */
  maxConcurrency: number;
  /** The stage's results so far, by status. */
  counts: StatusCounts;
  /** Set when this stage stopped the rollout. */
  stoppedBy?: RolloutLedger['stoppedBy'];
}

/**
 * Live progress of a simulated rollout, as it happens (times are the simulated clock's, in ms):
 * - `planned`: the stages with their target counts, and the targets skipped before any stage;
 * - `stage-started`: a stage's first round is about to run, with its concurrency;
 * - `target-started`: a target's first deployStack call begins (it is deploying until it settles);
 * - `target-settled`: one target reached its final status (a target is reported once; a target
 *   whose task failed with a retried error is reported only by the stage's {@link StageProgress}).
 */
export type RolloutProgressEvent =
  | {
      type: 'planned';
      stages: { stage: number; wave: number; regions: string[]; targets: number }[];
      skipped: number;
      at: number;
    }
  | {
      type: 'stage-started';
      stage: number;
      /** Targets deployed at once (the first round's, in STRICT mode). */
      maxConcurrency: number;
      at: number;
    }
  | {
      type: 'target-started';
      stage: number;
      account: string;
      region: string;
      at: number;
    }
  | {
      type: 'target-settled';
      stage: number;
      account: string;
      region: string;
      status: TargetStatus;
      /** When its first deployStack call started. */
      since: number;
      at: number;
    };

/** A scenario for {@link simulateRollout}. */
export interface SimulationScenario {
  /** ACTIVE accounts. @default 50 */
  accounts?: number;
  /** @default ["eu-west-1", "us-east-1"] */
  regions?: string[];
  /** Share of stack creations/updates that fail (seeded). @default 0 */
  failRate?: number;
  /** @default 1 */
  seed?: number;
  /** SUSPENDED accounts added after the active ones. @default 0 */
  suspendedAccounts?: number;
  /** CLOSED accounts added after the suspended ones. @default 0 */
  closedAccounts?: number;
  /** Overrides of the default execution input (merged at the top level). */
  input?: Partial<RolloutInputDocument>;
  /** The execution input verbatim (for invalid-input scenarios). */
  rawInput?: unknown;
  /** @default "DISTRIBUTED" */
  stageMode?: StageMode;
  latencies?: Partial<StackLatencies>;
  /** Engine limits. @default AWS's (25,000 events, 256 KiB) */
  limits?: ExecutionOptions['limits'];
  /**
   * The orchestrator account's Lambda concurrent-executions limit: calls beyond it fail with
   * Lambda.TooManyRequestsException, which the machine retries. @default 1,000 (AWS's default quota)
   */
  lambdaConcurrency?: number | false;
  /** How long each Lambda call takes, drawn per call from the seed. @default 0.1 to 0.6 s */
  invocationSeconds?: { min: number; max: number };
  /**
   * Run again on the estate of an earlier simulation (its accounts, stacks and clock), e.g. to see a
   * repeated operation report NO_CHANGES. Account, failure and latency options are then ignored.
   */
  estate?: SimulatedEstate;
  /**
   * Installation settings other than {@link SIMULATED_INSTALLATION}'s (the SAM parameters
   * ServiceRoleName and StackNamePrefix), e.g. to see what the deploy role does with other values.
   */
  installation?: {
    serviceRoleName?: string;
    stackNamePrefix?: string;
    /** The template bucket (SAM parameter TemplateBucketName) and its region. @default SIMULATED_INSTALLATION's, us-east-1 */
    templateBucket?: { name: string; region: string };
    /** The orchestrator's account, whose SNS topics notify may publish to. @default SIMULATED_INSTALLATION's */
    orchestratorAccountId?: string;
    /** The installation's notification topic (SAM NotificationTopicArn). @default SIMULATED_INSTALLATION's */
    topicArn?: string;
  };
  /** The organization's root id. @default "r-sim0" */
  rootId?: string;
  /** The execution's name (its run id). @default "rollout-<seed>" */
  executionName?: string;
  /** Faults, pre-existing stacks, extra OUs: called once the accounts exist. */
  setup?: (estate: SimulatedEstate, accounts: string[]) => void;
  /** Called after each stage (or STRICT round) is recorded; awaited. */
  onStage?: (progress: StageProgress) => unknown;
  /** Live progress: the plan, each stage's start, each target as it settles. */
  onProgress?: (event: RolloutProgressEvent) => void;
  /** Called before each task function runs, by its name (e.g. `deployStack`); awaited. */
  onTaskCall?: (task: TaskFunctionName) => unknown;
  /** Run a stack set operation (input.stackSet): the store and managed execution the tasks use. */
  stackSets?: StackSetTaskDeps;
}

/** What a simulated rollout did. */
export interface SimulationResult {
  /** The rollout report (absent when the execution stopped before aggregating, e.g. invalid input). */
  report?: RolloutReport;
  /**
   * Every target's final result with its wave (the report's targets, plus the wave that deployed each
   * and the root cause as pollStack found it); absent with the report.
   */
  results?: TargetResult[];
  execution: ExecutionMetrics & { error?: string; cause?: string };
  notifications: PublishedMessage[];
  estate: SimulatedEstate;
  /** ACTIVE accounts, then suspended, then closed. */
  accounts: string[];
  /** DescribeStacks calls divided by deployed stacks. */
  describeCallsPerStack: number;
  /** The engine's result: histories of the parent and its child executions. */
  executionResult: ExecutionResult;
}

/** The execution input a simulation deploys unless the scenario overrides it. */
export function defaultSimulationInput(estate: SimulatedEstate, regions: string[]): RolloutInputDocument {
  return {
    stackName: 'stackset-lite-bucket',
    template: { bucket: SIMULATED_INSTALLATION.templateBucket, key: 'bucket.yaml' },
    targets: { organizationalUnits: [estate.organization.rootId], regions },
    preferences: {
      regionConcurrency: 'PARALLEL',
      maxConcurrentPercentage: 25,
      failureTolerancePercentage: 10,
      concurrencyMode: 'SOFT',
      waves: [1, '10%', '100%'],
    },
  };
}

function functionArn(name: TaskFunctionName): string {
  const { region, orchestratorAccountId } = SIMULATED_INSTALLATION;
  return `arn:aws:lambda:${region}:${orchestratorAccountId}:function:stackset-lite-${name}`;
}

type Handler = (event: unknown) => Promise<unknown>;

/**
 * Runs the real StackSets-lite machine on asl-local with the real task handlers against a simulated
 * estate (Organization, CloudFormation, S3, SNS), all on one virtual clock.
 */
export async function simulateRollout(scenario: SimulationScenario = {}): Promise<SimulationResult> {
  const previous = scenario.estate;
  if (previous && !(previous.clock instanceof SimulationClock)) {
    throw new Error('estate: pass the estate of an earlier simulateRollout result');
  }
  const clock =
    previous?.clock instanceof SimulationClock
      ? previous.clock
      : new SimulationClock(Date.parse('2026-01-05T09:00:00.000Z'));
  const start = clock.now();
  const estate =
    previous ??
    new SimulatedEstate({
      clock,
      seed: scenario.seed ?? 1,
      externalId: SIMULATED_INSTALLATION.externalId,
      ...(scenario.rootId && { rootId: scenario.rootId }),
      ...(scenario.latencies && { latencies: scenario.latencies }),
    });
  const regions = scenario.regions ?? ['eu-west-1', 'us-east-1'];
  const accounts = previous
    ? [...estate.organization.accounts.keys()].filter((id) => id !== estate.organization.managementAccountId)
    : estate.addAccounts(scenario.accounts ?? 50);
  if (!previous) {
    for (let i = 0; i < (scenario.suspendedAccounts ?? 0); i++) {
      accounts.push(estate.organization.addAccount({ state: 'SUSPENDED' }).id);
    }
    for (let i = 0; i < (scenario.closedAccounts ?? 0); i++) {
      accounts.push(estate.organization.addAccount({ state: 'CLOSED' }).id);
    }
    if (scenario.failRate) estate.faults.setRandomFailureRate(scenario.failRate, scenario.seed ?? 1);
    estate.s3.put(
      SIMULATED_INSTALLATION.templateBucket,
      'bucket.yaml',
      'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
    );
  }
  scenario.setup?.(estate, accounts);

  const store = new EstateObjectStore(estate.s3);
  const logger = tasks.createSilentLogger();
  // estate.clients: per-call views over one SDK client per service and region instead of a new
  // client per call (about half the CPU and memory at 10,000 accounts); still the mocked SDK send.
  const common = { clock, logger, clients: estate.clients };
  const stackSets = scenario.stackSets && { stackSets: scenario.stackSets };
  const recordStage = createRecordStageHandler({ store, ...stackSets });
  const planRollout = createPlanRolloutHandler({
    store,
    // ValidateTemplate with the orchestrator's own credentials, in its region.
    inspectTemplate: cloudFormationTemplateInspector(
      new CloudFormationClient({ region: SIMULATED_INSTALLATION.region }),
    ),
    ...stackSets,
  });
  const progress = scenario.onProgress && progressReporter(scenario.onProgress, store, clock);
  const deployStack = tasks.createDeployStackHandler({
    ...common,
    templateBucket: scenario.installation?.templateBucket ?? {
      name: SIMULATED_INSTALLATION.templateBucket,
      region: SIMULATED_INSTALLATION.region,
    },
  });
  const pollStack = tasks.createPollStackHandler(common);
  const implementations: Record<TaskFunctionName, Handler> = {
    prepareOperation: async (event) => prepareOperation(event),
    listTargets: tasks.createListTargetsHandler({ ...common, region: SIMULATED_INSTALLATION.region }),
    planRollout: async (event) => {
      const cursor = (await planRollout(event)) as RolloutCursor;
      await progress?.planned(cursor);
      return cursor;
    },
    deployStack: progress ? (event) => progress.settling(event, () => deployStack(event), true) : deployStack,
    pollStack: progress ? (event) => progress.settling(event, () => pollStack(event), false) : pollStack,
    recordStage: async (event) => {
      const cursor = (await recordStage(event)) as RolloutCursor;
      if (scenario.onStage) await reportStage(event as { rollout: RolloutCursor }, cursor);
      progress?.next(cursor);
      return cursor;
    },
    aggregateResults: createAggregateResultsHandler({ store, ...stackSets }),
    notify: tasks.createNotifyHandler({
      ...common,
      accountId: scenario.installation?.orchestratorAccountId ?? SIMULATED_INSTALLATION.orchestratorAccountId,
    }),
  };

  async function reportStage(event: { rollout: RolloutCursor }, after: RolloutCursor): Promise<void> {
    const stage = event.rollout.next;
    if (!stage) return;
    const ledger = await readStored(store, after.bucket, runKeys.ledger(after.runId), RolloutLedgerSchema);
    const plan = await readStored(store, after.bucket, runKeys.plan(after.runId), StoredPlanSchema);
    const results = ledger.results.filter((r) => r.wave === stage.wave && stage.regions.includes(r.region));
    await scenario.onStage?.({
      stage: stage.index,
      stageCount: event.rollout.stageCount,
      wave: stage.wave,
      regions: stage.regions,
      targets: plan.stages[stage.index]?.targets.length ?? stage.count,
      round: { offset: stage.offset, count: stage.count },
      maxConcurrency: stage.maxConcurrency,
      counts: countByStatus(results),
      ...(ledger.stoppedBy && !after.next && { stoppedBy: ledger.stoppedBy }),
    });
  }

  const invocationSeconds = scenario.invocationSeconds ?? DEFAULT_INVOCATION_SECONDS;
  const invocationRandom = seededRandom((scenario.seed ?? 1) ^ 0x1a3b5c7d);
  const handlers: TaskHandlers = {};
  for (const name of Object.keys(TASK_FUNCTIONS) as TaskFunctionName[]) {
    const implementation = implementations[name];
    handlers[functionArn(name)] = {
      // The function's Timeout as deployed (the SAM template's): a call past it is Sandbox.Timedout.
      timeoutSeconds: TASK_FUNCTION_TIMEOUTS[name],
      handler: async (input: JsonValue, context: TaskHandlerContext) => {
        // A Lambda call takes time (cold and warm starts, a few AWS requests): it holds one of the
        // account's concurrent executions meanwhile, as in AWS.
        const { min, max } = invocationSeconds;
        await context.sleep(min + (max - min) * invocationRandom());
        clock.follow(context.now());
        await scenario.onTaskCall?.(name);
        return (await implementation(input)) as JsonValue;
      },
    };
  }
  const substitutions = stacksetSubstitutions<string>(
    {
      ManagementRoleArn: SIMULATED_INSTALLATION.managementRoleArn,
      DeployRoleName: SIMULATED_INSTALLATION.deployRoleName,
      ExternalId: SIMULATED_INSTALLATION.externalId,
      WorkBucket: SIMULATED_INSTALLATION.workBucket,
      NotificationTopicArn: scenario.installation?.topicArn ?? SIMULATED_INSTALLATION.topicArn,
      ServiceRoleName: scenario.installation?.serviceRoleName ?? SIMULATED_INSTALLATION.serviceRoleName,
      StackNamePrefix: scenario.installation?.stackNamePrefix ?? SIMULATED_INSTALLATION.stackNamePrefix,
      TemplateBucketName:
        scenario.installation?.templateBucket?.name ?? SIMULATED_INSTALLATION.templateBucket,
    },
    functionArn,
  );
  const definition = substituteDefinition(
    stacksetMachine({ stageMode: scenario.stageMode ?? 'DISTRIBUTED' }),
    substitutions,
  );
  const input = scenario.rawInput ?? { ...defaultSimulationInput(estate, regions), ...scenario.input };

  estate.install();
  try {
    const result = await startExecution({
      definition,
      input: input as JsonValue,
      handlers,
      options: {
        startTime: start,
        seed: scenario.seed ?? 1,
        name: scenario.executionName ?? `rollout-${scenario.seed ?? 1}`,
        stateMachineName: 'stackset-lite',
        region: SIMULATED_INSTALLATION.region,
        accountId: SIMULATED_INSTALLATION.orchestratorAccountId,
        objectStore: store,
        lambdaConcurrency: scenario.lambdaConcurrency ?? DEFAULT_LAMBDA_CONCURRENCY,
        ...(scenario.limits !== undefined && { limits: scenario.limits }),
      },
    });
    const metrics = measureExecution(result);
    const reportText = estate.s3.get(SIMULATED_INSTALLATION.workBucket, runKeys.report(result.name));
    const results = reportText ? await readFinalResults(store, result.name) : undefined;
    const stacks = [...estate.cloudFormation.allStacks()].length;
    return {
      ...(reportText && { report: JSON.parse(reportText) as RolloutReport }),
      ...(results && { results }),
      execution: {
        ...metrics,
        ...(result.error !== undefined && { error: result.error }),
        ...(result.cause !== undefined && { cause: result.cause }),
      },
      notifications: [...estate.sns.messages],
      estate,
      accounts,
      executionResult: result,
      describeCallsPerStack: stacks ? (estate.calls.get('cloudformation:DescribeStacks') ?? 0) / stacks : 0,
    };
  } finally {
    estate.uninstall();
  }
}

/** Every planned target's final result, as aggregateResults computed them (waves included). */
async function readFinalResults(store: EstateObjectStore, runId: string): Promise<TargetResult[]> {
  const bucket = SIMULATED_INSTALLATION.workBucket;
  const ledger = await readStored(store, bucket, runKeys.ledger(runId), RolloutLedgerSchema);
  const plan = await readStored(store, bucket, runKeys.plan(runId), StoredPlanSchema);
  return sortResults(finalResults(ledger, plan));
}

/** pollStack's answers that end a target's deployment, as the target's status. */
const SETTLED_BY_POLL: Partial<Record<string, TargetStatus>> = {
  SUCCEEDED: 'SUCCEEDED',
  NO_CHANGES: 'NO_CHANGES',
  SKIPPED: 'SKIPPED',
  FAILED: 'FAILED',
  NEEDS_INTERVENTION: 'FAILED',
};

/**
 * Turns task calls into {@link RolloutProgressEvent}s. A target settles when pollStack says so, or when
 * deployStack/pollStack fails with an error the machine does not retry (its Catch records it FAILED);
 * `Throttled` is retried, so such a target is counted when its stage is recorded instead.
 */
function progressReporter(
  emit: (event: RolloutProgressEvent) => void,
  store: EstateObjectStore,
  clock: SimulationClock,
) {
  const stageOf = new Map<string, number>();
  /** When each target's first deployStack call started; deleted once the target settled. */
  const since = new Map<string, number>();
  const settled = new Set<string>();
  const targetOf = (event: unknown) => {
    const target = (event as { target?: { accountId?: unknown; region?: unknown } }).target;
    if (typeof target?.accountId !== 'string' || typeof target.region !== 'string') return undefined;
    return { account: target.accountId, region: target.region, key: `${target.accountId}/${target.region}` };
  };
  const settle = (event: unknown, status: TargetStatus) => {
    const target = targetOf(event);
    const stage = target && stageOf.get(target.key);
    if (!target || stage === undefined || settled.has(target.key)) return;
    settled.add(target.key);
    const at = clock.now();
    emit({
      type: 'target-settled',
      stage,
      account: target.account,
      region: target.region,
      status,
      since: since.get(target.key) ?? at,
      at,
    });
    since.delete(target.key);
  };
  const started = (cursor: RolloutCursor) => {
    const next = cursor.next;
    if (next && next.offset === 0)
      emit({
        type: 'stage-started',
        stage: next.index,
        maxConcurrency: next.maxConcurrency,
        at: clock.now(),
      });
  };
  return {
    async planned(cursor: RolloutCursor): Promise<void> {
      const plan = await readStored(store, cursor.bucket, runKeys.plan(cursor.runId), StoredPlanSchema);
      const ledger = await readStored(
        store,
        cursor.bucket,
        runKeys.ledger(cursor.runId),
        RolloutLedgerSchema,
      );
      for (const stage of plan.stages) for (const t of stage.targets) stageOf.set(targetKey(t), stage.index);
      emit({
        type: 'planned',
        stages: plan.stages.map((s) => ({
          stage: s.index,
          wave: s.wave,
          regions: s.regions,
          targets: s.targets.length,
        })),
        skipped: ledger.results.filter((r) => r.status === 'SKIPPED').length,
        at: clock.now(),
      });
      started(cursor);
    },
    next: started,
    async settling(event: unknown, call: () => Promise<unknown>, starts: boolean): Promise<unknown> {
      const target = starts ? targetOf(event) : undefined;
      const stage = target && stageOf.get(target.key);
      if (target && stage !== undefined && !since.has(target.key) && !settled.has(target.key)) {
        since.set(target.key, clock.now());
        emit({
          type: 'target-started',
          stage,
          account: target.account,
          region: target.region,
          at: clock.now(),
        });
      }
      try {
        const output = await call();
        const status = SETTLED_BY_POLL[String((output as { progress?: unknown }).progress)];
        if (status) settle(event, status);
        return output;
      } catch (error) {
        if ((error as Error).name !== 'Throttled') settle(event, 'FAILED');
        throw error;
      }
    },
  };
}
