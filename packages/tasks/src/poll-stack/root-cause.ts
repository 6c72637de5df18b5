import {
  type CloudFormationClient,
  DescribeStackEventsCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { callAws } from '../shared/aws-error.js';
import type { RootCause } from './schemas.js';

/** Pages of events read at most: a failed operation's first failure is rarely more than a few pages back. */
const MAX_PAGES = 10;

/**
 * The root cause of a failed operation: the EARLIEST `*_FAILED` event of that operation (events come newest
 * first). The operation is recognised by its ClientRequestToken when we have one, otherwise by walking back
 * to the stack-level event that started it. The stack's own status reason only says "resources failed".
 */
export async function findRootCause(
  cfn: CloudFormationClient,
  stack: string,
  clientRequestToken: string | undefined,
): Promise<RootCause | undefined> {
  let earliestFailure: StackEvent | undefined;
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await callAws('cloudformation:DescribeStackEvents', () =>
      cfn.send(
        new DescribeStackEventsCommand({ StackName: stack, ...(nextToken ? { NextToken: nextToken } : {}) }),
      ),
    );
    for (const event of response.StackEvents ?? []) {
      if (clientRequestToken && event.ClientRequestToken && event.ClientRequestToken !== clientRequestToken) {
        // Events of an older operation: everything of ours has been seen.
        if (earliestFailure) return toRootCause(earliestFailure);
        continue;
      }
      if (event.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason) {
        earliestFailure = event;
      }
      if (!clientRequestToken && isOperationStart(event, stack)) return toRootCause(earliestFailure);
    }
    nextToken = response.NextToken;
    if (!nextToken) break;
  }
  return toRootCause(earliestFailure);
}

/** The stack-level event that opens an operation (a create, update, delete or rollback continuation). */
function isOperationStart(event: StackEvent, stack: string): boolean {
  const isStackItself =
    event.ResourceType === 'AWS::CloudFormation::Stack' &&
    (event.LogicalResourceId === stack || event.PhysicalResourceId === stack || event.StackName === stack);
  return (
    isStackItself &&
    (event.ResourceStatus === 'CREATE_IN_PROGRESS' ||
      event.ResourceStatus === 'UPDATE_IN_PROGRESS' ||
      event.ResourceStatus === 'DELETE_IN_PROGRESS' ||
      event.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS') &&
    /User Initiated/i.test(event.ResourceStatusReason ?? '')
  );
}

function toRootCause(event: StackEvent | undefined): RootCause | undefined {
  if (!event) return undefined;
  return {
    logicalResourceId: event.LogicalResourceId ?? 'unknown',
    resourceType: event.ResourceType ?? 'unknown',
    status: event.ResourceStatus ?? 'unknown',
    reason: event.ResourceStatusReason ?? '',
  };
}
