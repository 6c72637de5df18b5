import {
  type CfnSubstitutionValue,
  type SamStateMachineResource,
  type StateMachineDefinition,
  toSamResource,
} from '@stackset-lite/asl-dsl';
import { DEFAULT_SERVICE_ROLE_NAME, DEFAULT_STACK_NAME_PREFIX } from '../input/rollout-input.js';
import { stacksetSubstitutions } from '../machine/definition-substitutions.js';
import { TASK_FUNCTION_TIMEOUTS, TASK_FUNCTIONS, type TaskFunctionName } from '../machine/task-functions.js';
import { AUTO_DEPLOYMENT_EVENT_PATTERN } from '../stack-set/organizations-event.js';
import {
  operationLaunchStatements,
  STACK_SET_TABLE_ID,
  type StackSetFunctionName,
  stackSetEnvironment,
  stackSetFunctionResources,
  stackSetTableResource,
  stackSetTableStatement,
} from '../stack-set/stack-set-table-resources.js';

/** target-account-roles.yaml's AllowedPattern for role names. */
const ROLE_NAME_PATTERN = '^[\\w+=,.@-]{1,64}$';
/** target-account-roles.yaml's AllowedPattern for StackNamePrefix. */
const STACK_NAME_PREFIX_PATTERN = '^([A-Za-z][A-Za-z0-9-]{0,63})?$';

/** Which package a task function's code comes from, and whether it assumes roles in other accounts. */
const FUNCTION_SOURCES: Record<
  TaskFunctionName,
  { pkg: 'tasks' | 'stackset-workflow'; crossAccount: boolean }
> = {
  prepareOperation: { pkg: 'stackset-workflow', crossAccount: false },
  listTargets: { pkg: 'tasks', crossAccount: true },
  planRollout: { pkg: 'stackset-workflow', crossAccount: false },
  deployStack: { pkg: 'tasks', crossAccount: true },
  pollStack: { pkg: 'tasks', crossAccount: true },
  recordStage: { pkg: 'stackset-workflow', crossAccount: false },
  aggregateResults: { pkg: 'stackset-workflow', crossAccount: false },
  notify: { pkg: 'tasks', crossAccount: true },
};

/** Where a task function's code is, relative to the template (`build` writes its bundle there). */
export function functionCodeUri(name: TaskFunctionName | StackSetFunctionName): string {
  return `functions/${name}/`;
}

/** The logical id of a task function's `AWS::Serverless::Function`. */
export function functionLogicalId(name: TaskFunctionName): string {
  return `${name[0]!.toUpperCase()}${name.slice(1)}Function`;
}

const sub = (s: string) => ({ 'Fn::Sub': s });
const ref = (name: string) => ({ Ref: name });
const getAtt = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });

/** An output exported as `<stack name>-<name>`. */
function exported(name: string, value: unknown): Record<string, unknown> {
  return { [name]: { Value: value, Export: { Name: sub(`\${AWS::StackName}-${name}`) } } };
}

/** Defaults `build` bakes into the SAM template's parameters (and the input JSON Schema). */
export interface InstallationDefaults {
  /** StackNamePrefix's default. @default "stackset-lite-" */
  stackNamePrefix?: string;
  /** TemplateBucketName's default. @default none (a required parameter) */
  templateBucket?: string;
}

/** The machine's tasks that read and write the stack set store. */
const STACK_SET_TASKS = new Set<TaskFunctionName>(['planRollout', 'recordStage', 'aggregateResults']);

/** Name of the state machine, fixed so its role can allow it to start its own child executions. */
export const STATE_MACHINE_NAME = 'stackset-lite';

/**
 * The AWS SAM template of StackSets-lite: the state machine (definition inline, placeholders bound by
 * DefinitionSubstitutions), its eight functions, two Lambda roles (one that may assume the deploy and
 * lister roles, one limited to the work bucket), the SNS topic, the work bucket and the template bucket
 * (a nested stack from the tasks package's `template-bucket.yaml`).
 */
