// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${Name} is the DefinitionSubstitutions placeholder syntax under test
import { describe, expect, it } from 'vitest';
import { AslDslError } from '../../src/builder/errors.js';
import {
  definitionPlaceholders,
  type StateMachineDefinition,
  serializeDefinition,
  toCloudFormationResource,
  toSamResource,
} from '../../src/index.js';

const machine: StateMachineDefinition = {
  StartAt: 'Deploy',
  States: {
    Deploy: {
      Type: 'Task',
      Resource: '${DeployFunctionArn}',
      Parameters: { Bucket: '${ArtifactBucket}', 'Key.$': '$.key' },
      Next: 'Fan',
    },
    Fan: {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Notify',
        States: {
          Notify: {
            Type: 'Task',
            Resource: 'arn:aws:states:::sns:publish',
            Parameters: { TopicArn: '${TopicArn}', 'Message.$': '$' },
            End: true,
          },
        },
      },
      End: true,
    },
  },
};

const substitutions = {
  DeployFunctionArn: { 'Fn::GetAtt': ['DeployFunction', 'Arn'] },
  TopicArn: { Ref: 'Topic' },
  ArtifactBucket: 'my-artifacts',
};

function caught(run: () => unknown): AslDslError {
  try {
    run();
  } catch (error) {
    if (error instanceof AslDslError) return error;
    throw error;
  }
  throw new Error('expected an AslDslError');
}

describe('definitionPlaceholders', () => {
  it('finds every placeholder once, with the innermost state and a JSON pointer', () => {
    expect(definitionPlaceholders(machine)).toEqual([
      { key: 'DeployFunctionArn', pointer: '/States/Deploy/Resource', stateName: 'Deploy' },
      { key: 'ArtifactBucket', pointer: '/States/Deploy/Parameters/Bucket', stateName: 'Deploy' },
      {
        key: 'TopicArn',
        pointer: '/States/Fan/ItemProcessor/States/Notify/Parameters/TopicArn',
        stateName: 'Notify',
      },
    ]);
  });
});

