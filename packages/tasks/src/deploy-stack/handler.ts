import {
  type CloudFormationClient,
  ContinueUpdateRollbackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { AssumeRoleDenied, roleArnFor } from '../shared/assumed-role.js';
import { awsErrorMessage, awsErrorName, callAws, isAccessDenied } from '../shared/aws-error.js';
import { realSleep, type Sleep } from '../shared/clock.js';
import { type CrossAccountDeps, crossAccountDeps } from '../shared/cross-account-deps.js';
import { parseEvent } from '../shared/parse-event.js';
import { deployPolicy, isInProgress, StackStatus } from '../stack-status/stack-status.js';
import { createAndExecuteChangeSet } from './change-set.js';
import { type OperationTokens, operationTokens } from './request-token.js';
import { DeployStackInput, type DeployStackOutput } from './schemas.js';
import { findStack } from './stack-lookup.js';

/** Tag every managed stack carries; the deploy role only acts on stacks with it. */
export const MANAGED_BY_TAG = { key: 'ManagedBy', value: 'stackset-lite' } as const;
/** Tag an account's owner puts on an existing stack to let an IMPORT operation adopt it. */
export const IMPORT_TAG = { key: 'stackset-lite:import', value: 'allowed' } as const;
/** Tag naming the operation that last deployed the stack. */
export const OPERATION_TAG_KEY = 'stackset-lite:operation';

/** What deployStack depends on; every field has a real default. */
export interface DeployStackDeps extends CrossAccountDeps {
  sleep: Sleep;
  /** How long to wait for CloudFormation to compute a change set before reporting BUSY. @default 60 000 */
  changeSetBudgetMs: number;
}

/** Builds the deployStack handler over the given dependencies (defaults: real AWS clients). */
export function createDeployStackHandler(overrides: Partial<DeployStackDeps> = {}) {
  const deps: DeployStackDeps = {
    ...crossAccountDeps(overrides, 'deployStack'),
    sleep: overrides.sleep ?? realSleep,
    changeSetBudgetMs: overrides.changeSetBudgetMs ?? 60_000,
  };
  return async function deployStack(event: unknown): Promise<DeployStackOutput> {
    const input = parseEvent(DeployStackInput, event, 'deployStack');
    const { accountId, region } = input.target;
    const stackName = input.stack.name;
    const base = { accountId, region, stackName };
    const keys = { ...base, operation: input.operation.name };

    if (input.target.status === 'SKIPPED') {
      return { ...base, action: 'NONE', outcome: 'SKIPPED', reason: input.target.reason ?? 'target skipped' };
    }

    let cfn: CloudFormationClient;
    try {
      const credentials = await deps.assumeRole({
        roleArn: roleArnFor(accountId, input.deployRole.roleName, region),
        externalId: input.deployRole.externalId,
        sessionName: `stackset-lite-${input.operation.name}`.replace(/[^\w+=,.@-]/g, '-'),
        region,
      });
      cfn = deps.clients.cloudFormation({ region, credentials });
    } catch (error) {
      if (error instanceof AssumeRoleDenied) {
        deps.logger.warn('assume role denied', { ...keys, error: error.message });
        return { ...base, action: 'NONE', outcome: 'FAILED', reason: error.message };
      }
      throw error;
    }

    const tokens = operationTokens({
      executionId: input.operation.executionId,
      accountId,
      region,
      stackName,
      action: input.operation.action,
    });
    let stack: Stack | undefined;
    try {
      stack = await findStack(cfn, stackName);
    } catch (error) {
      return { ...base, ...refusal(error, { stack: undefined, stackStatus: undefined, stackId: undefined }) };
    }
    const stackStatus = stack ? StackStatus.safeParse(stack.StackStatus).data : undefined;
    if (stack && !stackStatus) {
      throw new Error(
        `stack ${stackName} in ${accountId}/${region} has an unknown status ${stack.StackStatus}`,
      );
    }
    const current = { stack, stackStatus, stackId: stack?.StackId };
    const unmanaged =
      stack &&
      stackStatus !== 'REVIEW_IN_PROGRESS' &&
      !stack.Tags?.some((tag) => tag.Key === MANAGED_BY_TAG.key && tag.Value === MANAGED_BY_TAG.value);
    const importable =
      input.stack.importExisting &&
      stack?.Tags?.some((tag) => tag.Key === IMPORT_TAG.key && tag.Value === IMPORT_TAG.value);
    const result: Result =
      input.stack.importExisting && !stack
        ? {
            action: 'NONE',
            outcome: 'FAILED',
            reason: `there is no stack named ${stackName} in ${accountId}/${region} to import`,
          }
        : unmanaged && importable && input.operation.action === 'DEPLOY'
          ? // IMPORT: adopted in place by an UPDATE change set that adds the ManagedBy tag.
            await deploy(cfn, input, tokens, current, deps).catch((error: unknown) => refusal(error, current))
          : unmanaged
            ? {
                // Never take over (or delete) a stack someone else made that happens to have our stack name.
                action: 'NONE',
                outcome: 'FAILED',
                reason: input.stack.importExisting
                  ? `the stack named ${stackName} is not marked for import: its owner must tag it ${IMPORT_TAG.key}=${IMPORT_TAG.value} before stackset-lite may adopt it`
                  : `a stack named ${stackName} already exists and is not managed by stackset-lite (no ` +
                    `${MANAGED_BY_TAG.key}=${MANAGED_BY_TAG.value} tag): choose another stack name, or import it (IMPORT operation, after its owner tags it ${IMPORT_TAG.key}=${IMPORT_TAG.value})`,
                ...(stackStatus ? { stackStatus } : {}),
                ...(stack?.StackId ? { stackId: stack.StackId } : {}),
              }
            : await (input.operation.action === 'DELETE'
                ? deleteStack(cfn, input, tokens, current)
                : deploy(cfn, input, tokens, current, deps)
              ).catch((error: unknown) => refusal(error, current));
    const output: DeployStackOutput = { ...base, ...result };
    const fields = { ...keys, action: output.action, outcome: output.outcome, reason: output.reason };
    // FAILED targets at WARN, so an operator filtering on level sees them without the noise.
    if (output.outcome === 'FAILED') deps.logger.warn('deployStack', fields);
    else deps.logger.info('deployStack', fields);
    return output;
  };
}

type Result = Omit<DeployStackOutput, 'accountId' | 'region' | 'stackName'>;
interface Current {
  stack: Stack | undefined;
  stackStatus: StackStatus | undefined;
  stackId: string | undefined;
}

/** CloudFormation is working on the stack: report BUSY, and the machine waits and calls again. */
function waitingToSettle(
  stackStatus: StackStatus,
  seen: { stackStatus?: StackStatus; stackId?: string },
): Result {
  return {
    action: 'NONE',
    outcome: 'BUSY',
    reason: `stack is ${stackStatus}: waiting for it to settle`,
    ...seen,
  };
}

async function deploy(
  cfn: CloudFormationClient,
  input: DeployStackInput,
  tokens: OperationTokens,
  current: Current,
  deps: DeployStackDeps,
): Promise<Result> {
  const { stackStatus, stackId } = current;
  const seen = { ...(stackStatus ? { stackStatus } : {}), ...(stackId ? { stackId } : {}) };
  const stackName = input.stack.name;
  const changeSet = (type: 'CREATE' | 'UPDATE') => runChangeSet(cfn, input, tokens, type, deps, seen);
  if (!stackStatus) return changeSet('CREATE');

  const policy = deployPolicy(stackStatus);
  switch (policy.kind) {
    case 'UPDATE':
      return changeSet('UPDATE');
    case 'WAIT': {
      // A retry of this very operation finds its own change set executing: that is STARTED, not BUSY.
      const ours = await describeOwnChangeSet(cfn, stackName, tokens);
      if (ours?.ExecutionStatus === 'EXECUTE_IN_PROGRESS' || ours?.ExecutionStatus === 'EXECUTE_COMPLETE') {
        return {
          action:
            stackStatus.startsWith('CREATE') || stackStatus.startsWith('ROLLBACK') ? 'CREATE' : 'UPDATE',
          outcome: 'STARTED',
          ...seen,
          ...(ours.ChangeSetId ? { changeSetId: ours.ChangeSetId } : {}),
          clientRequestToken: tokens.token('execute'),
        };
      }
      return waitingToSettle(stackStatus, seen);
    }
    case 'DELETE_THEN_CREATE': {
      if (stackStatus === 'REVIEW_IN_PROGRESS') {
        // Our own CREATE change set may still be being computed or waiting to execute: resume it.
        const ours = await describeOwnChangeSet(cfn, stackName, tokens);
        if (ours) return changeSet('CREATE');
      }
      await startDelete(cfn, input, tokens.token('recreate-delete'), {});
      return {
        action: 'DELETE',
        outcome: 'BUSY',
        reason: `stack was ${stackStatus} (${
          stackStatus === 'ROLLBACK_COMPLETE'
            ? 'a failed create can only be deleted'
            : 'a change set never executed'
        }): deleting it, then it is created again`,
        ...seen,
        clientRequestToken: tokens.token('recreate-delete'),
      };
    }
    case 'CONTINUE_ROLLBACK_THEN_UPDATE': {
      const token = tokens.token('continue');
      if (await operationHasRun(cfn, stackName, token)) {
        return {
          action: 'NONE',
          outcome: 'FAILED',
          reason:
            'stack is UPDATE_ROLLBACK_FAILED again after ContinueUpdateRollback: fix the resources named in the ' +
            'stack events (or continue the rollback skipping them with ResourcesToSkip), then rerun',
          ...seen,
        };
      }
      await callAws('cloudformation:ContinueUpdateRollback', () =>
        cfn.send(
          new ContinueUpdateRollbackCommand({
            StackName: stackName,
            ClientRequestToken: token,
            ...serviceRole(input),
          }),
        ),
      );
      return {
        action: 'CONTINUE_ROLLBACK',
        outcome: 'BUSY',
        reason: 'stack was UPDATE_ROLLBACK_FAILED: continuing the rollback, then it is updated',
        ...seen,
        clientRequestToken: token,
      };
    }
    case 'INTERVENE': {
      if (
        input.repairs.forceDelete &&
        (stackStatus === 'DELETE_FAILED' || stackStatus === 'ROLLBACK_FAILED')
      ) {
        const token = tokens.token('force-delete');
        await startDelete(cfn, input, token, stackStatus === 'DELETE_FAILED' ? { force: true } : {});
        return {
          action: 'DELETE',
          outcome: 'BUSY',
          reason: `stack was ${stackStatus}: force-deleting it (repairs.forceDelete), then it is created again`,
          ...seen,
          clientRequestToken: token,
        };
      }
      return { action: 'NONE', outcome: 'FAILED', reason: policy.reason, ...seen };
    }
  }
}

async function runChangeSet(
  cfn: CloudFormationClient,
  input: DeployStackInput,
  tokens: OperationTokens,
  type: 'CREATE' | 'UPDATE',
  deps: DeployStackDeps,
  seen: { stackStatus?: StackStatus; stackId?: string },
): Promise<Result> {
  const templateUrl = input.stack.templateUrl;
  if (!templateUrl) throw new Error('unreachable: templateUrl is required to deploy (checked by the schema)');
  const result = await createAndExecuteChangeSet(
    cfn,
    {
      stackName: input.stack.name,
      type,
      templateUrl,
      parameters: { ...input.stack.parameters, ...input.target.parameterOverrides },
      capabilities: input.stack.capabilities,
      tags: {
        ...input.stack.tags,
        [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value,
        [OPERATION_TAG_KEY]: input.operation.name,
      },
      serviceRoleArn: serviceRole(input).RoleARN,
      description: `stackset-lite operation ${input.operation.name}`,
    },
    tokens,
    { sleep: deps.sleep, budgetMs: deps.changeSetBudgetMs },
  );
  const ids = {
    ...seen,
    ...(result.stackId ? { stackId: result.stackId } : {}),
    ...(result.changeSetId ? { changeSetId: result.changeSetId } : {}),
  };
  switch (result.kind) {
    case 'EXECUTED':
      return { action: type, outcome: 'STARTED', ...ids, clientRequestToken: tokens.token('execute') };
    case 'NO_CHANGES':
      return { action: 'NONE', outcome: 'NO_CHANGES', reason: 'the stack is already up to date', ...ids };
    case 'PENDING':
      return {
        action: type,
        outcome: 'BUSY',
        reason: 'CloudFormation is still computing the change set',
        ...ids,
      };
    case 'FAILED':
      return { action: type, outcome: 'FAILED', reason: result.reason, ...ids };
  }
}

async function deleteStack(
  cfn: CloudFormationClient,
  input: DeployStackInput,
  tokens: OperationTokens,
  current: Current,
): Promise<Result> {
  const { stackStatus, stackId } = current;
  if (!stackStatus) return { action: 'NONE', outcome: 'NO_CHANGES', reason: 'the stack does not exist' };
  const seen = { stackStatus, ...(stackId ? { stackId } : {}) };
  if (stackStatus === 'DELETE_IN_PROGRESS') {
    // Most likely our own earlier attempt; pollStack reports how it ends.
    return { action: 'DELETE', outcome: 'STARTED', ...seen, clientRequestToken: tokens.token('delete') };
  }
  if (isInProgress(stackStatus)) {
    return waitingToSettle(stackStatus, seen);
  }
  if (stackStatus === 'DELETE_FAILED') {
    const retain = input.stack.retainResources;
    if (retain && retain.length > 0) {
      const token = `${tokens.token('delete')}-retain`;
      await startDelete(cfn, input, token, { retain });
      return { action: 'DELETE', outcome: 'STARTED', ...seen, clientRequestToken: token };
    }
    if (input.repairs.forceDelete) {
      const token = tokens.token('force-delete');
      await startDelete(cfn, input, token, { force: true });
      return { action: 'DELETE', outcome: 'STARTED', ...seen, clientRequestToken: token };
    }
    return {
      action: 'NONE',
      outcome: 'FAILED',
      reason:
        'stack is DELETE_FAILED: rerun the delete with stack.retainResources listing the resources that failed to ' +
        'delete (see the stack events), or with repairs.forceDelete',
      ...seen,
    };
  }
  const token = tokens.token('delete');
  await startDelete(cfn, input, token, {});
  return { action: 'DELETE', outcome: 'STARTED', ...seen, clientRequestToken: token };
}

async function startDelete(
  cfn: CloudFormationClient,
  input: DeployStackInput,
  token: string,
  mode: { retain?: readonly string[]; force?: boolean },
): Promise<void> {
  await callAws('cloudformation:DeleteStack', () =>
    cfn.send(
      new DeleteStackCommand({
        StackName: input.stack.name,
        ClientRequestToken: token,
        ...serviceRole(input),
        ...(mode.retain ? { RetainResources: [...mode.retain] } : {}),
        ...(mode.force ? { DeletionMode: 'FORCE_DELETE_STACK' as const } : {}),
      }),
    ),
  );
}

async function describeOwnChangeSet(cfn: CloudFormationClient, stackName: string, tokens: OperationTokens) {
  try {
    return await callAws('cloudformation:DescribeChangeSet', () =>
      cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: tokens.changeSetName })),
    );
  } catch (error) {
    if (awsErrorName(error) === 'ChangeSetNotFoundException' || awsErrorName(error) === 'ChangeSetNotFound') {
      return undefined;
    }
    throw error;
  }
}

