import { describe, expect, it } from 'vitest';
import { CompileError, type CompileErrorCode, compileMachineModule } from '../../src/compile/index.js';

const root = new URL('../../../../', import.meta.url).pathname;
const fixtures = 'packages/asl-dsl/test/compile/fixtures';

async function failure(reference: string): Promise<{ code: CompileErrorCode; message: string }> {
  try {
    await compileMachineModule(reference, root);
  } catch (error) {
    if (error instanceof CompileError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${reference} compiled`);
}

describe('compileMachineModule', () => {
  it('picks the default export when there is no #export', async () => {
    const compiled = await compileMachineModule(`${fixtures}/default-machine.ts`, root);
    expect(compiled.exportName).toBe('default');
    expect(compiled.model.StartAt).toBe('Default');
    expect(compiled.baseDir).toBe(root);
  });

  it('picks the only machine export of a JavaScript module', async () => {
    const compiled = await compileMachineModule(`${fixtures}/one-machine.js`, root);
    expect(compiled.exportName).toBe('only');
  });

  it('builds a builder-like export with toModel', async () => {
    const compiled = await compileMachineModule(`${fixtures}/two-machines.ts#built`, root);
    expect(compiled.model).toEqual({
      Comment: 'built',
      StartAt: 'Done',
      States: { Done: { Type: 'Succeed' } },
    });
  });

  it('names the missing export and the machine exports', async () => {
    expect(await failure(`${fixtures}/two-machines.ts#deploy`)).toEqual({
      code: 'ExportNotFound',
      message: `${fixtures}/two-machines.ts has no export "deploy" (machine exports: built, plain)`,
    });
    expect((await failure(`${fixtures}/two-machines.ts#notAMachine`)).code).toBe('ExportNotFound');
  });

  it('lists all exports of a module without machines', async () => {
    const { code, message } = await failure(`${fixtures}/no-machine.ts`);
    expect(code).toBe('NoMachineExport');
    expect(message).toContain('exports no state machine (exports: answer, greet)');
  });

  it('reports a missing file with the path it looked at', async () => {
    const { code, message } = await failure('machines/does-not-exist.ts');
    expect(code).toBe('ModuleNotFound');
    expect(message).toBe(
      `machines/does-not-exist.ts: no such file (looked at ${root}machines/does-not-exist.ts)`,
    );
  });

  it('reports the first line of an error thrown while the module loads', async () => {
    const { code, message } = await failure(`${fixtures}/throws-on-load.ts`);
    expect(code).toBe('ModuleLoadFailed');
    expect(message).toBe(
      `${fixtures}/throws-on-load.ts: failed to load: cannot reach the configuration service`,
    );
  });

  it('reports a builder error from toModel with its code, state and pointer', async () => {
    const { code, message } = await failure(`${fixtures}/failing-build.ts`);
    expect(code).toBe('BuildFailed');
    expect(message).toBe(
      `${fixtures}/failing-build.ts#broken: DanglingTransition: Next names 'Nowhere', which does not exist`,
    );
  });
});
