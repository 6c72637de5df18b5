import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { expect, it } from 'vitest';
import { injectWorkflow } from '../../src/inject-workflow/index.js';
import { loadTemplate } from '../templates/cloudformation-template.js';

const s3Mock = mockClient(S3Client);

it('injects a workflow into the shipped workflow-stack.yaml as CloudFormation would hand it over', async () => {
  const asl = {
    StartAt: 'Deploy',
    // A DefinitionSubstitutions placeholder, left for CloudFormation to fill in.
    States: { Deploy: { Type: 'Task', Resource: '${DeployFunctionArn}', End: true } },
  };
  s3Mock.on(GetObjectCommand, { Bucket: 'workflows-bucket', Key: 'workflows/orders/abc.json' }).resolves({
    Body: { transformToString: async () => JSON.stringify(asl) } as unknown as GetObjectCommandOutput['Body'],
  });
  // CloudFormation sends the template as JSON, without its Transform section.
  const { Transform, ...fragment } = loadTemplate('workflow-stack.yaml');
  expect(Transform).toBe('StepFunctionWorkflowInjector');
  const response = await injectWorkflow(
    {
      region: 'eu-west-1',
      accountId: '111111111111',
      fragment,
      transformId: '111111111111::StepFunctionWorkflowInjector',
      params: {},
      requestId: 'r-1',
      templateParameterValues: {
        S3Key: 's3://workflows-bucket/workflows/orders/abc.json',
        SMResource: fragment.Parameters.SMResource?.Default,
      },
    },
    { s3: new S3Client({ region: 'eu-west-1' }), allowedBuckets: ['workflows-bucket'] },
  );
  expect(response.errorMessage).toBeUndefined();
  expect(response.status).toBe('success');
  const resources = response.fragment.Resources as Record<string, { Properties: Record<string, unknown> }>;
  expect(resources.StateMachine?.Properties).toEqual({
    RoleArn: { 'Fn::GetAtt': ['StateMachineRole', 'Arn'] },
    Definition: asl,
  });
  expect(resources.StateMachineRole).toEqual(fragment.Resources.StateMachineRole);
});
