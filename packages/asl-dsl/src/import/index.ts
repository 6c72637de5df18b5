/**
 * Importing ASL: JSON into the model, and the model into DSL source code.
 * @module
 */
export { AslImportError } from './asl-import-error.js';
export { NotExpressibleError, toBuilderSource, toDefinitionSource } from './dsl-source.js';
export { fromAsl, toAsl } from './from-asl.js';
export { type ImportedSource, importAsSource } from './import-source.js';
