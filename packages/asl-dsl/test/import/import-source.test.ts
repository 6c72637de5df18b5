import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileMachineModule } from '../../src/compile/index.js';
import { fromAsl, type ImportedSource, importAsSource, toAsl } from '../../src/index.js';
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
  'sdk-credentials-http.asl.json': "Credentials with 'RoleArn.$' (a computed role) has no builder option",
};

// Generated modules import the package by name: write them inside the package so the name resolves.
const scratch = mkdtempSync(join(import.meta.dirname, '.import-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function compileSource(name: string, source: string): Promise<unknown> {
  const file = join(scratch, `${name}.mts`);
  writeFileSync(file, source);
  return toAsl((await compileMachineModule(file)).model);
}

describe('import: TypeScript source that compiles back to the same definition', () => {
  const results = new Map<string, ImportedSource>();

  it.each(validFixtures.map((f) => [f.name, f] as const))('%s', async (name, fixture) => {
    const imported = await importAsSource(fixture.json);
    results.set(name, imported);
    expect(imported.form).toBe(name in DEFINITION_FORM ? 'definition' : 'builder');
    if (imported.form === 'builder') {
      expect(imported.source).toContain("from '@stackset-lite/asl-dsl'");
      expect(imported.source).toContain('stateMachine(');
      expect(imported.source).not.toContain('StateMachineDefinition');
    }
    const rebuilt = await compileSource(name.replace('.asl.json', ''), imported.source);
    expect(rebuilt).toStrictEqual(toAsl(fromAsl(fixture.json)));
    expect(rebuilt).toStrictEqual(fixture.json);
  });

  it('uses the builder for most of the corpus', () => {
    expect(Object.keys(DEFINITION_FORM).length).toBeLessThan(validFixtures.length / 4);
  });
});
