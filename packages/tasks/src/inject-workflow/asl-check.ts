import { validate } from '@stackset-lite/asl-dsl';

/** One problem found in a state machine definition, located by JSON pointer. */
export interface AslDiagnostic {
  /** JSON pointer into the definition, e.g. `/States/Deploy/Next`. */
  readonly path: string;
  readonly message: string;
  readonly code?: string;
}

/** Checks a parsed definition and returns its errors (warnings are not returned). */
export type AslCheck = (definition: unknown) => readonly AslDiagnostic[];

/**
 * The asl-dsl validator's errors (warnings dropped: AWS deploys such definitions). CloudFormation
 * `${Name}` DefinitionSubstitutions placeholders are plain strings to it, so they pass.
 */
export const aslDslCheck: AslCheck = (definition) =>
  validate(definition)
    .filter((d) => d.severity === 'ERROR')
    .map((d) => ({ path: d.location || '/', message: d.message, code: d.code }));
