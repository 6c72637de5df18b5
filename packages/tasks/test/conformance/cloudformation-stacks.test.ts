/**
 * The simulated estate's CloudFormation stacks, held to what AWS records: creation with tags, name
 * conflicts, missing stacks, termination protection. Driven through the real SDK client.
 */
import {
  type CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import type { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiReference, recorded, userGuide } from './aws-sources.js';
import { cloudFormationSession, TEMPLATE_URL } from './estate-session.js';

let estate: SimulatedEstate;
let cfn: CloudFormationClient;
beforeEach(async () => {
  ({ estate, cfn } = await cloudFormationSession());
  estate.s3.put('templates', 'conformance.yaml', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
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

describe(`stack statuses (${userGuide('view-stack-events.html')}, "Stack status codes")`, () => {
  /** Every status the stack passes through while the clock runs `ms`, looked at each second. */
  const watch = async (ms: number, name = STACK) => {
    const seen: string[] = [];
    for (let t = 0; t <= ms; t += 1_000) {
      const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
      const status = stack?.StackStatus ?? '';
      if (seen.at(-1) !== status) seen.push(status);
      estate.virtualClock.advance(1_000);
    }
    return seen;
  };

  it('a create: CREATE_IN_PROGRESS, then CREATE_COMPLETE', async () => {
    await create();
    expect(await watch(120_000)).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
  });

  it('a failed create: ROLLBACK_IN_PROGRESS, then ROLLBACK_COMPLETE, the stack left in place', async () => {
    estate.faults.failCreate({});
    await create();
    expect(await watch(200_000)).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
  });

  it('an update: UPDATE_IN_PROGRESS, UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, UPDATE_COMPLETE; a failed one UPDATE_ROLLBACK_IN_PROGRESS, UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, UPDATE_ROLLBACK_COMPLETE', async () => {
    await create();
    estate.virtualClock.advance(120_000);
    const update = async (key: string) => {
      estate.s3.put(
        'templates',
        key,
        `Resources:\n  ${key.replace(/\W/g, '')}:\n    Type: AWS::SQS::Queue\n`,
      );
      const url = TEMPLATE_URL.replace('conformance.yaml', key);
      await cfn.send(
        new CreateChangeSetCommand({
          StackName: STACK,
          ChangeSetName: key.replace(/\W/g, ''),
          TemplateURL: url,
        }),
      );
      estate.virtualClock.advance(30_000);
      await cfn.send(
        new ExecuteChangeSetCommand({ StackName: STACK, ChangeSetName: key.replace(/\W/g, '') }),
      );
    };
    await update('v2.yaml');
    expect(await watch(120_000)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_COMPLETE',
    ]);
    estate.faults.failUpdate({});
    await update('v3.yaml');
    expect(await watch(200_000)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_ROLLBACK_IN_PROGRESS',
      'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_ROLLBACK_COMPLETE',
    ]);
  });

  it(`a delete: DELETE_IN_PROGRESS, then gone by name; by its stack id it is DELETE_COMPLETE (${apiReference('DescribeStacks')}, StackName: "Deleted stacks: You must specify the unique stack ID")`, async () => {
    const { StackId } = await create();
    estate.virtualClock.advance(120_000);
    await cfn.send(new DeleteStackCommand({ StackName: STACK }));
    expect(await describeStack()).toMatchObject({ StackStatus: 'DELETE_IN_PROGRESS' });
    estate.virtualClock.advance(120_000);
    await expect(describeStack()).rejects.toMatchObject({ name: 'ValidationError' });
    const byId = (await cfn.send(new DescribeStacksCommand({ StackName: StackId }))).Stacks?.[0];
    expect(byId).toMatchObject({ StackStatus: 'DELETE_COMPLETE', StackId });
  });
});
