import { AslDslError } from './errors.js';

/** AWS's limit on state (and Map Run label) names. */
export const MAX_STATE_NAME_LENGTH = 80;

// Characters AWS forbids in machine, execution and Map Run names (and so in labels).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is forbidden
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/**
 * Checks a state name: 1–80 characters, no control characters. Unlike machine names, AWS accepts
 * spaces and punctuation in state names (its own examples use "Wait 10 Seconds"; the deploy-time
 * INVALID_STATE_NAME check is about length). Throws `InvalidStateName`.
 * @see https://states-language.net/spec.html#states-fields
 */
export function checkStateName(name: string, at: { readonly pointer: string }): void {
  const problem =
    name.length === 0
      ? 'it is empty'
      : name.length > MAX_STATE_NAME_LENGTH
        ? `it has ${name.length} characters (at most ${MAX_STATE_NAME_LENGTH})`
        : hasControlCharacter(name)
          ? 'it contains a control character'
          : undefined;
  if (problem !== undefined) {
    throw new AslDslError('InvalidStateName', `invalid state name '${name}': ${problem}`, {
      stateName: name,
      pointer: at.pointer,
    });
  }
}

/**
 * Whether the name holds a C0/C1 control character (U+0000–U+001F, U+007F–U+009F). A code-unit loop:
 * this runs for every state of every build, and is several times faster than the equivalent regex.
 */
function hasControlCharacter(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
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

/** AWS's limit on a Distributed Map's `Label`. */
export const MAX_LABEL_LENGTH = 40;

/**
 * Checks a Map Run label: 1–40 characters, the state-name character rules, unique in the machine.
 * Throws `InvalidStateName` (AWS: INVALID_LABEL_NAME) or `DuplicateStateName` (AWS: DUPLICATE_LABEL_NAME).
 */
export function checkLabel(
  label: string,
  machine: { readonly seenNames: Map<string, { readonly pointer: string }> },
  stateName: string,
  pointer: string,
): void {
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH || FORBIDDEN.test(label)) {
    throw new AslDslError(
      'InvalidStateName',
      `invalid Map Run label '${label}': 1–${MAX_LABEL_LENGTH} characters, no whitespace or forbidden characters`,
      { stateName, pointer },
    );
  }
  // Labels share a namespace key prefix so they never collide with state names.
  const key = `label:${label}`;
  const earlier = machine.seenNames.get(key);
  if (earlier !== undefined) {
    throw new AslDslError(
      'DuplicateStateName',
      `Map Run label '${label}' is already used at ${earlier.pointer}`,
      {
        stateName,
        pointer,
      },
    );
  }
  machine.seenNames.set(key, { pointer });
}
