/**
 * How a Task waits for an integration: request-response (no suffix), `.sync` (run a job),
 * `.sync:2` (a nested execution's output as JSON) or `.waitForTaskToken` (callback).
 */
export type IntegrationPattern = '' | '.sync' | '.sync:2' | '.waitForTaskToken';

const RR: readonly IntegrationPattern[] = [''];
const RR_SYNC: readonly IntegrationPattern[] = ['', '.sync'];
const RR_CALLBACK: readonly IntegrationPattern[] = ['', '.waitForTaskToken'];
const RR_SYNC_CALLBACK: readonly IntegrationPattern[] = ['', '.sync', '.waitForTaskToken'];

/** One optimized service: its actions and the patterns each supports, and the page that says so. */
export interface OptimizedService {
  readonly title: string;
  readonly docs: string;
  readonly actions: Readonly<Record<string, readonly IntegrationPattern[]>>;
}

const page = (name: string) => `https://docs.aws.amazon.com/step-functions/latest/dg/${name}.html`;

/**
 * The optimized integrations a Task `Resource` can name (`arn:aws:states:::service:action[.pattern]`),
 * from the Step Functions developer guide: "Integrating optimized services with Step Functions"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html) for the services
 * and the patterns each supports, and each service's page for its actions. Anything else is called
 * through an AWS SDK integration (`arn:aws:states:::aws-sdk:service:action`). Where the summary table
 * grants a service the callback pattern without its page naming the action (Bedrock, EKS), the
 * action accepts it: a false alarm costs the user more than a missed one.
 */
export const OPTIMIZED_INTEGRATIONS: ReadonlyMap<string, OptimizedService> = new Map<
  string,
  OptimizedService
>([
  [
    'apigateway',
    { title: 'API Gateway', docs: page('connect-api-gateway'), actions: { invoke: RR_CALLBACK } },
  ],
  [
    'athena',
    {
      title: 'Athena',
      docs: page('connect-athena'),
      actions: {
        startQueryExecution: RR_SYNC,
        stopQueryExecution: RR,
        getQueryExecution: RR,
        getQueryResults: RR,
      },
    },
  ],
  ['batch', { title: 'AWS Batch', docs: page('connect-batch'), actions: { submitJob: RR_SYNC } }],
  [
    'bedrock',
    {
      title: 'Amazon Bedrock',
      docs: page('connect-bedrock'),
      actions: { invokeModel: RR_CALLBACK, createModelCustomizationJob: RR_SYNC_CALLBACK },
    },
  ],
  [
    'codebuild',
    {
      title: 'CodeBuild',
      docs: page('connect-codebuild'),
      actions: {
        startBuild: RR_SYNC,
        stopBuild: RR,
        batchDeleteBuilds: RR,
        batchGetReports: RR,
        startBuildBatch: RR_SYNC,
        stopBuildBatch: RR,
        retryBuildBatch: RR_SYNC,
        deleteBuildBatch: RR,
      },
    },
  ],
  [
    'dynamodb',
    {
      title: 'DynamoDB',
      docs: page('connect-ddb'),
      actions: { getItem: RR, putItem: RR, updateItem: RR, deleteItem: RR },
    },
  ],
  ['ecs', { title: 'Amazon ECS', docs: page('connect-ecs'), actions: { runTask: RR_SYNC_CALLBACK } }],
  [
    'eks',
    {
      title: 'Amazon EKS',
      docs: page('connect-eks'),
      actions: {
        createCluster: RR_SYNC,
        deleteCluster: RR_SYNC,
        createFargateProfile: RR_SYNC,
        deleteFargateProfile: RR_SYNC,
        createNodegroup: RR_SYNC,
        deleteNodegroup: RR_SYNC,
        runJob: RR_SYNC_CALLBACK,
        call: RR,
      },
    },
  ],
  [
    'elasticmapreduce',
    {
      title: 'Amazon EMR',
      docs: page('connect-emr'),
      actions: {
        createCluster: RR_SYNC,
        terminateCluster: RR_SYNC,
        addStep: RR_SYNC,
        cancelStep: RR,
        setClusterTerminationProtection: RR,
        modifyInstanceFleetByName: RR,
        modifyInstanceGroupByName: RR,
      },
    },
  ],
  [
    'emr-containers',
    {
      title: 'Amazon EMR on EKS',
      docs: page('connect-emr-eks'),
      actions: { createVirtualCluster: RR, deleteVirtualCluster: RR_SYNC, startJobRun: RR_SYNC },
    },
  ],
  [
    'emr-serverless',
    {
      title: 'Amazon EMR Serverless',
      docs: page('connect-emr-serverless'),
      actions: {
        createApplication: RR_SYNC,
        startApplication: RR_SYNC,
        stopApplication: RR_SYNC,
        deleteApplication: RR_SYNC,
        startJobRun: RR_SYNC,
        cancelJobRun: RR_SYNC,
      },
    },
  ],
  [
    'events',
    { title: 'EventBridge', docs: page('connect-eventbridge'), actions: { putEvents: RR_CALLBACK } },
  ],
  ['glue', { title: 'AWS Glue', docs: page('connect-glue'), actions: { startJobRun: RR_SYNC } }],
  ['databrew', { title: 'Glue DataBrew', docs: page('connect-databrew'), actions: { startJobRun: RR_SYNC } }],
  ['http', { title: 'HTTP Task', docs: page('call-https-apis'), actions: { invoke: RR } }],
  ['lambda', { title: 'AWS Lambda', docs: page('connect-lambda'), actions: { invoke: RR_CALLBACK } }],
  [
    'mediaconvert',
    { title: 'MediaConvert', docs: page('connect-mediaconvert'), actions: { createJob: RR_SYNC } },
  ],
  [
    'sagemaker',
    {
      title: 'SageMaker AI',
      docs: page('connect-sagemaker'),
      actions: {
        createEndpoint: RR,
        createEndpointConfig: RR,
        createHyperParameterTuningJob: RR_SYNC,
        createLabelingJob: RR_SYNC,
        createModel: RR,
        createProcessingJob: RR_SYNC,
        createTrainingJob: RR_SYNC,
        createTransformJob: RR_SYNC,
        updateEndpoint: RR,
      },
    },
  ],
  ['sns', { title: 'Amazon SNS', docs: page('connect-sns'), actions: { publish: RR_CALLBACK } }],
  ['sqs', { title: 'Amazon SQS', docs: page('connect-sqs'), actions: { sendMessage: RR_CALLBACK } }],
  [
    'states',
    {
      title: 'Step Functions',
      docs: page('connect-stepfunctions'),
      actions: { startExecution: ['', '.sync', '.sync:2', '.waitForTaskToken'] },
    },
  ],
]);

/**
 * What a Distributed Map's ItemReader and ResultWriter can name: S3 reads and the S3 result write.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
export const ITEM_READER_ACTIONS: readonly string[] = ['s3:getObject', 's3:listObjectsV2'];
export const RESULT_WRITER_ACTIONS: readonly string[] = ['s3:putObject'];

/**
 * AWS SDK integrations (`aws-sdk:service:action`) support request-response and callbacks, never `.sync`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
export const AWS_SDK_PATTERNS: readonly IntegrationPattern[] = RR_CALLBACK;
