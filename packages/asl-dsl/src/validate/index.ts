/**
 * The ASL validator.
 * @module
 */
export {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  type DiagnosticSeverity,
  isValidResult,
} from './diagnostic.js';
export { MAX_DEFINITION_BYTES, validate } from './validate.js';
