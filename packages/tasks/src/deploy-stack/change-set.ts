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
import type { Sleep } from '../shared/clock.js';
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

/** How a change set ended up. */
export type ChangeSetResult =
  | { kind: 'EXECUTED'; stackId?: string | undefined; changeSetId?: string | undefined }
  | { kind: 'NO_CHANGES'; stackId?: string | undefined; changeSetId?: string | undefined }
  | { kind: 'FAILED'; reason: string; stackId?: string | undefined; changeSetId?: string | undefined }
  | { kind: 'PENDING'; stackId?: string | undefined; changeSetId?: string | undefined };

/** CloudFormation's two phrasings of "nothing to do". */
const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

/** Timing of the wait for a change set to be computed. */
export interface ChangeSetWait {
  sleep: Sleep;
  /** Give up waiting after this long and report PENDING (the machine calls again). @default 60 000 */
  budgetMs: number;
}

/**
 * Creates the change set (or finds the one a previous attempt of this same operation made), waits until
 * CloudFormation has computed it, and executes it. Idempotent: the name and tokens come from the execution.
 */
export async function createAndExecuteChangeSet(
  cfn: CloudFormationClient,
  request: ChangeSetRequest,
  tokens: OperationTokens,
  wait: ChangeSetWait,
): Promise<ChangeSetResult> {
  let stackId: string | undefined;
  let changeSetId: string | undefined;
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
    stackId = created.StackId;
    changeSetId = created.Id;
  } catch (error) {
    // A retried Lambda: the change set of this operation already exists; carry on from where it is.
    if (awsErrorName(error) !== 'AlreadyExistsException') throw error;
  }

  const changeSetRef = changeSetId ?? tokens.changeSetName;
  let described: DescribeChangeSetCommandOutput;
  let waited = 0;
  let delay = 500;
  for (;;) {
    described = await callAws('cloudformation:DescribeChangeSet', () =>
      cfn.send(
        new DescribeChangeSetCommand({
          ChangeSetName: changeSetRef,
          StackName: request.stackName,
        }),
      ),
    );
    stackId = described.StackId ?? stackId;
    changeSetId = described.ChangeSetId ?? changeSetId;
    const status = described.Status;
    if (status !== 'CREATE_PENDING' && status !== 'CREATE_IN_PROGRESS') break;
    if (waited >= wait.budgetMs) return { kind: 'PENDING', stackId, changeSetId };
    await wait.sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, 5_000);
  }

  if (described.Status === 'FAILED') {
    const reason = described.StatusReason ?? 'change set failed without a reason';
    if (NO_CHANGES.test(reason)) {
      // Leave no empty change sets behind (their count per stack is limited).
      await callAws('cloudformation:DeleteChangeSet', () =>
        cfn.send(new DeleteChangeSetCommand({ ChangeSetName: changeSetRef, StackName: request.stackName })),
      ).catch(() => undefined);
      return { kind: 'NO_CHANGES', stackId, changeSetId };
    }
    return { kind: 'FAILED', reason: `change set failed: ${reason}`, stackId, changeSetId };
  }
  if (described.Status !== 'CREATE_COMPLETE') {
    return {
      kind: 'FAILED',
      reason: `change set is ${described.Status ?? 'in an unknown state'}`,
      stackId,
      changeSetId,
    };
  }

  switch (described.ExecutionStatus) {
    case 'AVAILABLE':
      await callAws('cloudformation:ExecuteChangeSet', () =>
        cfn.send(
          new ExecuteChangeSetCommand({
            ChangeSetName: changeSetRef,
            StackName: request.stackName,
            ClientRequestToken: tokens.token('execute'),
          }),
        ),
      );
      return { kind: 'EXECUTED', stackId, changeSetId };
    case 'EXECUTE_IN_PROGRESS':
    case 'EXECUTE_COMPLETE':
    case 'EXECUTE_FAILED':
      // Already executed by an earlier attempt of this operation: polling reports how it went.
      return { kind: 'EXECUTED', stackId, changeSetId };
    default:
      return {
        kind: 'FAILED',
        reason: `change set cannot be executed (ExecutionStatus ${described.ExecutionStatus ?? 'unknown'}${
          described.StatusReason ? `: ${described.StatusReason}` : ''
        })`,
        stackId,
        changeSetId,
      };
  }
}
