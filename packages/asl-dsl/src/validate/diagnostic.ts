/**
 * Diagnostic codes. The first group mirrors AWS `ValidateStateMachineDefinition`; the second is ours.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
 */
export const DIAGNOSTIC_CODES = [
  // AWS errors
  'INVALID_JSON_DESCRIPTION',
  'MISSING_DESCRIPTION',
  'SCHEMA_VALIDATION_FAILED',
  'INVALID_RESOURCE',
  'MISSING_END_STATE',
  'DUPLICATE_STATE_NAME',
  'INVALID_STATE_NAME',
  'MISSING_TRANSITION_TARGET',
  'TOO_DEEPLY_NESTED',
  'DUPLICATE_LABEL_NAME',
  'INVALID_LABEL_NAME',
  // AWS warnings
  'NO_DOLLAR',
  'NO_PATH',
  'PASS_RESULT_IS_STATIC',
  // ours
  'UNREACHABLE_STATE',
  'INVALID_JSONPATH',
  'INVALID_JSONATA',
  'INVALID_INTRINSIC',
  'QUERY_LANGUAGE_MIXING',
  'VARIABLE_READ_BEFORE_ASSIGN',
  'STATES_ALL_NOT_LAST',
  'UNCATCHABLE_ERROR',
  'DEFINITION_TOO_LARGE',
  'CHOICE_WITHOUT_DEFAULT',
  'LOOP_WITHOUT_WAIT',
  'LOOP_WITHOUT_EXIT',
] as const;

/** One of {@link DIAGNOSTIC_CODES}. */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** ERROR: AWS would reject the definition (or it cannot work). WARNING: it deploys but looks wrong. */
export type DiagnosticSeverity = 'ERROR' | 'WARNING';

/** One finding of {@link validate}. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  /** A JSON pointer into the definition, e.g. `/States/Deploy/Retry/0`. */
  readonly location: string;
}

/** True when no diagnostic is an error (warnings allowed). */
export function isValidResult(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.every((d) => d.severity !== 'ERROR');
}