/** True when the newest stack events include one from the operation started with `token`. */
async function operationHasRun(
  cfn: CloudFormationClient,
  stackName: string,
  token: string,
): Promise<boolean> {
  const page = await callAws('cloudformation:DescribeStackEvents', () =>
    cfn.send(new DescribeStackEventsCommand({ StackName: stackName })),
  );
  return (page.StackEvents ?? []).some((event) => event.ClientRequestToken === token);
}

/**
 * What CloudFormation refused, as a target result instead of a Lambda error: the machine records it and
 * moves on. A stack that turned busy between our DescribeStacks and our call is BUSY. Anything else
 * (throttling, network, bugs) is thrown for the machine's Retry/Catch.
 */
function refusal(error: unknown, current: Current): Result {
  const name = awsErrorName(error);
  const message = awsErrorMessage(error);
  const seen = {
    ...(current.stackStatus ? { stackStatus: current.stackStatus } : {}),
    ...(current.stackId ? { stackId: current.stackId } : {}),
  };
  if (name === 'ValidationError' && /is in \w+ state and can ?not be (updated|deleted)/i.test(message)) {
    return { action: 'NONE', outcome: 'BUSY', reason: `CloudFormation: ${message}`, ...seen };
  }
  if (isAccessDenied(error)) {
    return {
      action: 'NONE',
      outcome: 'FAILED',
      reason: `access denied: ${message} (check the deploy role's policy and the stack's ManagedBy tag)`,
      ...seen,
    };
  }
  if (
    name === 'ValidationError' ||
    name === 'InsufficientCapabilitiesException' ||
    name === 'LimitExceededException'
  ) {
    return {
      action: 'NONE',
      outcome: 'FAILED',
      reason: `CloudFormation refused: ${name}: ${message}`,
      ...seen,
    };
  }
  throw error;
}

/** `{ RoleARN }` for the CloudFormation service role in the target account, or `{}` when none is configured. */
function serviceRole(input: DeployStackInput): { RoleARN?: string } {
  if (input.stack.serviceRoleArn) return { RoleARN: input.stack.serviceRoleArn };
  if (input.stack.serviceRoleName) {
    return { RoleARN: roleArnFor(input.target.accountId, input.stack.serviceRoleName, input.target.region) };
  }
  return {};
}

/** The Lambda entry point, wired to real AWS. */
export const handler = createDeployStackHandler();
