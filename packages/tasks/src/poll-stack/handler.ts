import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { BUSY_WAIT_SECONDS } from '../deploy-stack/busy-wait.js';
import { deleteChangeSet, describeChangeSet, executeChangeSet } from '../deploy-stack/change-set.js';
import { operationTokens } from '../deploy-stack/request-token.js';
import { findStack } from '../deploy-stack/stack-lookup.js';
import { roleArnFor } from '../shared/assumed-role.js';
import { awsErrorName } from '../shared/aws-error.js';
import { type CrossAccountDeps, crossAccountDeps } from '../shared/cross-account-deps.js';
import { parseEvent } from '../shared/parse-event.js';
import { classifyStackStatus, isInProgress, StackStatus } from '../stack-status/stack-status.js';
import { nextPollDelaySeconds } from './poll-delay.js';
import { findRootCause } from './root-cause.js';
import { type PollPhase, PollStackInput, type PollStackOutput } from './schemas.js';

/** What pollStack depends on; every field has a real default. */
export type PollStackDeps = CrossAccountDeps;

/**
 * How long a change set may take to compute before the target is FAILED (and the change set deleted).
 * CloudFormation publishes no limit; nested stacks and transforms take minutes, not a quarter of an hour.
 */
export const CHANGE_SET_BUDGET_SECONDS = 900;

/** Looks at a change set that is still being computed: 5 s, then ×1.5 up to 30 s. */
export const CHANGE_SET_RECHECK = { initialSeconds: 5, multiplier: 1.5, maxSeconds: 30 };

type Base = Pick<PollStackOutput, 'accountId' | 'region' | 'stackName'>;

/**
 * Builds the pollStack handler over the given dependencies (defaults: real AWS clients). pollStack follows
 * what deployStack started, one short look per call, paced by the machine's Wait states: it executes the
 * operation's change set once CloudFormation has computed it, follows the stack's operation to its end
 * (with the root cause of a failure), and watches a stack that kept deployStack BUSY until it settles.
 */
export function createPollStackHandler(overrides: Partial<PollStackDeps> = {}) {
  const deps: PollStackDeps = crossAccountDeps(overrides, 'pollStack');
  return async function pollStack(event: unknown): Promise<PollStackOutput> {
    const input = parseEvent(PollStackInput, event, 'pollStack');
    const { accountId, region } = input.target;
    const base: Base = { accountId, region, stackName: input.stackName };
    const previous = input.previous;
    const first = !previous?.progress || previous.progress === 'REDEPLOY';
    const deploy = input.deploy;
    const followed = {
      stackId: (first ? undefined : previous?.stackId) ?? deploy?.stackId ?? input.stackId,
      clientRequestToken:
        (first ? undefined : previous?.clientRequestToken) ??
        deploy?.clientRequestToken ??
        input.clientRequestToken,
    };
    const carried = {
      ...(followed.stackId && { stackId: followed.stackId }),
      ...(followed.clientRequestToken && { clientRequestToken: followed.clientRequestToken }),
    };
    const counts = {
      attempt: first ? (deploy ? 0 : input.attempt) : (previous?.attempt ?? 0),
      changeSetChecks: first ? 0 : (previous?.changeSetChecks ?? 0),
    };

    let phase: PollPhase = first ? 'STACK' : (previous?.phase ?? 'STACK');
    if (first && deploy) {
      // deployStack's final answers pass straight through: nothing to look at in AWS.
      switch (deploy.outcome) {
        case 'NO_CHANGES':
        case 'SKIPPED':
        case 'FAILED':
          return {
            ...base,
            progress: deploy.outcome,
            phase: 'STACK',
            ...(deploy.stackStatus && { stackStatus: deploy.stackStatus }),
            ...(deploy.reason && { statusReason: deploy.reason }),
            ...counts,
            ...carried,
            nextPollSeconds: 0,
          };
        case 'CHANGE_SET_CREATED':
          phase = 'CHANGE_SET';
          break;
        case 'BUSY':
          phase = 'BUSY';
          break;
        case 'STARTED':
          phase = 'STACK';
          break;
      }
    }

    // AssumeRoleDenied propagates: the role worked a moment ago for deployStack, so this is worth a Catch.
    const credentials = await deps.assumeRole({
      roleArn: roleArnFor(accountId, input.deployRole.roleName, region),
      externalId: input.deployRole.externalId,
      sessionName: `stackset-lite-${input.operation.name}`.replace(/[^\w+=,.@-]/g, '-'),
      region,
    });
    const cfn = deps.clients.cloudFormation({ region, credentials });
    const look = { input, base, counts, carried, cfn, deps };
    if (phase === 'CHANGE_SET') return followChangeSet(look);
    if (phase === 'BUSY') return followBusyStack(look);
    return followStack(look);
  };
}

interface Look {
  input: PollStackInput;
  base: Base;
  counts: { attempt: number; changeSetChecks: number };
  carried: { stackId?: string; clientRequestToken?: string };
  cfn: CloudFormationClient;
  deps: PollStackDeps;
}

