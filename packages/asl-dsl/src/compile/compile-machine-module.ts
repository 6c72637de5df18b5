import type { StateMachineDefinition } from '../model/index.js';
import { CompileError } from './compile-error.js';
import { errorSummary, loadMachineModule, resolveModulePath } from './load-machine-module.js';
import { machineModel } from './machine-source.js';
import { parseModuleReference } from './module-reference.js';
import { selectMachineExport } from './select-machine-export.js';

/** A machine compiled from a user's module. */
export interface CompiledMachine {
  /** The module path as given. */
  readonly modulePath: string;
  /** The export the machine came from (`default` for the default export). */
  readonly exportName: string;
  /** The machine's ASL model. */
  readonly model: StateMachineDefinition;
  /** The directory the module path was relative to: other relative paths (`-o`) start there too. */
  readonly baseDir: string;
}

/**
 * Loads `path/to/module.ts[#export]`, picks the machine export and builds its model.
 * @throws CompileError with a one-line message naming the module and export.
 */
export async function compileMachineModule(reference: string, cwd?: string): Promise<CompiledMachine> {
  const { modulePath, exportName } = parseModuleReference(reference);
  const { absolute, baseDir } = resolveModulePath(modulePath, cwd);
  const namespace = await loadMachineModule(absolute, modulePath);
  const picked = selectMachineExport(namespace, modulePath, exportName);
  try {
    return { modulePath, exportName: picked.exportName, model: machineModel(picked.machine), baseDir };
  } catch (error) {
    throw new CompileError('BuildFailed', `${modulePath}#${picked.exportName}: ${errorSummary(error)}`, {
      cause: error,
    });
  }
}
