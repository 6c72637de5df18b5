/**
 * Compiling a user's TypeScript/JavaScript module that exports a state machine.
 * @module
 */

export { CompileError, type CompileErrorCode } from './compile-error.js';
export { type CompiledMachine, compileMachineModule } from './compile-machine-module.js';
export { loadMachineModule, type ResolvedModulePath, resolveModulePath } from './load-machine-module.js';
export {
  isBuilderMachine,
  isDefinitionModel,
  isMachineSource,
  type MachineSource,
  machineModel,
} from './machine-source.js';
export { type ModuleReference, parseModuleReference } from './module-reference.js';
export { type MachineExport, selectMachineExport } from './select-machine-export.js';