/** The operation's change set: execute it once computed, or look again, within the budget. */
async function followChangeSet({ input, base, counts, carried, cfn, deps }: Look): Promise<PollStackOutput> {
  const tokens = operationTokens({
    executionId: input.operation.executionId,
    accountId: input.target.accountId,
    region: input.target.region,
    stackName: input.stackName,
    action: input.operation.action,
  });
  const checks = counts.changeSetChecks + 1;
  const done = (progress: 'NO_CHANGES' | 'FAILED', statusReason?: string): PollStackOutput => ({
    ...base,
    progress,
    phase: 'CHANGE_SET',
    ...(statusReason && { statusReason }),
    ...counts,
    changeSetChecks: checks,
    ...carried,
    nextPollSeconds: 0,
  });
  let described: Awaited<ReturnType<typeof describeChangeSet>>;
  try {
    described = await describeChangeSet(cfn, input.stackName, tokens.changeSetName);
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'ChangeSetNotFoundException' || name === 'ChangeSetNotFound') {
      return done('FAILED', `change set ${tokens.changeSetName} no longer exists (deleted by someone else?)`);
    }
    throw error;
  }
  const stackId = described.ids.stackId ?? carried.stackId;
  const state = described.state;
  switch (state.kind) {
    case 'COMPUTING': {
      const age = state.createdAt ? (deps.clock.now() - state.createdAt.getTime()) / 1000 : undefined;
      if (age !== undefined && age > CHANGE_SET_BUDGET_SECONDS) {
        await deleteChangeSet(cfn, input.stackName, tokens.changeSetName).catch(() => undefined);
        return done(
          'FAILED',
          `CloudFormation had not computed the change set after ${Math.round(age)} s (budget ${CHANGE_SET_BUDGET_SECONDS} s): it was deleted; rerun`,
        );
      }
      return {
        ...base,
        progress: 'IN_PROGRESS',
        phase: 'CHANGE_SET',
        ...counts,
        changeSetChecks: checks,
        ...carried,
        ...(stackId && { stackId }),
        nextPollSeconds: nextPollDelaySeconds(counts.changeSetChecks, CHANGE_SET_RECHECK),
      };
    }
    case 'READY':
    case 'EXECUTED':
      if (state.kind === 'READY') await executeChangeSet(cfn, input.stackName, tokens);
      return {
        ...base,
        progress: 'IN_PROGRESS',
        phase: 'STACK',
        attempt: 0,
        changeSetChecks: checks,
        ...(stackId && { stackId }),
        clientRequestToken: tokens.token('execute'),
        nextPollSeconds: input.firstPollSeconds,
      };
    case 'NO_CHANGES':
      // Leave no empty change sets behind (their number per stack is limited).
      await deleteChangeSet(cfn, input.stackName, tokens.changeSetName).catch(() => undefined);
      return done('NO_CHANGES', 'the stack is already up to date');
    case 'FAILED':
      return done('FAILED', state.reason);
  }
}

/** A stack deployStack found busy (or is repairing): look until it settles, then REDEPLOY. */
async function followBusyStack({ input, base, counts, carried, cfn }: Look): Promise<PollStackOutput> {
  const stack = await findStack(cfn, input.stackName);
  const stackStatus = StackStatus.safeParse(stack?.StackStatus).data;
  const busy = stackStatus !== undefined && isInProgress(stackStatus);
  return {
    ...base,
    progress: busy ? 'IN_PROGRESS' : 'REDEPLOY',
    phase: 'BUSY',
    ...(stackStatus && { stackStatus }),
    ...counts,
    attempt: counts.attempt + 1,
    ...carried,
    nextPollSeconds: busy ? BUSY_WAIT_SECONDS : 0,
  };
}

/** The stack's operation: DescribeStacks until it settles; the root cause when it failed. */
async function followStack({ input, base, counts, carried, cfn, deps }: Look): Promise<PollStackOutput> {
  const { accountId, region } = input.target;
  const action = input.operation.action;
  const attempt = counts.attempt + 1;
  const stack = await findStack(cfn, carried.stackId ?? input.stackName);
  if (!stack) {
    // Looked up by name, a deleted stack does not exist.
    const gone = { ...base, phase: 'STACK' as const, ...counts, attempt, ...carried, nextPollSeconds: 0 };
    if (action === 'DELETE') return { ...gone, progress: 'SUCCEEDED', stackStatus: 'DELETE_COMPLETE' };
    return {
      ...gone,
      progress: 'FAILED',
      stackStatus: 'DELETE_COMPLETE',
      statusReason: 'the stack no longer exists (deleted by someone else during the deployment?)',
    };
  }
  const parsed = StackStatus.safeParse(stack.StackStatus);
  if (!parsed.success) {
    throw new Error(
      `stack ${input.stackName} in ${accountId}/${region} has an unknown status ${stack.StackStatus}`,
    );
  }
  const stackStatus = parsed.data;
  const progress = classifyStackStatus(stackStatus, action);
  const output: PollStackOutput = {
    ...base,
    progress,
    phase: 'STACK',
    stackStatus,
    ...(stack.StackStatusReason ? { statusReason: stack.StackStatusReason } : {}),
    ...counts,
    attempt,
    ...carried,
    ...(stack.StackId && { stackId: stack.StackId }),
    nextPollSeconds: progress === 'IN_PROGRESS' ? nextPollDelaySeconds(counts.attempt, input.backoff) : 0,
  };
  if (progress === 'FAILED' || progress === 'NEEDS_INTERVENTION') {
    const rootCause = await findRootCause(cfn, stack.StackId ?? input.stackName, carried.clientRequestToken);
    if (rootCause) output.rootCause = rootCause;
  }
  if (progress !== 'IN_PROGRESS') {
    deps.logger.info('stack settled', {
      accountId,
      region,
      stackName: input.stackName,
      operation: input.operation.name,
      stackStatus,
      progress,
      rootCause: output.rootCause,
    });
  }
  return output;
}

/** The Lambda entry point, wired to real AWS. */
export const handler = createPollStackHandler();
