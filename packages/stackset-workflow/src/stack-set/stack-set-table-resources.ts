import { STACK_SET_TABLE_DEFINITION } from './table-items.js';

/** Logical id of the stack set table in the SAM template. */
export const STACK_SET_TABLE_ID = 'StackSetTable';

/**
 * What the stack set store does to its table — reads, conditional single-item writes, batched
 * writes, queries — and nothing else (no Scan, no table management).
 */
export const STACK_SET_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/**
 * The stack set table for the SAM template: on-demand billing (an operation on 20,000 instances
 * writes in bursts; nothing to provision), point-in-time recovery (the store is the only record of
 * the stack sets), encryption at rest, and retained when the stack is deleted.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html
 */
export function stackSetTableResource(): Record<string, unknown> {
  return {
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      AttributeDefinitions: STACK_SET_TABLE_DEFINITION.AttributeDefinitions,
      KeySchema: STACK_SET_TABLE_DEFINITION.KeySchema,
      BillingMode: STACK_SET_TABLE_DEFINITION.BillingMode,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    },
  };
}

/** The policy statement that lets a role use the stack set store (the table only, the store's actions only). */
export function stackSetTableStatement(): Record<string, unknown> {
  return {
    Sid: 'StackSetStore',
    Effect: 'Allow',
    Action: [...STACK_SET_TABLE_ACTIONS],
    Resource: { 'Fn::GetAtt': [STACK_SET_TABLE_ID, 'Arn'] },
  };
}
