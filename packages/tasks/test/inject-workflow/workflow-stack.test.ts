import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { loadTemplate } from '@stackset-lite/tasks/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, it } from 'vitest';
import { injectWorkflow } from '../../src/inject-workflow/index.js';

const s3Mock = mockClient(S3Client);
beforeEach(() => s3Mock.reset());

function serve(asl: unknown): void {
  s3Mock.on(GetObjectCommand, { Bucket: 'workflows-bucket', Key: 'workflows/orders/abc.json' }).resolves({
    Body: { transformToString: async () => JSON.stringify(asl) } as unknown as GetObjectCommandOutput['Body'],
  });
}

// CloudFormation sends the template as JSON, without its Transform section.
async function inject(fragment: Record<string, unknown>) {
  return injectWorkflow(
    {
      region: 'eu-west-1',
      accountId: '111111111111',
      fragment,
      transformId: '111111111111::StepFunctionWorkflowInjector',
      params: {},
      requestId: 'r-1',
      templateParameterValues: {
        S3Key: 's3://workflows-bucket/workflows/orders/abc.json',
        SMResource: 'StateMachine',
      },
    },
    { s3: new S3Client({ region: 'eu-west-1' }), allowedBuckets: ['workflows-bucket'] },
  );
}

it('injects a workflow into the shipped workflow-stack.yaml as CloudFormation would hand it over', async () => {
  const asl = {
    StartAt: 'Wait',
    States: { Wait: { Type: 'Wait', Seconds: 5, Next: 'Done' }, Done: { Type: 'Succeed' } },
  };
  serve(asl);
  const { Transform, ...fragment } = loadTemplate('workflow-stack.yaml');
  expect(Transform).toBe('StepFunctionWorkflowInjector');
  expect(fragment.Parameters.SMResource?.Default).toBe('StateMachine');
  const response = await inject(fragment);
  expect(response.errorMessage).toBeUndefined();
  expect(response.status).toBe('success');
  const resources = response.fragment.Resources as Record<string, { Properties: Record<string, unknown> }>;
  expect(resources.StateMachine?.Properties).toEqual({
    RoleArn: { 'Fn::GetAtt': ['StateMachineRole', 'Arn'] },
    Definition: asl,
  });
  expect(resources.StateMachineRole).toEqual(fragment.Resources.StateMachineRole);
});

// DefinitionSubstitutions placeholders, left for CloudFormation to fill in.
const placeholderAsl = {
  StartAt: 'Deploy',
  States: {
    Deploy: { Type: 'Task', Resource: '${DeployFunctionArn}', Next: 'Notify' },
    Notify: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: '${TopicArn}', 'Message.$': '$' },
      End: true,
    },
  },
};

it('refuses placeholders the state machine has no DefinitionSubstitutions for', async () => {
  serve(placeholderAsl);
  const { Transform: _, ...fragment } = loadTemplate('workflow-stack.yaml');
  const response = await inject(fragment);
  expect(response.status).toBe('failure');
  expect(response.errorMessage).toBe(
    '111111111111::StepFunctionWorkflowInjector: the workflow uses ${DeployFunctionArn}, ${TopicArn} but StateMachine has no such DefinitionSubstitutions',
  );
});

it('accepts placeholders the state machine defines, and keeps the substitutions', async () => {
  serve(placeholderAsl);
  const { Transform: _, ...fragment } = loadTemplate('workflow-stack.yaml');
  const machine = fragment.Resources.StateMachine as { Properties: Record<string, unknown> };
  const substitutions = {
    DeployFunctionArn: { 'Fn::GetAtt': ['Deploy', 'Arn'] },
    TopicArn: { Ref: 'Topic' },
  };
  machine.Properties.DefinitionSubstitutions = substitutions;
  const response = await inject(fragment);
  expect(response.status).toBe('success');
  const resources = response.fragment.Resources as Record<string, { Properties: Record<string, unknown> }>;
  expect(resources.StateMachine?.Properties.DefinitionSubstitutions).toEqual(substitutions);
});
