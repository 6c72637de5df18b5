import { type SubstitutionKeys, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ExactSubstitutions,
  type StacksetSubstitutions,
  stacksetSubstitutions,
} from '../src/machine/definition-substitutions.js';
import type { StacksetStateMachine } from '../src/machine/stackset-machine.js';

const settings = {
  ManagementRoleArn: 'arn:aws:iam::111111111111:role/stackset-lite-target-lister',
  DeployRoleName: 'stackset-lite-deploy',
  ExternalId: 'x',
  WorkBucket: 'work',
  NotificationTopicArn: 'arn:aws:sns:eu-west-1:111111111111:stackset-lite',
  ServiceRoleName: 'stackset-lite-cloudformation',
  StackNamePrefix: 'stackset-lite-',
  TemplateBucketName: 'templates',
};
const arn = (name: string) => `arn:aws:lambda:eu-west-1:111111111111:function:${name}`;

describe("the machine's DefinitionSubstitutions, typed from its builder's declared keys", () => {
  it('the keys are the eight settings and the eight task functions the builder declares', () => {
    expectTypeOf<SubstitutionKeys<StacksetStateMachine>>().toEqualTypeOf<
      | 'ManagementRoleArn'
      | 'DeployRoleName'
      | 'ExternalId'
      | 'WorkBucket'
      | 'NotificationTopicArn'
      | 'ServiceRoleName'
      | 'StackNamePrefix'
      | 'TemplateBucketName'
      | 'PrepareOperationFunctionArn'
      | 'ListTargetsFunctionArn'
      | 'PlanRolloutFunctionArn'
      | 'DeployStackFunctionArn'
      | 'PollStackFunctionArn'
      | 'RecordStageFunctionArn'
      | 'AggregateResultsFunctionArn'
      | 'NotifyFunctionArn'
    >();
    expectTypeOf(stacksetSubstitutions(settings, arn)).toEqualTypeOf<StacksetSubstitutions<string>>();
  });

  it('a setting missing or misspelt does not compile', () => {
    const { WorkBucket: _, ...noWorkBucket } = settings;
    // @ts-expect-error WorkBucket is missing
    stacksetSubstitutions(noWorkBucket, arn);
    // @ts-expect-error TemplateBucket is not a declared key (TemplateBucketName is)
    stacksetSubstitutions({ ...settings, TemplateBucket: 'templates' }, arn);
  });

  it('values must have exactly the keys a machine declares', () => {
    const machine = stateMachine({ substitutions: ['DeployFunctionArn', 'TopicArn'] });
    const exact = { DeployFunctionArn: 'a', TopicArn: 't' };
    const ok: ExactSubstitutions<typeof exact, typeof machine> = exact;
    expectTypeOf(ok).toEqualTypeOf(exact);
    const missing = { DeployFunctionArn: 'a' };
    // @ts-expect-error TopicArn is missing
    const noTopic: ExactSubstitutions<typeof missing, typeof machine> = missing;
    // Assigned through a variable or a spread, where TypeScript's excess property check does not look.
    const extra = { ...exact, TopicARN: 'typo' };
    // @ts-expect-error TopicARN is not a declared key
    const typo: ExactSubstitutions<typeof extra, typeof machine> = extra;
    void [noTopic, typo];
  });
});
