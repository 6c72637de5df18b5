import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { createAwsOperationLauncher } from './aws-operation-launcher.js';
import { DynamoDbStackSetStore } from './dynamodb-stack-set-store.js';
import type { StackSetTaskDeps } from './stack-set-task-deps.js';

/** The environment the SAM template gives the functions that use the stack set store. */
export const StackSetEnvironmentSchema = z.object({
  STACK_SET_TABLE: z.string().min(3),
  STATE_MACHINE_ARN: z.string().regex(/^arn:aws[a-z-]*:states:/, 'must be a state machine ARN'),
  DETECT_DRIFT_FUNCTION: z.string().min(1),
});

/**
 * The stack set store (DynamoDB) and managed execution (the real clock, the AWS launcher) from the
 * function's environment; undefined when the installation has no stack set table (plain rollouts).
 * @throws naming the variable when the table is set but the rest is missing or malformed
 */
export function stackSetDepsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): StackSetTaskDeps | undefined {
  if (!env.STACK_SET_TABLE) return undefined;
  const parsed = StackSetEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `stack set environment: ${parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`,
    );
  }
  const { STACK_SET_TABLE, STATE_MACHINE_ARN, DETECT_DRIFT_FUNCTION } = parsed.data;
  return {
    store: new DynamoDbStackSetStore({ tableName: STACK_SET_TABLE, client: new DynamoDBClient({}) }),
    queue: {
      nowMs: () => Date.now(),
      launcher: createAwsOperationLauncher({
        stateMachineArn: STATE_MACHINE_ARN,
        detectDriftFunction: DETECT_DRIFT_FUNCTION,
      }),
    },
  };
}
