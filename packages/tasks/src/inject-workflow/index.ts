/**
 * The injectWorkflow CloudFormation macro.
 * @module
 */
export { type AslCheck, type AslDiagnostic, aslDslCheck } from './asl-check.js';
export { injectDefinition, STATE_MACHINE_TYPE, substitutionPlaceholders } from './inject-definition.js';
export { type InjectWorkflowDependencies, injectWorkflow, MAX_DEFINITION_BYTES } from './inject-workflow.js';
export { formatS3Uri, parseS3Uri, type S3Location } from './s3-uri.js';
export { type MacroEvent, MacroEventSchema, type MacroResponse, MacroResponseSchema } from './schemas.js';
