import { findStack } from '../deploy-stack/stack-lookup.js';
import { roleArnFor } from '../shared/assumed-role.js';
import { type CrossAccountDeps, crossAccountDeps } from '../shared/cross-account-deps.js';
import { parseEvent } from '../shared/parse-event.js';
import { classifyStackStatus, StackStatus } from '../stack-status/stack-status.js';
import { nextPollDelaySeconds } from './poll-delay.js';
import { findRootCause } from './root-cause.js';
import { PollStackInput, type PollStackOutput } from './schemas.js';

/** What pollStack depends on; every field has a real default. */
export type PollStackDeps = CrossAccountDeps;

/** Builds the pollStack handler over the given dependencies (defaults: real AWS clients). */
export function createPollStackHandler(overrides: Partial<PollStackDeps> = {}) {
  const deps: PollStackDeps = crossAccountDeps(overrides, 'pollStack');
  return async function pollStack(event: unknown): Promise<PollStackOutput> {
    const input = parseEvent(PollStackInput, event, 'pollStack');
    const { accountId, region } = input.target;
    const action = input.operation.action;
    const base = { accountId, region, stackName: input.stackName, attempt: input.attempt + 1 };
    const nextPollSeconds = nextPollDelaySeconds(input.attempt, input.backoff);

    // AssumeRoleDenied propagates: the role worked a moment ago for deployStack, so this is worth a Catch.
    const credentials = await deps.assumeRole({
      roleArn: roleArnFor(accountId, input.deployRole.roleName, region),
      externalId: input.deployRole.externalId,
      sessionName: `stackset-lite-${input.operation.name}`.replace(/[^\w+=,.@-]/g, '-'),
      region,
    });
    const cfn = deps.clients.cloudFormation({ region, credentials });
    const stack = await findStack(cfn, input.stackId ?? input.stackName);
    if (!stack) {
      // Looked up by name, a deleted stack does not exist.
      if (action === 'DELETE') {
        return { ...base, progress: 'SUCCEEDED', stackStatus: 'DELETE_COMPLETE', nextPollSeconds: 0 };
      }
      return {
        ...base,
        progress: 'FAILED',
        stackStatus: 'DELETE_COMPLETE',
        statusReason: 'the stack no longer exists (deleted by someone else during the deployment?)',
        nextPollSeconds: 0,
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
      stackStatus,
      ...(stack.StackStatusReason ? { statusReason: stack.StackStatusReason } : {}),
      nextPollSeconds: progress === 'IN_PROGRESS' ? nextPollSeconds : 0,
    };
    if (progress === 'FAILED' || progress === 'NEEDS_INTERVENTION') {
      const rootCause = await findRootCause(cfn, stack.StackId ?? input.stackName, input.clientRequestToken);
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
  };
}

/** The Lambda entry point, wired to real AWS. */
export const handler = createPollStackHandler();
