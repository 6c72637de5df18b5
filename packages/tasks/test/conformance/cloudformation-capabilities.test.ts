/**
 * The simulated estate's capabilities and transforms, held to CloudFormation's API reference: what a
 * template's IAM resources and transforms require, the InsufficientCapabilitiesException that
 * refuses a request without it, and what ValidateTemplate reports. Driven through the real SDK client.
 */
import {
  type Capability,
  type CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeStacksCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import type { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiReference, userGuide } from './aws-sources.js';
import { cloudFormationSession, TEMPLATE_URL } from './estate-session.js';

let estate: SimulatedEstate;
let cfn: CloudFormationClient;
beforeEach(async () => {
  ({ estate, cfn } = await cloudFormationSession());
});
afterEach(() => estate.uninstall());

const STACK = 'conformance';
const template = (text: string) => estate.s3.put('templates', 'conformance.yaml', text);
const ROLE =
  'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n';
const NAMED_ROLE = `${ROLE}      RoleName: fixed-name\n`;
const SERVERLESS = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n';
const createStack = (Capabilities?: Capability[]) =>
  cfn.send(new CreateStackCommand({ StackName: STACK, TemplateURL: TEMPLATE_URL, Capabilities }));
const createChangeSet = (Capabilities?: Capability[]) =>
  cfn.send(
    new CreateChangeSetCommand({
      StackName: STACK,
      ChangeSetName: 'cs-1',
      ChangeSetType: 'CREATE',
      TemplateURL: TEMPLATE_URL,
      Capabilities,
    }),
  );
const insufficient = (capability: string) => ({
  name: 'InsufficientCapabilitiesException',
  message: `Requires capabilities : [${capability}]`,
});
const stackExists = async () =>
  cfn.send(new DescribeStacksCommand({ StackName: STACK })).then(
    () => true,
    () => false,
  );

describe(`IAM resources (${apiReference('CreateStack')}, Capabilities: "If your template includes IAM resources, you can specify either capability. If you have IAM resources with custom names, you must specify CAPABILITY_NAMED_IAM")`, () => {
  it('an IAM resource without CAPABILITY_IAM is refused with InsufficientCapabilitiesException, and no stack is created', async () => {
    template(ROLE);
    await expect(createStack()).rejects.toMatchObject(insufficient('CAPABILITY_IAM'));
    await expect(createChangeSet()).rejects.toMatchObject(insufficient('CAPABILITY_IAM'));
    expect(await stackExists()).toBe(false);
  });

  it('either capability acknowledges an unnamed IAM resource', async () => {
    template(ROLE);
    await expect(createChangeSet(['CAPABILITY_NAMED_IAM'])).resolves.toMatchObject({
      StackId: expect.any(String),
    });
    await expect(createStack(['CAPABILITY_IAM'])).resolves.toMatchObject({ StackId: expect.any(String) });
  });

  it('a custom-named IAM resource needs CAPABILITY_NAMED_IAM: CAPABILITY_IAM is not enough', async () => {
    template(NAMED_ROLE);
    await expect(createStack(['CAPABILITY_IAM'])).rejects.toMatchObject(insufficient('CAPABILITY_NAMED_IAM'));
    await expect(createStack(['CAPABILITY_NAMED_IAM'])).resolves.toMatchObject({
      StackId: expect.any(String),
    });
  });
});

describe('transforms', () => {
  it(`CreateStack with a transform needs CAPABILITY_AUTO_EXPAND (${apiReference('CreateStack')}, Capabilities: "This includes the AWS::Include and AWS::Serverless transforms")`, async () => {
    template(SERVERLESS);
    await expect(createStack()).rejects.toMatchObject(insufficient('CAPABILITY_AUTO_EXPAND'));
    await expect(createStack(['CAPABILITY_AUTO_EXPAND'])).resolves.toMatchObject({
      StackId: expect.any(String),
    });
  });

  it(`a change set with a transform does not (${apiReference('CreateChangeSet')}, Capabilities: "This capacity doesn't apply to creating change sets, and specifying it when creating change sets has no effect")`, async () => {
    template(SERVERLESS);
    await expect(createChangeSet()).resolves.toMatchObject({ Id: expect.any(String) });
  });
});

describe(`ValidateTemplate (${apiReference('ValidateTemplate')}: Capabilities, CapabilitiesReason, DeclaredTransforms)`, () => {
  const validate = () => cfn.send(new ValidateTemplateCommand({ TemplateURL: TEMPLATE_URL }));

  it('reports the capability IAM resources need, naming their types, and the declared transforms', async () => {
    template(`Transform: [AWS::Serverless-2016-10-31]\n${NAMED_ROLE}  Policy:\n    Type: AWS::IAM::Policy\n`);
    expect(await validate()).toMatchObject({
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      // The reason's wording as CloudFormation gives it (e.g. in the console's acknowledgement box).
      CapabilitiesReason:
        'The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::Policy]',
      DeclaredTransforms: ['AWS::Serverless-2016-10-31'],
    });
  });

  it('reports nothing to acknowledge for a template without IAM resources or transforms', async () => {
    template(
      'Parameters:\n  Env:\n    Type: String\n    Default: prod\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n',
    );
    expect(await validate()).toMatchObject({
      Capabilities: [],
      DeclaredTransforms: [],
      Parameters: [{ ParameterKey: 'Env', DefaultValue: 'prod', NoEcho: false }],
    });
  });

  it(`a template with no Resources is a ValidationError "Template format error" (${userGuide('template-anatomy.html')}: Resources is the one required section)`, async () => {
    template('Parameters:\n  Env:\n    Type: String\n');
    await expect(validate()).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Template format error: At least one Resources member must be defined.',
    });
  });

  it('a template CloudFormation cannot read from S3 is a ValidationError "S3 error: Access Denied"', async () => {
    await expect(validate()).rejects.toMatchObject({
      name: 'ValidationError',
      message: /^S3 error: Access Denied/,
    });
  });
});
