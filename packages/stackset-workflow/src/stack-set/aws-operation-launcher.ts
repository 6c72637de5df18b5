import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { OperationLauncher } from './operation-queue.js';
import { rolloutInputFor } from './operation-rollout-input.js';

/**
 * Launches operations in AWS: deploy, delete and import start an execution of the StackSets-lite
 * state machine named after the operation (so a retried launch cannot start it twice:
 * StartExecution with an existing name and the same input is idempotent); drift detection invokes the
 * detectDrift function asynchronously (it runs no deploy machine).
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export function createAwsOperationLauncher(options: {
  stateMachineArn: string;
  detectDriftFunction: string;
  sfn?: SFNClient;
  lambda?: LambdaClient;
}): OperationLauncher {
  const sfn = options.sfn ?? new SFNClient({});
  const lambda = options.lambda ?? new LambdaClient({});
  return {
    launch: async (operation, stackSet) => {
      if (operation.action === 'DETECT_DRIFT') {
        await lambda.send(
          new InvokeCommand({
            FunctionName: options.detectDriftFunction,
            InvocationType: 'Event',
            Payload: new TextEncoder().encode(
              JSON.stringify({ stackSetName: stackSet.name, operationId: operation.operationId }),
            ),
          }),
        );
        return;
      }
      await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: options.stateMachineArn,
          name: operation.operationId,
          input: JSON.stringify(rolloutInputFor(stackSet, operation)),
        }),
      );
    },
  };
}
