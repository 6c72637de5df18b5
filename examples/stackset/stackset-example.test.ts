import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// A relative import: the examples package does not depend on the workflow package.
import { parseRolloutInput, SUBSTITUTION_KEYS } from '../../packages/stackset-workflow/src/index.js';

const read = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

describe('examples/stackset', () => {
  it('the example inputs are valid StackSets-lite inputs', () => {
    const deploy = parseRolloutInput(JSON.parse(read('deploy-bucket.input.json')));
    expect(deploy.preferences.waves).toEqual([1, '10%', '100%']);
    // What the deploy role in target-account-roles.yaml allows with its default parameters.
    expect(deploy.stackName.startsWith('stackset-lite-')).toBe(true);
    expect(deploy.serviceRoleName).toBe('stackset-lite-cloudformation');
    expect(parseRolloutInput(JSON.parse(read('delete-bucket.input.json'))).operation).toBe('DELETE');
  });

  it('the macro example binds every placeholder of the definition', () => {
    const text = read('workflow-with-macro.yaml');
    for (const key of SUBSTITUTION_KEYS) expect(text).toContain(`        ${key}: `);
  });

  it('the pipeline starts the machine with the example input', () => {
    const text = read('pipeline.yaml');
    expect(text).toContain('Provider: StepFunctions');
    expect(text).toContain('Input: examples/stackset/deploy-bucket.input.json');
  });

  it('the pipeline deploys with the two commands the README gives a user', () => {
    const pipeline = read('pipeline.yaml');
    const readme = readFileSync(
      new URL('../../packages/stackset-workflow/README.md', import.meta.url),
      'utf8',
    );
    const build = 'stackset-lite build --out out/stackset-lite';
    const deploy = '--template-file out/stackset-lite/template.json';
    expect(readme).toContain(
      `npx ${build}\nsam deploy --guided ${deploy} --capabilities CAPABILITY_NAMED_IAM`,
    );
    expect(pipeline).toContain(`npx --yes --package=@stackset-lite/stackset-workflow@0.1 ${build}`);
    expect(pipeline).toContain(`sam deploy ${deploy}`);
    expect(pipeline).not.toContain('bundle');
  });
});
