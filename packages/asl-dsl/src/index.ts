/**
 * @stackset-lite/asl-dsl — a typed DSL for Amazon States Language.
 * @module
 */

export * from './builder/index.js';
export * from './cloudformation/index.js';
export {
  isBuilderMachine,
  isDefinitionModel,
  type MachineSource,
  machineModel,
} from './compile/machine-source.js';
export * from './import/index.js';
export * from './model/index.js';
export * from './paths/index.js';
export * from './render/index.js';
export * from './schema/index.js';
export * from './serialize/index.js';
export * from './validate/index.js';
