import { type CloudFormationClient, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';

/** The resource whose failure started a rollback. */
export interface RootCause {
  readonly logicalResourceId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason: string;
}

/**
 * The earliest `*_FAILED` event of the stack since `since` (the stack's own status reason only says
 * "resources failed"). Pages newest-first and stops at the first event older than `since`.
 */
export async function findRootCause(
  cloudFormation: Pick<CloudFormationClient, 'send'>,
  stackName: string,
  since: Date,
): Promise<RootCause | undefined> {
  let earliest: RootCause | undefined;
  let nextToken: string | undefined;
  do {
    const page = await cloudFormation.send(
      new DescribeStackEventsCommand({ StackName: stackName, NextToken: nextToken }),
    );
    for (const event of page.StackEvents ?? []) {
      if (event.Timestamp && event.Timestamp < since) return earliest;
      if (event.ResourceStatus?.endsWith('_FAILED')) {
        earliest = {
          logicalResourceId: event.LogicalResourceId ?? '?',
          resourceType: event.ResourceType ?? '?',
          status: event.ResourceStatus,
          reason: event.ResourceStatusReason ?? 'no reason given',
        };
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return earliest;
}
