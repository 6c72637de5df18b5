import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definitionPlaceholders, serializeDefinition, validate } from '@stackset-lite/asl-dsl';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArtifacts, functionBundlesDir } from '../src/build/build-artifacts.js';
import { samTemplate } from '../src/build/sam-template.js';
import { rolloutInputSchema } from '../src/input/rollout-input.js';
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
    // The machine's eight tasks, plus auto-deployment and drift detection (stack set operations).
    expect(types.filter((t) => t === 'AWS::Serverless::Function')).toHaveLength(10);
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

  it('build writes deterministic artifacts: every file byte-identical from build to build', async () => {
    const a = await mkdtemp(join(tmpdir(), 'ssl-build-'));
    const b = await mkdtemp(join(tmpdir(), 'ssl-build-'));
    await buildArtifacts(a);
    await buildArtifacts(b);
    const files = (await readdir(a, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name).slice(a.length + 1))
      .sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'template.json',
        'statemachine.asl.json',
        'statemachine.mmd',
        'rollout-input.schema.json',
        'example-input.json',
        'functions/deployStack/index.mjs',
        'roles/target-account-roles.yaml',
        'roles/template-bucket.yaml',
        'macro/inject-workflow.zip',
      ]),
    );
    for (const f of files) expect(await readFile(join(b, f)), f).toEqual(await readFile(join(a, f)));
    expect(await readFile(join(a, 'statemachine.asl.json'), 'utf8')).toBe(
      `${serializeDefinition(stacksetMachine())}\n`,
    );
  });

  it('build bakes one stack-name prefix and template bucket into the SAM defaults and the JSON Schema', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ssl-build-'));
    await buildArtifacts(out, { stackNamePrefix: 'acme-', templateBucket: 'acme-templates' });
    const template = JSON.parse(await readFile(join(out, 'template.json'), 'utf8')) as {
      Parameters: Record<string, { Default?: string }>;
    };
    expect(template.Parameters.StackNamePrefix?.Default).toBe('acme-');
    expect(template.Parameters.TemplateBucketName?.Default).toBe('acme-templates');
    const schema = await readFile(join(out, 'rollout-input.schema.json'), 'utf8');
    expect(schema).toContain('^acme-');
    // The example input is valid for this installation (its prefix and bucket), not just the default one.
    const example: unknown = JSON.parse(await readFile(join(out, 'example-input.json'), 'utf8'));
    expect(
      rolloutInputSchema({ stackNamePrefix: 'acme-', templateBucket: 'acme-templates' }).parse(example),
    ).toMatchObject({ stackName: 'acme-example', template: { bucket: 'acme-templates' } });
  });
});

/** Which `cfn-lint` runs here, if any (installed on these machines; see shared/reference/toolchain.md). */
function cfnLintVersion(): string | undefined {
  const run = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

describe('the deployable artifact (stackset-lite build --out dir)', () => {
  let out: string;
  let template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'ssl-artifact-'));
    await buildArtifacts(out);
    template = JSON.parse(await readFile(join(out, 'template.json'), 'utf8'));
  });

  it('holds the code of every function the SAM template references, each a module exporting handler', async () => {
    const functions = Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::Serverless::Function',
    );
    expect(functions).toHaveLength(10);
    const entries: string[] = [];
    for (const [id, { Properties }] of functions) {
      const codeUri = Properties.CodeUri as string;
      expect(Properties.Handler, id).toBe('index.handler');
      const entry = join(out, codeUri, 'index.mjs');
      expect(existsSync(entry), `${id} CodeUri ${codeUri}`).toBe(true);
      entries.push(entry);
    }
    // Loading the bundle is what Lambda does first: each must stand alone (no node_modules next to it).
    // Plain Node, as Lambda runs it, not the test runner's module loader.
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `for (const f of ${JSON.stringify(entries)}) console.log(typeof (await import(f)).handler);`,
      ],
      { cwd: tmpdir(), encoding: 'utf8', env: { ...process.env, AWS_REGION: 'us-east-1' } },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual(entries.map(() => 'function'));
  }, 60_000);

  it('points the nested template-bucket stack at a template it wrote', () => {
    const nested = template.Resources.TemplateBucket?.Properties.TemplateURL as string;
    expect(existsSync(join(out, nested))).toBe(true);
  });

  it('the example input passes the installation input schema', async () => {
    const example: unknown = JSON.parse(await readFile(join(out, 'example-input.json'), 'utf8'));
    expect(rolloutInputSchema().safeParse(example).success).toBe(true);
  });

  const cfnLint = cfnLintVersion();
  if (!cfnLint) console.log('cfn-lint checks skipped: cfn-lint is not installed (pip install cfn-lint)');
  it.skipIf(!cfnLint)(
    'cfn-lint finds no error and no warning in any template it wrote',
    async () => {
      const templates = [
        'template.json',
        ...(await readdir(join(out, 'roles'))).filter((f) => f.endsWith('.yaml')).map((f) => `roles/${f}`),
      ];
      expect(templates.length).toBeGreaterThanOrEqual(6);
      // Informational findings (-c I, exit bit 8) are shown but do not fail; errors (2) and warnings (4) do.
      const run = spawnSync('cfn-lint', ['-c', 'I', '--', ...templates], { cwd: out, encoding: 'utf8' });
      if (run.stdout) console.log(`${cfnLint}:\n${run.stdout}`);
      expect(run.error).toBeUndefined();
      expect(run.status !== null && (run.status & 0b110) === 0, run.stdout + run.stderr).toBe(true);
    },
    120_000,
  );

  it('the bundles are where the package keeps them (shipped in its tarball)', () => {
    expect(existsSync(join(functionBundlesDir(), 'deployStack', 'index.mjs'))).toBe(true);
  });
});
