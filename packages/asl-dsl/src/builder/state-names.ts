import { AslDslError } from './errors.js';

/** AWS's limit on state (and Map Run label) names. */
export const MAX_STATE_NAME_LENGTH = 80;

// Whitespace, the characters AWS forbids in names, and control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is forbidden
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/**
 * Checks a state name: 1–80 characters, no whitespace, none of `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`,
 * no control characters. Throws `InvalidStateName`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-states.html
 */
export function checkStateName(name: string, pointer: string): void {
  const problem =
    name.length === 0
      ? 'it is empty'
      : name.length > MAX_STATE_NAME_LENGTH
        ? `it has ${name.length} characters (at most ${MAX_STATE_NAME_LENGTH})`
        : FORBIDDEN.test(name)
          ? `it contains '${FORBIDDEN.exec(name)?.[0] ?? ''}' (no whitespace, control characters or < > { } [ ] ? * " # % \\ ^ | ~ \` $ & , ; : /)`
          : undefined;
  if (problem !== undefined) {
    throw new AslDslError('InvalidStateName', `invalid state name '${name}': ${problem}`, {
      stateName: name,
      pointer,
    });
  }
}

// Variable names follow JSONata identifier rules and AWS's own: a letter or underscore first.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks a workflow variable name. Throws `InvalidVariable`. */
export function checkVariableName(name: string): void {
  if (!VARIABLE_NAME.test(name) || name.length > MAX_STATE_NAME_LENGTH) {
    throw new AslDslError(
      'InvalidVariable',
      `invalid variable name '${name}': use letters, digits and '_', starting with a letter or '_', at most 80 characters`,
    );
  }
  if (name === 'states') {
    throw new AslDslError('InvalidVariable', `'$states' is reserved by Step Functions`);
  }
}
