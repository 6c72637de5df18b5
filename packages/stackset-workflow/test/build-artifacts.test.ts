import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definitionPlaceholders, serializeDefinition, validate } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { buildArtifacts } from '../src/build/build-artifacts.js';
import { samTemplate } from '../src/build/sam-template.js';
import { stacksetMachine } from '../src/machine/stackset-machine.js';
import { SUBSTITUTION_KEYS } from '../src/machine/task-functions.js';

describe('the StackSets-lite machine and its build', () => {
  for (const stageMode of ['DISTRIBUTED', 'INLINE'] as const) {
    it(`${stageMode}: passes the asl-dsl validator with no error`, () => {
      const errors = validate(stacksetMachine({ stageMode })).filter((d) => d.severity === 'ERROR');
      expect(errors).toEqual([]);
    });
  }

  it('uses exactly the documented DefinitionSubstitutions placeholders', () => {
    const used = [...new Set(definitionPlaceholders(stacksetMachine()).map((p) => p.key))].sort();
    expect(used).toEqual([...SUBSTITUTION_KEYS]);
  });

  it('the SAM template binds every placeholder and holds the functions, roles, topic and buckets', () => {
    const template = samTemplate(stacksetMachine()) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::Serverless::Function')).toHaveLength(8);
    expect(types).toEqual(
      expect.arrayContaining([
        'AWS::Serverless::StateMachine',
        'AWS::IAM::Role',
        'AWS::SNS::Topic',
        'AWS::S3::Bucket',
        'AWS::CloudFormation::Stack',
      ]),
    );
    const substitutions = template.Resources.StateMachine?.Properties.DefinitionSubstitutions as Record<
      string,
      unknown
    >;
    expect(Object.keys(substitutions).sort()).toEqual([...SUBSTITUTION_KEYS]);
  });

  it('build writes deterministic artifacts, the role templates included', async () => {
    const a = await mkdtemp(join(tmpdir(), 'ssl-build-'));
    const b = await mkdtemp(join(tmpdir(), 'ssl-build-'));
    await buildArtifacts(a);
    await buildArtifacts(b);
    const files = (await readdir(a, { recursive: true })).sort();
    expect(files).toEqual(
      expect.arrayContaining(['statemachine.asl.json', 'template.json', 'roles/target-account-roles.yaml']),
    );
    for (const f of ['statemachine.asl.json', 'template.json', 'rollout-input.schema.json']) {
      expect(await readFile(join(a, f), 'utf8')).toBe(await readFile(join(b, f), 'utf8'));
    }
    expect(await readFile(join(a, 'statemachine.asl.json'), 'utf8')).toBe(
      `${serializeDefinition(stacksetMachine())}\n`,
    );
  });

  it('build bakes one stack-name prefix and template bucket into the SAM defaults and the JSON Schema', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ssl-build-'));
    await buildArtifacts(out, undefined, { stackNamePrefix: 'acme-', templateBucket: 'acme-templates' });
    const template = JSON.parse(await readFile(join(out, 'template.json'), 'utf8')) as {
      Parameters: Record<string, { Default?: string }>;
    };
    expect(template.Parameters.StackNamePrefix?.Default).toBe('acme-');
    expect(template.Parameters.TemplateBucketName?.Default).toBe('acme-templates');
    const schema = await readFile(join(out, 'rollout-input.schema.json'), 'utf8');
    expect(schema).toContain('^acme-');
  });
});
