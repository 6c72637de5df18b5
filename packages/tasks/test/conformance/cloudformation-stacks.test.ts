/**
 * The simulated estate's CloudFormation stacks, held to what AWS records: creation with tags, name
 * conflicts, missing stacks, termination protection. Driven through the real SDK client.
 */
import {
  type CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import type { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiReference, recorded } from './aws-sources.js';
import { cloudFormationSession, TEMPLATE_URL } from './estate-session.js';

let estate: SimulatedEstate;
let cfn: CloudFormationClient;
beforeEach(async () => {
  ({ estate, cfn } = await cloudFormationSession());
});
afterEach(() => estate.uninstall());

const STACK = 'conformance';
const describeStack = async () =>
  (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
const create = (extra: Record<string, unknown> = {}) =>
  cfn.send(new CreateStackCommand({ StackName: STACK, TemplateURL: TEMPLATE_URL, ...extra }));

describe('CreateStack', () => {
  it(`tags the stack from its first moment: CREATE_IN_PROGRESS already carries them (${apiReference('CreateStack')}, Tags: "Key-value pairs to associate with this stack")`, async () => {
    await create({ Tags: [{ Key: 'ManagedBy', Value: 'stackset-lite' }] });
    expect(await describeStack()).toMatchObject({
      StackStatus: 'CREATE_IN_PROGRESS',
      Tags: [{ Key: 'ManagedBy', Value: 'stackset-lite' }],
    });
  });

  it(`over a live stack is AlreadyExistsException "Stack [name] already exists" (${recorded('api/test_stacks.snapshot.json', 'test_name_conflicts')})`, async () => {
    await create();
    await expect(create()).rejects.toMatchObject({
      name: 'AlreadyExistsException',
      message: `Stack [${STACK}] already exists`,
    });
  });

  it(`retried with the same ClientRequestToken is the same request (${apiReference('CreateStack')}, ClientRequestToken)`, async () => {
    const first = await create({ ClientRequestToken: 'token-1' });
    const again = await create({ ClientRequestToken: 'token-1' });
    expect(again.StackId).toBe(first.StackId);
  });
});

describe('missing stacks', () => {
  it(`DescribeStacks of a stack that does not exist is ValidationError "Stack with id X does not exist" (${recorded('api/test_stacks.snapshot.json', 'test_non_existing_stack_message')})`, async () => {
    await expect(describeStack()).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Stack with id ${STACK} does not exist`,
    });
  });
});

describe('termination protection', () => {
  it(`shows as EnableTerminationProtection (${recorded('api/test_stacks.snapshot.json', 'test_update_termination_protection')}) and makes DeleteStack fail with a ValidationError, the stack unchanged (${apiReference('UpdateTerminationProtection')})`, async () => {
    await create({ EnableTerminationProtection: true });
    estate.virtualClock.advance(120_000);
    expect(await describeStack()).toMatchObject({
      StackStatus: 'CREATE_COMPLETE',
      EnableTerminationProtection: true,
    });
    // The message as AWS returns it (quoted from AWS responses in ekristen/aws-nuke#821, rackspace/runway#199).
    await expect(cfn.send(new DeleteStackCommand({ StackName: STACK }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Stack [${STACK}] cannot be deleted while TerminationProtection is enabled`,
    });
    expect(await describeStack()).toMatchObject({ StackStatus: 'CREATE_COMPLETE' });
    await cfn.send(
      new UpdateTerminationProtectionCommand({ StackName: STACK, EnableTerminationProtection: false }),
    );
    expect(await describeStack()).toMatchObject({ EnableTerminationProtection: false });
    await cfn.send(new DeleteStackCommand({ StackName: STACK }));
    expect(await describeStack()).toMatchObject({ StackStatus: 'DELETE_IN_PROGRESS' });
  });
});