describe('toCloudFormationResource', () => {
  it('embeds the canonical definition object with sorted substitutions and all options', () => {
    const resource = toCloudFormationResource(machine, {
      roleArn: { 'Fn::GetAtt': ['MachineRole', 'Arn'] },
      definitionSubstitutions: substitutions,
      stateMachineName: 'deployer',
      type: 'EXPRESS',
      logging: { level: 'ERROR', includeExecutionData: true, logGroupArn: { 'Fn::GetAtt': ['Logs', 'Arn'] } },
      tracing: true,
      tags: { team: 'platform', app: 'stackset-lite' },
    });
    expect(resource).toEqual({
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        Definition: machine,
        DefinitionSubstitutions: substitutions,
        RoleArn: { 'Fn::GetAtt': ['MachineRole', 'Arn'] },
        StateMachineName: 'deployer',
        StateMachineType: 'EXPRESS',
        LoggingConfiguration: {
          Level: 'ERROR',
          IncludeExecutionData: true,
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': ['Logs', 'Arn'] } } }],
        },
        TracingConfiguration: { Enabled: true },
        Tags: [
          { Key: 'app', Value: 'stackset-lite' },
          { Key: 'team', Value: 'platform' },
        ],
      },
    });
    expect(Object.keys(resource.Properties.DefinitionSubstitutions ?? {})).toEqual([
      'ArtifactBucket',
      'DeployFunctionArn',
      'TopicArn',
    ]);
    // The embedded object is in canonical order: serializing it as is gives the serializer's bytes.
    expect(JSON.stringify(resource.Properties.Definition)).toBe(
      serializeDefinition(machine, { compact: true }),
    );
  });

  it('emits DefinitionString as compact canonical JSON with asString', () => {
    const resource = toCloudFormationResource(machine, {
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
      definitionSubstitutions: substitutions,
      asString: true,
    });
    expect(resource.Properties.Definition).toBeUndefined();
    expect(resource.Properties.DefinitionString).toBe(serializeDefinition(machine, { compact: true }));
    expect(resource.Properties.StateMachineType).toBeUndefined();
  });

  it('accepts a builder machine (anything with toModel)', () => {
    const resource = toCloudFormationResource(
      { toModel: () => machine },
      { roleArn: 'arn:aws:iam::123456789012:role/sfn', definitionSubstitutions: substitutions },
    );
    expect(resource.Properties.Definition).toEqual(machine);
  });

  it('names a placeholder that has no substitution key, with its state and pointer', () => {
    const error = caught(() =>
      toCloudFormationResource(machine, {
        roleArn: 'arn:aws:iam::123456789012:role/sfn',
        definitionSubstitutions: { DeployFunctionArn: 'arn:x', ArtifactBucket: 'b' },
      }),
    );
    expect(error.code).toBe('UndeclaredSubstitution');
    expect(error.stateName).toBe('Notify');
    expect(error.pointer).toBe('/States/Fan/ItemProcessor/States/Notify/Parameters/TopicArn');
    expect(error.message).toContain("'${TopicArn}'");
  });

  it('names a substitution key that no placeholder uses', () => {
    const error = caught(() =>
      toCloudFormationResource(machine, {
        roleArn: 'arn:aws:iam::123456789012:role/sfn',
        definitionSubstitutions: { ...substitutions, TopicARN: 'typo' },
      }),
    );
    expect(error.pointer).toBe('/Properties/DefinitionSubstitutions/TopicARN');
    expect(error.message).toContain("key 'TopicARN' is not used");
  });

  it('requires substitutions when the definition has placeholders', () => {
    const error = caught(() => toCloudFormationResource(machine, { roleArn: 'arn:aws:iam::1:role/r' }));
    expect(error.code).toBe('UndeclaredSubstitution');
    expect(error.message).toContain('keys given: none');
  });

  it('rejects bad options with the option named', () => {
    const noGroup = caught(() =>
      toCloudFormationResource(machine, {
        roleArn: 'arn:aws:iam::1:role/r',
        definitionSubstitutions: substitutions,
        logging: { level: 'ALL' },
      }),
    );
    expect(noGroup.pointer).toBe('/logging/logGroupArn');
    expect(noGroup.message).toContain('logGroupArn is required unless level is OFF');

    const badRole = caught(() =>
      toCloudFormationResource(machine, {
        roleArn: { Ref: 'A', 'Fn::GetAtt': ['B', 'Arn'] },
        definitionSubstitutions: substitutions,
      }),
    );
    expect(badRole.pointer).toBe('/roleArn');

    const unknown = caught(() =>
      toCloudFormationResource(machine, {
        roleArn: 'r',
        definitionSubstitutions: substitutions,
        stateMachineType: 'EXPRESS',
      } as unknown as Parameters<typeof toCloudFormationResource>[1]),
    );
    expect(unknown.message).toContain('stateMachineType');
  });

  it('rejects a definition over the 1 MB Step Functions limit', () => {
    const big: StateMachineDefinition = {
      StartAt: 'P',
      States: { P: { Type: 'Pass', Result: 'x'.repeat(1_048_576), End: true } },
    };
    const error = caught(() => toCloudFormationResource(big, { roleArn: 'r' }));
    expect(error.message).toMatch(/at most 1048576/);
  });
});

describe('toSamResource', () => {
  it('embeds the definition inline with SAM property names', () => {
    const resource = toSamResource(machine, {
      definitionSubstitutions: substitutions,
      policies: [{ LambdaInvokePolicy: { FunctionName: { Ref: 'DeployFunction' } } }],
      stateMachineName: 'deployer',
      type: 'STANDARD',
      logging: { level: 'OFF' },
      tracing: false,
      tags: { team: 'platform' },
    });
    expect(resource).toEqual({
      Type: 'AWS::Serverless::StateMachine',
      Properties: {
        Definition: machine,
        DefinitionSubstitutions: substitutions,
        Policies: [{ LambdaInvokePolicy: { FunctionName: { Ref: 'DeployFunction' } } }],
        Name: 'deployer',
        Type: 'STANDARD',
        Logging: { Level: 'OFF' },
        Tracing: { Enabled: false },
        Tags: { team: 'platform' },
      },
    });
  });

  it('references a definition file with DefinitionUri and still checks placeholders', () => {
    const resource = toSamResource(machine, {
      role: 'arn:aws:iam::123456789012:role/sfn',
      definitionUri: 'statemachine/deploy.asl.json',
      definitionSubstitutions: substitutions,
    });
    expect(resource.Properties.Definition).toBeUndefined();
    expect(resource.Properties.DefinitionUri).toBe('statemachine/deploy.asl.json');
    expect(resource.Properties.Role).toBe('arn:aws:iam::123456789012:role/sfn');

    const s3 = toSamResource(machine, {
      definitionUri: { Bucket: 'b', Key: 'k.json' },
      definitionSubstitutions: substitutions,
    });
    expect(s3.Properties.DefinitionUri).toEqual({ Bucket: 'b', Key: 'k.json' });

    expect(caught(() => toSamResource(machine, { definitionUri: 'x.json' })).code).toBe(
      'UndeclaredSubstitution',
    );
  });
});
