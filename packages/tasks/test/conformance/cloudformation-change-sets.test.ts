/**
 * The simulated estate's CloudFormation change sets, held to what AWS records. Each test states the fact
 * and where it is recorded; the estate is driven through the real SDK client, as the handlers drive it.
 */
import {
  type CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import type { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiReference, recorded } from './aws-sources.js';
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
const createChangeSet = (name: string, type: 'CREATE' | 'UPDATE', extra: Record<string, unknown> = {}) =>
  cfn.send(
    new CreateChangeSetCommand({
      StackName: STACK,
      ChangeSetName: name,
      ChangeSetType: type,
      TemplateURL: TEMPLATE_URL,
      Tags: [{ Key: 'foo', Value: 'bar' }],
      ...extra,
    }),
  );
const settle = (ms = 120_000) => estate.virtualClock.advance(ms);

describe(`a CREATE change set's stack (${recorded('api/test_stacks.snapshot.json', 'test_stack_description_lifecycle[with-tags]')})`, () => {
  it('sits in REVIEW_IN_PROGRESS ("User Initiated") with no tags until the change set runs; the change set carries them', async () => {
    const created = await createChangeSet('cs-1', 'CREATE');
    settle(30_000);
    expect(await describeStack()).toMatchObject({
      StackStatus: 'REVIEW_IN_PROGRESS',
      StackStatusReason: 'User Initiated',
      Tags: [],
      EnableTerminationProtection: false,
    });
    const changeSet = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    expect(changeSet).toMatchObject({
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      Tags: [{ Key: 'foo', Value: 'bar' }],
    });
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
    settle();
    expect(await describeStack()).toMatchObject({
      StackStatus: 'CREATE_COMPLETE',
      Tags: [{ Key: 'foo', Value: 'bar' }],
    });
  });
});

describe('name conflicts', () => {
  it(`a CREATE change set for a stack that exists is a ValidationError (${recorded('api/test_changesets.snapshot.json', 'test_name_conflicts')})`, async () => {
    const created = await createChangeSet('cs-1', 'CREATE');
    settle(30_000);
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
    settle();
    await expect(createChangeSet('cs-2', 'CREATE')).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Stack [${STACK}] already exists and cannot be created again with the changeSet [cs-2].`,
    });
  });

  it(`CreateStack over a stack in REVIEW_IN_PROGRESS takes it over: same stack id, its change set OBSOLETE (${recorded('api/test_changesets.snapshot.json', 'test_create_while_in_review')})`, async () => {
    const changeSet = await createChangeSet('cs-1', 'CREATE');
    settle(30_000);
    const created = await cfn.send(new CreateStackCommand({ StackName: STACK, TemplateURL: TEMPLATE_URL }));
    expect(created.StackId).toBe(changeSet.StackId);
    settle();
    expect(await describeStack()).toMatchObject({
      StackStatus: 'CREATE_COMPLETE',
      StackId: changeSet.StackId,
    });
    expect(await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: changeSet.Id }))).toMatchObject({
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'OBSOLETE',
    });
  });
});

describe('change set lifecycle', () => {
  it(`a change set with nothing to change FAILS, UNAVAILABLE, with CloudFormation's reason (${recorded('api/test_changesets.snapshot.json', 'test_create_change_set_no_changes')})`, async () => {
    await cfn.send(
      new CreateStackCommand({
        StackName: STACK,
        TemplateURL: TEMPLATE_URL,
        Tags: [{ Key: 'foo', Value: 'bar' }],
      }),
    );
    settle();
    await createChangeSet('cs-same', 'UPDATE');
    settle(30_000);
    expect(
      await cfn.send(new DescribeChangeSetCommand({ StackName: STACK, ChangeSetName: 'cs-same' })),
    ).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      Changes: [],
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
  });

  it(`ExecuteChangeSet deletes the stack's other change sets (${apiReference('ExecuteChangeSet')}: "CloudFormation deletes all other change sets associated with the stack")`, async () => {
    await cfn.send(new CreateStackCommand({ StackName: STACK, TemplateURL: TEMPLATE_URL }));
    settle();
    estate.s3.put('templates', 'conformance.yaml', 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n');
    await createChangeSet('cs-a', 'UPDATE');
    await createChangeSet('cs-b', 'UPDATE');
    settle(30_000);
    expect(
      (await cfn.send(new ListChangeSetsCommand({ StackName: STACK }))).Summaries?.map(
        (s) => s.ChangeSetName,
      ),
    ).toEqual(['cs-a', 'cs-b']);
    await cfn.send(new ExecuteChangeSetCommand({ StackName: STACK, ChangeSetName: 'cs-a' }));
    expect(
      (await cfn.send(new ListChangeSetsCommand({ StackName: STACK }))).Summaries?.map(
        (s) => s.ChangeSetName,
      ),
    ).toEqual(['cs-a']);
    // Describing a change set that is gone (LocalStack api/test_changesets.snapshot.json ::
    // test_describe_changeset_after_delete): the wire code is ChangeSetNotFound, which the SDK raises as ChangeSetNotFoundException.
    await expect(
      cfn.send(new DescribeChangeSetCommand({ StackName: STACK, ChangeSetName: 'cs-b' })),
    ).rejects.toMatchObject({
      name: 'ChangeSetNotFoundException',
      message: 'ChangeSet [cs-b] does not exist',
    });
  });

  it(`a deleted change set does not exist any more (${recorded('api/test_changesets.snapshot.json', 'test_deleted_changeset')})`, async () => {
    const created = await createChangeSet('cs-1', 'CREATE');
    settle(30_000);
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: created.Id }));
    await expect(cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }))).rejects.toMatchObject(
      {
        name: 'ChangeSetNotFoundException',
        message: `ChangeSet [${created.Id}] does not exist`,
      },
    );
  });
});
