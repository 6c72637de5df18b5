import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileMachineModule } from '../../src/compile/index.js';
import { fromAsl, importAsSource, NotExpressibleError, toAsl, toBuilderSource } from '../../src/index.js';
import { validFixtures } from '../fixtures/corpus.js';

/**
 * Fixtures the builder cannot express, so `import` writes a typed definition instead, and why.
 * Everything else must come out as fluent builder calls.
 */
const DEFINITION_FORM: Record<string, string> = {
  'activity-and-fail-paths.asl.json':
    'CausePath holds an intrinsic function; the builder takes only references',
  'map-legacy-iterator.asl.json': 'the legacy Iterator/Parameters Map form has no builder option',
  'parallel-branches.asl.json': 'a Comment on a Parallel branch has no builder option',
  'parameters-any-json.asl.json':
    'an array as Parameters has no builder option (the builder renders objects)',
  'sdk-credentials-http.asl.json': "Credentials with 'RoleArn.$' (a computed role) has no builder option",
};

// Generated modules import the package by name: write them inside the package so the name resolves.
const scratch = mkdtempSync(join(import.meta.dirname, '.import-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What `asl-dsl compile` makes of a source: the module is loaded and built the same way. */
async function compileSource(name: string, source: string): Promise<unknown> {
  const file = join(scratch, `${name}.mts`);
  writeFileSync(file, source);
  return toAsl((await compileMachineModule(file)).model);
}

const builderForm = validFixtures.filter((f) => !(f.name in DEFINITION_FORM));
const definitionForm = validFixtures.filter((f) => f.name in DEFINITION_FORM);

describe('import: TypeScript source that compiles back to the same definition', () => {
  it.each(builderForm.map((f) => [f.name, f] as const))('builder source for %s', async (name, fixture) => {
    const source = toBuilderSource(fromAsl(fixture.json));
    expect(source).toContain("from '@stackset-lite/asl-dsl'");
    expect(source).toContain('stateMachine(');
    expect(await compileSource(name.replace('.asl.json', ''), source)).toStrictEqual(fixture.json);
  });

  it.each(definitionForm.map((f) => [f.name, f] as const))(
    'typed definition for %s',
    async (name, fixture) => {
      expect(() => toBuilderSource(fromAsl(fixture.json))).toThrowError(NotExpressibleError);
      const imported = await importAsSource(fixture.json);
      expect(imported.form).toBe('definition');
      expect(imported.reason).toMatch(/^the builder cannot express /);
      expect(imported.source).toContain('const definition: StateMachineDefinition = ');
      expect(await compileSource(name.replace('.asl.json', ''), imported.source)).toStrictEqual(fixture.json);
    },
  );

  it('importAsSource checks the builder source by rebuilding it before returning it', async () => {
    const fixture = validFixtures.find((f) => f.name === 'jsonata-machine.asl.json');
    const imported = await importAsSource(fixture?.json);
    expect(imported).toEqual({ source: toBuilderSource(fromAsl(fixture?.json)), form: 'builder' });
  });

  it('uses the builder for most of the corpus', () => {
    expect(definitionForm.length).toBeLessThan(validFixtures.length / 4);
    expect(toAsl(fromAsl(builderForm[0]?.json))).toStrictEqual(builderForm[0]?.json);
  });
});
