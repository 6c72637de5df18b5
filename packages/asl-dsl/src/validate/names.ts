/** AWS limit on state names. */
export const MAX_STATE_NAME_LENGTH = 80;
/** AWS limit on Map Run labels. */
export const MAX_LABEL_LENGTH = 40;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is banned.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Characters AWS bans in a Map `Label` besides whitespace and control characters. */
const LABEL_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;

/**
 * Why a state name is invalid, or undefined when it is fine. AWS's own examples use spaces and
 * punctuation in state names ("Wait X Seconds"), so only the length and control characters are banned.
 */
export function stateNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a state name cannot be empty';
  // UTF-16 length bounds the code-point count: only long names need counting.
  if (name.length > MAX_STATE_NAME_LENGTH && [...name].length > MAX_STATE_NAME_LENGTH) {
    return `state name is ${[...name].length} characters long; the limit is ${MAX_STATE_NAME_LENGTH}`;
  }
  if (CONTROL.test(name)) return 'a state name cannot contain control characters';
  return undefined;
}

/** Why a Map `Label` is invalid, or undefined when it is fine. */
export function labelProblem(label: string): string | undefined {
  if (label.length === 0) return 'a Label cannot be empty';
  if ([...label].length > MAX_LABEL_LENGTH) {
    return `Label is ${[...label].length} characters long; the limit is ${MAX_LABEL_LENGTH}`;
  }
  if (CONTROL.test(label)) return 'a Label cannot contain control characters';
  const bad = LABEL_FORBIDDEN.exec(label);
  if (bad) return `a Label cannot contain ${/\s/.test(bad[0]) ? 'whitespace' : `'${bad[0]}'`}`;
  return undefined;
}
