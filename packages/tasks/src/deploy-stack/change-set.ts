import {
  type Capability,
  type ChangeSetType,
  type CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { awsErrorName, callAws } from '../shared/aws-error.js';
import type { OperationTokens } from './request-token.js';

/** Everything CreateChangeSet needs. */
export interface ChangeSetRequest {
  stackName: string;
  type: ChangeSetType;
  templateUrl: string;
  parameters: Record<string, string>;
  capabilities: readonly Capability[];
  tags: Record<string, string>;
  serviceRoleArn?: string | undefined;
  description: string;
}

/**
 * Where a change set stands. Nobody waits for it inside a Lambda: deployStack creates it, and the state
 * machine's Wait states pace pollStack, which looks again and executes it once CloudFormation has computed it.
 */
export type ChangeSetState =
  | { kind: 'COMPUTING'; createdAt?: Date | undefined }
  | { kind: 'READY' }
  | { kind: 'EXECUTED' }
  | { kind: 'NO_CHANGES' }
  | { kind: 'FAILED'; reason: string };

/** Ids CloudFormation returned for a change set. */
export interface ChangeSetIds {
  stackId?: string | undefined;
  changeSetId?: string | undefined;
}

/** CloudFormation's two phrasings of "nothing to do". */
const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

/**
 * Creates the operation's change set, or finds the one a previous attempt of this same operation made
 * (its name comes from the execution, so a retried Lambda meets AlreadyExistsException). Returns at once.
 */
export async function createChangeSet(
  cfn: CloudFormationClient,
  request: ChangeSetRequest,
  tokens: OperationTokens,
): Promise<ChangeSetIds & { state: ChangeSetState }> {
  try {
    const created = await callAws('cloudformation:CreateChangeSet', () =>
      cfn.send(
        new CreateChangeSetCommand({
          StackName: request.stackName,
          ChangeSetName: tokens.changeSetName,
          ChangeSetType: request.type,
          TemplateURL: request.templateUrl,
          Parameters: Object.entries(request.parameters).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
          Capabilities: [...request.capabilities],
          Tags: Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value })),
          ...(request.serviceRoleArn ? { RoleARN: request.serviceRoleArn } : {}),
          ClientToken: tokens.token('changeset'),
          Description: request.description.slice(0, 1024),
        }),
      ),
    );
    return { stackId: created.StackId, changeSetId: created.Id, state: { kind: 'COMPUTING' } };
  } catch (error) {
    if (awsErrorName(error) !== 'AlreadyExistsException') throw error;
  }
  // A retried Lambda: carry on from where this operation's change set is.
  const described = await describeChangeSet(cfn, request.stackName, tokens.changeSetName);
  return { ...described.ids, state: described.state };
}

/** DescribeChangeSet of the operation's change set, as a {@link ChangeSetState}. */
export async function describeChangeSet(
  cfn: CloudFormationClient,
  stackName: string,
  changeSetName: string,
): Promise<{ ids: ChangeSetIds; state: ChangeSetState }> {
  const described = await callAws('cloudformation:DescribeChangeSet', () =>
    cfn.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetName, StackName: stackName })),
  );
  return {
    ids: { stackId: described.StackId, changeSetId: described.ChangeSetId },
    state: stateOf(described),
  };
}

function stateOf(described: DescribeChangeSetCommandOutput): ChangeSetState {
  switch (described.Status) {
    case 'CREATE_PENDING':
    case 'CREATE_IN_PROGRESS':
      return { kind: 'COMPUTING', createdAt: described.CreationTime };
    case 'FAILED': {
      const reason = described.StatusReason ?? 'change set failed without a reason';
      return NO_CHANGES.test(reason)
        ? { kind: 'NO_CHANGES' }
        : { kind: 'FAILED', reason: `change set failed: ${reason}` };
    }
    case 'CREATE_COMPLETE':
      break;
    default:
      return { kind: 'FAILED', reason: `change set is ${described.Status ?? 'in an unknown state'}` };
  }
  switch (described.ExecutionStatus) {
    case 'AVAILABLE':
      return { kind: 'READY' };
    // Executed (by an earlier attempt of this operation): the stack's status tells how it goes.
    case 'EXECUTE_IN_PROGRESS':
    case 'EXECUTE_COMPLETE':
    case 'EXECUTE_FAILED':
      return { kind: 'EXECUTED' };
    default:
      return {
        kind: 'FAILED',
        reason: `change set cannot be executed (ExecutionStatus ${described.ExecutionStatus ?? 'unknown'}${
          described.StatusReason ? `: ${described.StatusReason}` : ''
        })`,
      };
  }
}

/** ExecuteChangeSet by name, idempotent through the operation's execute token. */
export async function executeChangeSet(
  cfn: CloudFormationClient,
  stackName: string,
  tokens: OperationTokens,
): Promise<void> {
  await callAws('cloudformation:ExecuteChangeSet', () =>
    cfn.send(
      new ExecuteChangeSetCommand({
        ChangeSetName: tokens.changeSetName,
        StackName: stackName,
        ClientRequestToken: tokens.token('execute'),
      }),
    ),
  );
}

/** Deletes the operation's change set (an empty or abandoned one: their number per stack is limited). */
export async function deleteChangeSet(
  cfn: CloudFormationClient,
  stackName: string,
  changeSetName: string,
): Promise<void> {
  await callAws('cloudformation:DeleteChangeSet', () =>
    cfn.send(new DeleteChangeSetCommand({ ChangeSetName: changeSetName, StackName: stackName })),
  );
}
