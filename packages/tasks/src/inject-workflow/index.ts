/**
 * The injectWorkflow CloudFormation macro.
 * @module
 */
export { type AslCheck, type AslDiagnostic, aslDslCheck } from './asl-check.js';
export { injectDefinition, STATE_MACHINE_TYPE, substitutionPlaceholders } from './inject-definition.js';
export {
  type InjectWorkflowDependencies,
  injectWorkflow,
  MAX_DEFINITION_BYTES,
  MAX_DEFINITION_DEPTH,
  nestingDepth,
} from './inject-workflow.js';
export { type MacroEvent, MacroEventSchema, type MacroResponse, MacroResponseSchema } from './schemas.js';
