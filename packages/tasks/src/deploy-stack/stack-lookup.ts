import { type CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { callAws, isStackMissing } from '../shared/aws-error.js';

/** DescribeStacks for one stack; `undefined` when CloudFormation says it does not exist. */
export async function findStack(
  cfn: CloudFormationClient,
  stackNameOrId: string,
): Promise<Stack | undefined> {
  try {
    const response = await callAws('cloudformation:DescribeStacks', () =>
      cfn.send(new DescribeStacksCommand({ StackName: stackNameOrId })),
    );
    return response.Stacks?.[0];
  } catch (error) {
    if (isStackMissing(error)) return undefined;
    throw error;
  }
}
