import {
  type CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  ListChangeSetsCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { AssumeRoleDenied, roleArnFor } from '../shared/assumed-role.js';
import { awsErrorMessage, awsErrorName, callAws, isAccessDenied } from '../shared/aws-error.js';
import { type CrossAccountDeps, crossAccountDeps } from '../shared/cross-account-deps.js';
import { parseEvent } from '../shared/parse-event.js';
import { MANAGED_BY_TAG, OPERATION_TAG_KEY } from '../shared/stack-tags.js';
import { deployPolicy, isInProgress, StackStatus } from '../stack-status/stack-status.js';
import { BUSY_WAIT_SECONDS } from './busy-wait.js';
import { createChangeSet, deleteChangeSet, executeChangeSet } from './change-set.js';
import { CHANGE_SET_NAME_PREFIX, type OperationTokens, operationTokens } from './request-token.js';
import { DeployStackInput, type DeployStackOutput } from './schemas.js';
import { findStack } from './stack-lookup.js';
import {
  type TemplateBucket,
  templateBucketFromEnvironment,
  templateUrlToSend,
} from './template-location.js';

export { MANAGED_BY_TAG, OPERATION_TAG_KEY };

/** Tag an account's owner puts on an existing stack to let an IMPORT operation adopt it. */
export const IMPORT_TAG = { key: 'stackset-lite:import', value: 'allowed' } as const;

/** What deployStack depends on; every field has a real default. */
export interface DeployStackDeps extends CrossAccountDeps {
  /**
   * The only bucket templates are deployed from. @default TEMPLATE_BUCKET_NAME and
   * TEMPLATE_BUCKET_REGION (set by the SAM template); unset: every DEPLOY is refused.
   */
  templateBucket: TemplateBucket | undefined;
}

/** Builds the deployStack handler over the given dependencies (defaults: real AWS clients). */
export function createDeployStackHandler(overrides: Partial<DeployStackDeps> = {}) {
  const deps: DeployStackDeps = {
    ...crossAccountDeps(overrides, 'deployStack'),
    templateBucket:
      'templateBucket' in overrides ? overrides.templateBucket : templateBucketFromEnvironment(),
  };
  return async function deployStack(event: unknown): Promise<DeployStackOutput> {
    const parsed = parseEvent(DeployStackInput, event, 'deployStack');
    // Before any AWS call: a template outside the template bucket is refused, one inside is sent as the
    // bucket's canonical URL (the exact host the deploy role allows).
    const input =
      parsed.operation.action === 'DEPLOY' && parsed.target.status !== 'SKIPPED' && parsed.stack.templateUrl
        ? {
            ...parsed,
            stack: {
              ...parsed.stack,
              templateUrl: templateUrlToSend(
                parsed.stack.templateUrl,
                deps.templateBucket,
                parsed.target.region,
              ),
            },
          }
        : parsed;
    const { accountId, region } = input.target;
    const stackName = input.stack.name;
    const base = { accountId, region, stackName };
    const keys = { ...base, operation: input.operation.name };

    if (input.target.status === 'SKIPPED') {
      return {
        ...base,
        action: 'NONE',
        outcome: 'SKIPPED',
        reason: input.target.reason ?? 'target skipped',
        waitSeconds: 0,
      };
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
        return { ...base, action: 'NONE', outcome: 'FAILED', reason: error.message, waitSeconds: 0 };
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
      return {
        ...base,
        ...refusal(error, { stack: undefined, stackStatus: undefined, stackId: undefined, managed: false }),
        waitSeconds: 0,
      };
    }
    const stackStatus = stack ? StackStatus.safeParse(stack.StackStatus).data : undefined;
    if (stack && !stackStatus) {
      throw new Error(
        `stack ${stackName} in ${accountId}/${region} has an unknown status ${stack.StackStatus}`,
      );
    }
    const managed =
      stack?.Tags?.some((tag) => tag.Key === MANAGED_BY_TAG.key && tag.Value === MANAGED_BY_TAG.value) ??
      false;
    // IMPORT: a stack stackset-lite did not create is adopted in place (an UPDATE change set that adds
    // the ManagedBy tag) only when its owner tagged it for import; a missing one is reported, not created.
    const adoptable =
      input.stack.importExisting &&
      input.operation.action === 'DEPLOY' &&
      (stack?.Tags?.some((tag) => tag.Key === IMPORT_TAG.key && tag.Value === IMPORT_TAG.value) ?? false);
    const current: Current = { stack, stackStatus, stackId: stack?.StackId, managed: managed || adoptable };
    const result: Result =
      input.stack.importExisting && !stack
        ? {
            action: 'NONE',
            outcome: 'FAILED',
            reason: `there is no stack named ${stackName} in ${accountId}/${region} to import`,
          }
        : input.stack.importExisting && !managed && !adoptable
          ? {
              action: 'NONE',
              outcome: 'FAILED',
              reason: `the stack named ${stackName} is not marked for import: its owner must tag it ${IMPORT_TAG.key}=${IMPORT_TAG.value} before stackset-lite may adopt it`,
              ...(stackStatus ? { stackStatus } : {}),
            }
          : await (input.operation.action === 'DELETE'
              ? deleteStack(cfn, input, tokens, current)
              : deploy(cfn, input, tokens, current)
            ).catch((error: unknown) => refusal(error, current));
    const output: DeployStackOutput = { ...base, ...result, waitSeconds: waitSecondsFor(result, input) };
    const fields = { ...keys, action: output.action, outcome: output.outcome, reason: output.reason };
    // FAILED targets at WARN, so an operator filtering on level sees them without the noise.
    if (output.outcome === 'FAILED') deps.logger.warn('deployStack', fields);
    else deps.logger.info('deployStack', fields);
    return output;
  };
}

type Result = Omit<DeployStackOutput, 'accountId' | 'region' | 'stackName' | 'waitSeconds'>;

/**
 * How long the machine's Wait waits before pollStack looks: the learned stack duration after starting a
 * stack operation, a few seconds for CloudFormation to compute a change set, a while for a busy stack,
 * nothing when deployStack's answer is final.
 */
function waitSecondsFor(result: Result, input: DeployStackInput): number {
  switch (result.outcome) {
    case 'STARTED':
      return input.firstPollSeconds;
    case 'CHANGE_SET_CREATED':
      return input.changeSetWaitSeconds;
    case 'BUSY':
      return BUSY_WAIT_SECONDS;
    default:
      return 0;
  }
}
interface Current {
  stack: Stack | undefined;
  stackStatus: StackStatus | undefined;
  stackId: string | undefined;
  /** The stack carries ManagedBy=stackset-lite. */
  managed: boolean;
}

/** Never take over (or delete) a stack someone else made that happens to have our stack name. */
function notManaged(stackName: string, current: Current): Result {
  return {
    action: 'NONE',
    outcome: 'FAILED',
    reason:
      `a stack named ${stackName} already exists and is not managed by stackset-lite (no ` +
      `${MANAGED_BY_TAG.key}=${MANAGED_BY_TAG.value} tag): choose another stack name, or tag that stack to adopt it`,
    ...(current.stackStatus ? { stackStatus: current.stackStatus } : {}),
    ...(current.stackId ? { stackId: current.stackId } : {}),
  };
}

/**
 * Whether a REVIEW_IN_PROGRESS stack (which has no tags until its change set runs, AWS-recorded) was left
 * by stackset-lite: it has change sets, and every one has stackset-lite's name. Anyone else's is refused.
 */
async function leftByStacksetLite(cfn: CloudFormationClient, stackName: string): Promise<boolean> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await callAws('cloudformation:ListChangeSets', () =>
      cfn.send(
        new ListChangeSetsCommand({ StackName: stackName, ...(nextToken && { NextToken: nextToken }) }),
      ),
    );
    for (const summary of page.Summaries ?? []) names.push(summary.ChangeSetName ?? '');
    nextToken = page.NextToken;
  } while (nextToken);
  return names.length > 0 && names.every((name) => name.startsWith(CHANGE_SET_NAME_PREFIX));
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
): Promise<Result> {
  const { stackStatus, stackId } = current;
  const seen = { ...(stackStatus ? { stackStatus } : {}), ...(stackId ? { stackId } : {}) };
  const stackName = input.stack.name;
  const changeSet = (type: 'UPDATE') => runChangeSet(cfn, input, tokens, type, seen);
  // A new stack is created with CreateStack, tagged from its first moment: a CREATE change set would
  // leave it untagged in REVIEW_IN_PROGRESS, where the deploy role (tag-conditioned) may not execute it.
  if (!stackStatus) return createStack(cfn, input, tokens, seen);
  if (!current.managed && stackStatus !== 'REVIEW_IN_PROGRESS') return notManaged(stackName, current);

  const policy = deployPolicy(stackStatus);
  switch (policy.kind) {
    case 'UPDATE':
      return changeSet('UPDATE');
    case 'CREATE_OVER_REVIEW':
      if (!(await leftByStacksetLite(cfn, stackName))) return notManaged(stackName, current);
      return createStack(cfn, input, tokens, seen);
    case 'WAIT': {
      // A retry of this very operation finds its own stack creating: that is STARTED, not BUSY.
      if (
        (stackStatus === 'CREATE_IN_PROGRESS' || stackStatus === 'ROLLBACK_IN_PROGRESS') &&
        (await operationHasRun(cfn, stackName, tokens.token('create')))
      ) {
        return { action: 'CREATE', outcome: 'STARTED', ...seen, clientRequestToken: tokens.token('create') };
      }
      // … or its own change set executing (the execute came from pollStack).
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
      await startDelete(cfn, input, tokens.token('recreate-delete'), {});
      return {
        action: 'DELETE',
        outcome: 'BUSY',
        reason: `stack was ${stackStatus} (a failed create can only be deleted): deleting it, then it is created again`,
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

/**
 * Creates the UPDATE change set and returns at once (CHANGE_SET_CREATED): the machine waits while
 * CloudFormation computes it, and pollStack executes it. A retried call that finds the change set already
 * computed acts on it here.
 */
async function runChangeSet(
  cfn: CloudFormationClient,
  input: DeployStackInput,
  tokens: OperationTokens,
  type: 'UPDATE',
  seen: { stackStatus?: StackStatus; stackId?: string },
): Promise<Result> {
  const created = await createChangeSet(
    cfn,
    { ...stackRequest(input), type, description: `stackset-lite operation ${input.operation.name}` },
    tokens,
  );
  const ids = {
    ...seen,
    ...(created.stackId ? { stackId: created.stackId } : {}),
    ...(created.changeSetId ? { changeSetId: created.changeSetId } : {}),
  };
  switch (created.state.kind) {
    case 'COMPUTING':
      return { action: type, outcome: 'CHANGE_SET_CREATED', ...ids };
    case 'READY':
      await executeChangeSet(cfn, input.stack.name, tokens);
      return { action: type, outcome: 'STARTED', ...ids, clientRequestToken: tokens.token('execute') };
    case 'EXECUTED':
      return { action: type, outcome: 'STARTED', ...ids, clientRequestToken: tokens.token('execute') };
    case 'NO_CHANGES':
      await deleteChangeSet(cfn, input.stack.name, tokens.changeSetName);
      return { action: 'NONE', outcome: 'NO_CHANGES', reason: 'the stack is already up to date', ...ids };
    case 'FAILED':
      return { action: type, outcome: 'FAILED', reason: created.state.reason, ...ids };
  }
}

/** What the stack is deployed with: template, parameters, capabilities, tags and service role. */
function stackRequest(input: DeployStackInput) {
  const templateUrl = input.stack.templateUrl;
  if (!templateUrl) throw new Error('unreachable: templateUrl is required to deploy (checked by the schema)');
  return {
    stackName: input.stack.name,
    templateUrl,
    parameters: { ...input.stack.parameters, ...input.target.parameterOverrides },
    capabilities: input.stack.capabilities,
    tags: {
      ...input.stack.tags,
      [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value,
      [OPERATION_TAG_KEY]: input.operation.name,
    },
    serviceRoleArn: serviceRole(input).RoleARN,
  };
}

/** CreateStack with the operation's tags (tag-on-create), idempotent by its ClientRequestToken. */
async function createStack(
  cfn: CloudFormationClient,
  input: DeployStackInput,
  tokens: OperationTokens,
  seen: { stackStatus?: StackStatus; stackId?: string },
): Promise<Result> {
  const request = stackRequest(input);
  const token = tokens.token('create');
  const created = await callAws('cloudformation:CreateStack', () =>
    cfn.send(
      new CreateStackCommand({
        StackName: request.stackName,
        TemplateURL: request.templateUrl,
        Parameters: Object.entries(request.parameters).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
        Capabilities: [...request.capabilities],
        Tags: Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value })),
        ...(request.serviceRoleArn ? { RoleARN: request.serviceRoleArn } : {}),
        ClientRequestToken: token,
      }),
    ),
  );
  return {
    action: 'CREATE',
    outcome: 'STARTED',
    ...seen,
    ...(created.StackId ? { stackId: created.StackId } : {}),
    clientRequestToken: token,
  };
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
  if (!current.managed) {
    if (stackStatus === 'REVIEW_IN_PROGRESS' && (await leftByStacksetLite(cfn, input.stack.name))) {
      return {
        action: 'NONE',
        outcome: 'FAILED',
        reason:
          'stack is REVIEW_IN_PROGRESS with no tags (a stackset-lite change set that never ran; it holds no ' +
          'resources): the deploy role deletes only stacks tagged ManagedBy=stackset-lite, so deploy once ' +
          '(stackset-lite takes the stack over) and delete again, or delete it by hand',
        ...seen,
      };
    }
    return notManaged(input.stack.name, current);
  }
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
  // A stack of this name appeared since DescribeStacks: look again after the wait (ours or someone else's).
  if (name === 'AlreadyExistsException') {
    return { action: 'NONE', outcome: 'BUSY', reason: `CloudFormation: ${message}`, ...seen };
  }
  if (name === 'ValidationError' && /TerminationProtection/i.test(message)) {
    return {
      action: 'NONE',
      outcome: 'FAILED',
      reason:
        `stack has termination protection: CloudFormation refuses to delete it (${message}); turn it off ` +
        '(UpdateTerminationProtection) if the stack should go, then rerun',
      ...seen,
    };
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
