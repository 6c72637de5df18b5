import { describe, expectTypeOf, it } from 'vitest';
import {
  resources,
  type StateMachineDefinition,
  type SubstitutionKeys,
  stateMachine,
  toCloudFormationResource,
  toSamResource,
} from '../../src/index.js';

const machine = stateMachine({ substitutions: ['DeployFunctionArn', 'TopicArn'] });
machine.task('Deploy', { resource: machine.placeholder('DeployFunctionArn'), next: 'Notify' });
machine.task('Notify', {
  resource: resources.integration('sns', 'publish'),
  parameters: { TopicArn: machine.placeholder('TopicArn') },
  end: true,
});

describe('DefinitionSubstitutions keys', () => {
  it('are the keys a builder machine declared', () => {
    expectTypeOf<SubstitutionKeys<typeof machine>>().toEqualTypeOf<'DeployFunctionArn' | 'TopicArn'>();
    expectTypeOf<SubstitutionKeys<StateMachineDefinition>>().toEqualTypeOf<string>();
  });

  it('must all be given, spelt right, for a builder machine', () => {
    toCloudFormationResource(machine, {
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
      definitionSubstitutions: {
        DeployFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] },
        TopicArn: { Ref: 'Topic' },
      },
    });
    toCloudFormationResource(machine, {
      roleArn: 'r',
      // @ts-expect-error TopicArn is missing
      definitionSubstitutions: { DeployFunctionArn: 'arn' },
    });
    toSamResource(machine, {
      // @ts-expect-error TopicARN is not a declared key
      definitionSubstitutions: { DeployFunctionArn: 'arn', TopicARN: 'x' },
    });
  });

  it('are any strings for a plain model', () => {
    const model: StateMachineDefinition = { StartAt: 'A', States: { A: { Type: 'Succeed' } } };
    expectTypeOf(toCloudFormationResource<StateMachineDefinition>)
      .parameter(1)
      .toHaveProperty('definitionSubstitutions')
      .toEqualTypeOf<
        | Readonly<
            Record<
              string,
              string | number | boolean | { readonly [fn: string]: import('../../src/index.js').JsonValue }
            >
          >
        | undefined
      >();
    toSamResource(model, { definitionSubstitutions: {} });
  });
});