export function samTemplate(
  definition: StateMachineDefinition,
  options: InstallationDefaults = {},
): Record<string, unknown> {
  const functions: Record<string, unknown> = {};
  for (const [name, arnKey] of Object.entries(TASK_FUNCTIONS) as [TaskFunctionName, string][]) {
    const source = FUNCTION_SOURCES[name];
    functions[functionLogicalId(name)] = {
      Type: 'AWS::Serverless::Function',
      Properties: {
        CodeUri: functionCodeUri(name),
        Handler: 'index.handler',
        Description: `StackSets-lite ${name} (${source.pkg === 'tasks' ? '@stackset-lite/tasks' : '@stackset-lite/stackset-workflow'}); output ${arnKey}`,
        Role: getAtt(source.crossAccount ? 'OrchestratorRole' : 'WorkflowTasksRole', 'Arn'),
        Timeout: TASK_FUNCTION_TIMEOUTS[name],
        // Stack set operations: these tasks record progress in the table and start the next operation.
        ...(STACK_SET_TASKS.has(name) && {
          Environment: { Variables: stackSetEnvironment(STATE_MACHINE_NAME) },
        }),
        // deployStack refuses any template outside the template bucket, whose exact S3 host it sends
        // CloudFormation (the deploy role's cloudformation:TemplateUrl condition names that host).
        ...(name === 'deployStack' && {
          Environment: {
            Variables: {
              TEMPLATE_BUCKET_NAME: ref('TemplateBucketName'),
              TEMPLATE_BUCKET_REGION: ref('AWS::Region'),
            },
          },
        }),
      },
    };
  }
  // Typed from the machine's declared keys: a setting missing here, or one it does not declare, fails to compile.
  const substitutions = stacksetSubstitutions<CfnSubstitutionValue>(
    {
      ManagementRoleArn: ref('ManagementRoleArn'),
      DeployRoleName: ref('DeployRoleName'),
      ExternalId: ref('ExternalId'),
      WorkBucket: ref('WorkBucket'),
      NotificationTopicArn: ref('NotificationTopic'),
      ServiceRoleName: ref('ServiceRoleName'),
      StackNamePrefix: ref('StackNamePrefix'),
      TemplateBucketName: ref('TemplateBucketName'),
    },
    (name) => getAtt(functionLogicalId(name), 'Arn'),
  );
  const machine: SamStateMachineResource = toSamResource(definition, {
    stateMachineName: STATE_MACHINE_NAME,
    definitionSubstitutions: substitutions,
    policies: [
      ...Object.keys(TASK_FUNCTIONS).map((name) => ({
        LambdaInvokePolicy: { FunctionName: ref(functionLogicalId(name as TaskFunctionName)) },
      })),
      // Distributed Map: ItemReader/ResultWriter on the work bucket, child executions of itself.
      { S3CrudPolicy: { BucketName: ref('WorkBucket') } },
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution'],
            Resource: [
              sub(
                `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${STATE_MACHINE_NAME}`,
              ),
              sub(
                `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:${STATE_MACHINE_NAME}/*`,
              ),
            ],
          },
        ],
      },
    ],
  });
  const lambdaTrust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
  const logs = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Transform: 'AWS::Serverless-2016-10-31',
    Description: 'StackSets-lite: deploy a CloudFormation template to every account of an AWS Organization',
    Globals: { Function: { Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 60, MemorySize: 512 } },
    Parameters: {
      OrganizationId: { Type: 'String', AllowedPattern: '^o-[a-z0-9]{10,32}$' },
      ManagementRoleArn: {
        Type: 'String',
        Description: 'The target-lister role in the management account (target-lister-role.yaml).',
      },
      // Same names, defaults and patterns as roles/target-account-roles.yaml's parameters: give both
      // stacks the same values (the deploy role only allows what these settings make the tasks do).
      DeployRoleName: { Type: 'String', Default: 'stackset-lite-deploy', AllowedPattern: ROLE_NAME_PATTERN },
      ServiceRoleName: {
        Type: 'String',
        Default: DEFAULT_SERVICE_ROLE_NAME,
        AllowedPattern: ROLE_NAME_PATTERN,
        Description:
          'The CloudFormation service role in every target account (target-account-roles.yaml ServiceRoleName); passed as RoleARN unless an execution names another.',
      },
      StackNamePrefix: {
        Type: 'String',
        Default: options.stackNamePrefix ?? DEFAULT_STACK_NAME_PREFIX,
        AllowedPattern: STACK_NAME_PREFIX_PATTERN,
        Description:
          'Executions must name stacks starting with this (target-account-roles.yaml StackNamePrefix); empty allows any name.',
      },
      OrchestratorRoleName: { Type: 'String', Default: 'stackset-lite-orchestrator' },
      ExternalId: { Type: 'String', NoEcho: true, MinLength: 2 },
      TemplateBucketName: {
        Type: 'String',
        ...(options.templateBucket && { Default: options.templateBucket }),
        AllowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
        Description:
          'The template bucket (template-bucket.yaml, created here); executions must deploy templates from it, as the deploy role reads only there.',
      },
      NotificationEmail: { Type: 'String', Default: '' },
    },
    Conditions: { HasEmail: { 'Fn::Not': [{ 'Fn::Equals': [ref('NotificationEmail'), ''] }] } },
    Resources: {
      StateMachine: machine,
      ...functions,
      OrchestratorRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: ref('OrchestratorRoleName'),
          AssumeRolePolicyDocument: lambdaTrust,
          ManagedPolicyArns: [logs],
          Policies: [
            {
              PolicyName: 'assume-stackset-lite-roles',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Sid: 'DeployRoleInOrgAccounts',
                    Effect: 'Allow',
                    Action: 'sts:AssumeRole',
                    Resource: sub(`arn:\${AWS::Partition}:iam::*:role/\${DeployRoleName}`),
                    Condition: { StringEquals: { 'aws:ResourceOrgID': ref('OrganizationId') } },
                  },
                  {
                    Sid: 'TargetLister',
                    Effect: 'Allow',
                    Action: 'sts:AssumeRole',
                    Resource: ref('ManagementRoleArn'),
                  },
                  {
                    Sid: 'WorkBucket',
                    Effect: 'Allow',
                    Action: ['s3:GetObject', 's3:PutObject'],
                    Resource: sub(`\${WorkBucket.Arn}/*`),
                  },
                  {
                    Sid: 'Notify',
                    Effect: 'Allow',
                    Action: 'sns:Publish',
                    Resource: ref('NotificationTopic'),
                  },
                ],
              },
            },
          ],
        },
      },
      WorkflowTasksRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: lambdaTrust,
          ManagedPolicyArns: [logs],
          Policies: [
            {
              PolicyName: 'work-bucket',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: ['s3:GetObject', 's3:PutObject'],
                    Resource: sub(`\${WorkBucket.Arn}/*`),
                  },
                  // Our tasks keep the stack set's instances and operations, and start the next one.
                  stackSetTableStatement(),
                  ...operationLaunchStatements(STATE_MACHINE_NAME),
                  // planRollout asks CloudFormation what the template needs (ValidateTemplate, which
                  // has no resource type) before anything is deployed; CloudFormation reads the
                  // template with this role, from the template bucket of this account.
                  { Effect: 'Allow', Action: 'cloudformation:ValidateTemplate', Resource: '*' },
                  {
                    Effect: 'Allow',
                    Action: 's3:GetObject',
                    Resource: sub(`arn:\${AWS::Partition}:s3:::\${TemplateBucketName}/*`),
                  },
                ],
              },
            },
          ],
        },
      },
      [STACK_SET_TABLE_ID]: stackSetTableResource(),
      ...stackSetFunctionResources({
        stateMachineName: STATE_MACHINE_NAME,
        codeUri: functionCodeUri,
        autoDeploymentPattern: AUTO_DEPLOYMENT_EVENT_PATTERN,
      }),
      WorkBucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          LifecycleConfiguration: {
            Rules: [{ Id: 'expire-runs', Status: 'Enabled', Prefix: 'runs/', ExpirationInDays: 90 }],
          },
        },
      },
      NotificationTopic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } },
      NotificationSubscription: {
        Type: 'AWS::SNS::Subscription',
        Condition: 'HasEmail',
        Properties: {
          TopicArn: ref('NotificationTopic'),
          Protocol: 'email',
          Endpoint: ref('NotificationEmail'),
        },
      },
      TemplateBucket: {
        Type: 'AWS::CloudFormation::Stack',
        // Deleting this nested stack keeps its bucket (template-bucket.yaml retains it): stated, not implied.
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Delete',
        Properties: {
          TemplateURL: 'roles/template-bucket.yaml',
          Parameters: {
            BucketName: ref('TemplateBucketName'),
            OrganizationId: ref('OrganizationId'),
            DeployRoleName: ref('DeployRoleName'),
          },
        },
      },
    },
    Outputs: {
      StateMachineArn: { Value: ref('StateMachine') },
      OrchestratorRoleArn: { Value: getAtt('OrchestratorRole', 'Arn') },
      StackSetTableName: { Value: ref(STACK_SET_TABLE_ID) },
      // Exported for a state machine deployed separately through the workflow injector macro.
      ...exported('WorkBucket', ref('WorkBucket')),
      ...exported('NotificationTopicArn', ref('NotificationTopic')),
      ...Object.fromEntries(
        (Object.entries(TASK_FUNCTIONS) as [TaskFunctionName, string][]).flatMap(([name, key]) =>
          Object.entries(exported(key, getAtt(functionLogicalId(name), 'Arn'))),
        ),
      ),
    },
  };
}
