import { executionEndedPattern } from './execution-ended.js';
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

/** The functions of stack set operations besides the machine's tasks: logical name → CodeUri folder. */
export const STACK_SET_FUNCTIONS = ['autoDeployment', 'detectDrift'] as const;
/** A stack set function's name. */
export type StackSetFunctionName = (typeof STACK_SET_FUNCTIONS)[number];

const sub = (s: string) => ({ 'Fn::Sub': s });

/** The detectDrift function's name, fixed so the roles that invoke it can name it without a cycle. */
export const DETECT_DRIFT_FUNCTION_NAME = '${AWS::StackName}-detect-drift';

/**
 * What the functions that run or start stack set operations read from their environment (see
 * `stack-set-environment.ts`): the table, the state machine that runs deploy/delete/import operations,
 * and the function that runs drift detection.
 */
export function stackSetEnvironment(stateMachineName: string): Record<string, unknown> {
  return {
    STACK_SET_TABLE: { Ref: STACK_SET_TABLE_ID },
    STATE_MACHINE_ARN: sub(
      `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${stateMachineName}`,
    ),
    DETECT_DRIFT_FUNCTION: sub(DETECT_DRIFT_FUNCTION_NAME),
  };
}

/** Starting the next queued operation: an execution of our machine, or the drift function. */
export function operationLaunchStatements(stateMachineName: string): Record<string, unknown>[] {
  return [
    {
      Sid: 'StartQueuedOperations',
      Effect: 'Allow',
      Action: 'states:StartExecution',
      Resource: sub(
        `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${stateMachineName}`,
      ),
    },
    {
      Sid: 'StartDriftDetection',
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: sub(
        `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${DETECT_DRIFT_FUNCTION_NAME}`,
      ),
    },
  ];
}

/**
 * The stack set functions and their role: auto-deployment (an EventBridge rule on Organizations
 * events via CloudTrail — delivered in us-east-1 only, so deploy there or forward them — and a
 * schedule that starts operations a crashed execution left queued), and drift detection (up to 15
 * minutes per invocation, continuing in a new one). Their role may use the table, assume the deploy
 * role in organization accounts (drift) and the lister role (ListParents), start the machine and
 * invoke the drift function — nothing else.
 */
export function stackSetFunctionResources(options: {
  stateMachineName: string;
  codeUri: (name: StackSetFunctionName) => string;
  autoDeploymentPattern: Record<string, unknown>;
}): Record<string, unknown> {
  const env = stackSetEnvironment(options.stateMachineName);
  return {
    StackSetOperationsRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        Policies: [
          {
            PolicyName: 'stack-set-operations',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                stackSetTableStatement(),
                ...operationLaunchStatements(options.stateMachineName),
                {
                  Sid: 'DeployRoleInOrgAccountsForDrift',
                  Effect: 'Allow',
                  Action: 'sts:AssumeRole',
                  Resource: sub('arn:${AWS::Partition}:iam::*:role/${DeployRoleName}'),
                  Condition: { StringEquals: { 'aws:ResourceOrgID': { Ref: 'OrganizationId' } } },
                },
                {
                  Sid: 'TargetListerForListParents',
                  Effect: 'Allow',
                  Action: 'sts:AssumeRole',
                  Resource: { Ref: 'ManagementRoleArn' },
                },
              ],
            },
          },
        ],
      },
    },
    AutoDeploymentFunction: {
      Type: 'AWS::Serverless::Function',
      Properties: {
        CodeUri: options.codeUri('autoDeployment'),
        Handler: 'index.handler',
        Description:
          'StackSets-lite auto-deployment: Organizations events → queued operations; ends operations whose execution ended or was lost, starts the next',
        Role: { 'Fn::GetAtt': ['StackSetOperationsRole', 'Arn'] },
        Environment: {
          Variables: {
            ...env,
            MANAGEMENT_ROLE_ARN: { Ref: 'ManagementRoleArn' },
            EXTERNAL_ID: { Ref: 'ExternalId' },
          },
        },
        Events: {
          OrganizationsEvents: {
            Type: 'EventBridgeRule',
            Properties: { Pattern: options.autoDeploymentPattern },
          },
          QueuedOperations: { Type: 'Schedule', Properties: { Schedule: 'rate(15 minutes)' } },
          // An execution that ended without ending its operation (refused input, an uncaught error,
          // a timeout, StopExecution): the operation ends at once and the next one starts.
          ExecutionEnded: {
            Type: 'EventBridgeRule',
            Properties: { Pattern: executionEndedPattern(env.STATE_MACHINE_ARN) },
          },
        },
      },
    },
    DetectDriftFunction: {
      Type: 'AWS::Serverless::Function',
      Properties: {
        FunctionName: sub(DETECT_DRIFT_FUNCTION_NAME),
        CodeUri: options.codeUri('detectDrift'),
        Handler: 'index.handler',
        Description:
          'StackSets-lite drift detection: DetectStackDrift on every instance at bounded concurrency',
        Role: { 'Fn::GetAtt': ['StackSetOperationsRole', 'Arn'] },
        Timeout: 900,
        Environment: {
          Variables: {
            ...env,
            DEPLOY_ROLE_NAME: { Ref: 'DeployRoleName' },
            EXTERNAL_ID: { Ref: 'ExternalId' },
          },
        },
      },
    },
  };
}
