import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/compile/compile-error.js';
import { machineModel } from '../../src/compile/machine-source.js';
import { parseModuleReference } from '../../src/compile/module-reference.js';
import { selectMachineExport } from '../../src/compile/select-machine-export.js';
import type { StateMachineDefinition } from '../../src/index.js';

const model: StateMachineDefinition = { StartAt: 'A', States: { A: { Type: 'Succeed' } } };
const builder = { toModel: () => model };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof CompileError ? error.code : `not a CompileError: ${String(error)}`;
  }
  return undefined;
}

describe('parseModuleReference', () => {
  it('splits the export name at the last #', () => {
    expect(parseModuleReference('m.ts')).toEqual({ modulePath: 'm.ts' });
    expect(parseModuleReference('dir/m.ts#deploy')).toEqual({ modulePath: 'dir/m.ts', exportName: 'deploy' });
    expect(parseModuleReference('a#b/m.ts#x')).toEqual({ modulePath: 'a#b/m.ts', exportName: 'x' });
    expect(parseModuleReference('m.ts#')).toEqual({ modulePath: 'm.ts' });
  });

  it('rejects an empty path', () => {
    expect(codeOf(() => parseModuleReference(''))).toBe('InvalidModuleReference');
    expect(codeOf(() => parseModuleReference('#x'))).toBe('InvalidModuleReference');
  });
});

describe('selectMachineExport', () => {
  it('prefers the named export, then the default, then the only machine', () => {
    expect(selectMachineExport({ a: model, b: builder }, 'm.ts', 'b')).toEqual({
      exportName: 'b',
      machine: builder,
    });
    expect(selectMachineExport({ default: builder, a: model }, 'm.ts').exportName).toBe('default');
    expect(selectMachineExport({ x: 1, only: model }, 'm.ts').exportName).toBe('only');
  });

  it('fails with a stable code when the choice is missing or ambiguous', () => {
    expect(codeOf(() => selectMachineExport({ a: model, b: builder }, 'm.ts'))).toBe('AmbiguousExport');
    expect(codeOf(() => selectMachineExport({ a: model }, 'm.ts', 'z'))).toBe('ExportNotFound');
    expect(codeOf(() => selectMachineExport({ a: model, n: 3 }, 'm.ts', 'n'))).toBe('ExportNotFound');
    expect(codeOf(() => selectMachineExport({ n: 3, s: { StartAt: 'A' } }, 'm.ts'))).toBe('NoMachineExport');
  });
});

describe('machineModel', () => {
  it('returns a plain model as is and calls toModel on a builder', () => {
    expect(machineModel(model)).toBe(model);
    expect(machineModel(builder)).toBe(model);
  });

  it('rejects a toModel that returns something else', () => {
    const bad = { toModel: () => ({ States: {} }) as unknown as StateMachineDefinition };
    expect(() => machineModel(bad)).toThrow(/StartAt and States/);
  });
});
