import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { compileMachineModule } from '../compile/compile-machine-module.js';
import { NotExpressibleError, toBuilderSource, toDefinitionSource } from './dsl-source.js';
import { fromAsl, toAsl } from './from-asl.js';

/** What `asl-dsl import` prints: the source, and which form it took. */
export interface ImportedSource {
  readonly source: string;
  /** `builder`: fluent DSL calls; `definition`: a typed definition literal (the builder could not express it). */
  readonly form: 'builder' | 'definition';
  /** Why the builder form was not used. */
  readonly reason?: string;
}

/**
 * Turns an ASL definition into TypeScript source for `asl-dsl compile`. The builder form is checked
 * before it is returned: it is compiled from a temporary file and must reproduce the definition
 * exactly; otherwise the typed-definition form is returned, with the reason. Either way,
 * `asl-dsl compile` of the source gives back the input.
 * @throws {AslImportError} when the input is not ASL.
 */
export async function importAsSource(input: unknown): Promise<ImportedSource> {
  const model = fromAsl(input);
  const expected = toAsl(model);
  let source: string;
  try {
    source = toBuilderSource(model);
  } catch (error) {
    if (!(error instanceof NotExpressibleError)) throw error;
    const reason = `the builder cannot express ${error.message}`;
    return { source: toDefinitionSource(model, reason), form: 'definition', reason };
  }
  const rebuilt = await rebuild(source);
  if (rebuilt.ok && isDeepStrictEqual(rebuilt.json, expected)) return { source, form: 'builder' };
  const reason = rebuilt.ok
    ? 'the builder rebuilds it with differences'
    : `the builder rejects it (${rebuilt.message})`;
  return { source: toDefinitionSource(model, reason), form: 'definition', reason };
}

type Rebuilt = { ok: true; json: unknown } | { ok: false; message: string };

/** Runs generated source from a temporary file, importing this very copy of the package. */
async function rebuild(source: string): Promise<Rebuilt> {
  const self = new URL('../index.js', import.meta.url).href;
  const zod = import.meta.resolve('zod');
  const runnable = source
    .replace("from '@stackset-lite/asl-dsl'", `from '${self}'`)
    .replace("from 'zod'", `from '${zod}'`);
  const dir = mkdtempSync(join(tmpdir(), 'asl-dsl-import-'));
  try {
    // .mts: an ES module wherever the temporary directory is (no package.json "type" there).
    const file = join(dir, 'machine.mts');
    writeFileSync(file, runnable);
    const compiled = await compileMachineModule(file);
    return { ok: true, json: toAsl(compiled.model) };
  } catch (error) {
    return { ok: false, message: (error as Error).message.split('\n')[0] ?? 'error' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
