/**
 * The stable codes of builder misuse. Tools and tests match on these, never on message text.
 */
export const AslDslErrorCodes = [
  /** Two states share a name anywhere in the machine (AWS: DUPLICATE_STATE_NAME). */
  'DuplicateStateName',
  /** A state name is empty, longer than 80 characters or holds a forbidden character (AWS: INVALID_STATE_NAME). */
  'InvalidStateName',
  /** `Next`, `Default`, a Choice rule or a Catch names a state that does not exist in the same graph (AWS: MISSING_TRANSITION_TARGET). */
  'DanglingTransition',
  /** A state handle from another graph (branch, item processor or machine) is used as a transition target. */
  'ForeignStateReference',
  /** A state is declared but nothing leads to it (AWS rejects unreachable states). */
  'UnreachableState',
  /** A graph has no states. */
  'EmptyGraph',
  /** `StartAt` names a state that does not exist. */
  'InvalidStartAt',
  /** A Task, Pass, Wait, Parallel or Map state has neither `next` nor `end: true`, or has both. */
  'MissingTransition',
  /** `States.ALL` is not alone or not last in a Retry or Catch list. */
  'StatesAllNotLast',
  /** A Retry or Catch has an empty ErrorEquals list. */
  'EmptyErrorEquals',
  /** A JSONPath-only field (InputPath, Parameters, ResultSelector, ResultPath, OutputPath, ItemsPath, `*Path`) on a JSONata state. */
  'JsonPathFieldInJsonata',
  /** A JSONata-only field (Arguments, Output, Condition, Items) on a JSONPath state. */
  'JsonataFieldInJsonPath',
  /** A state sets QueryLanguage JSONPath inside a JSONata machine. */
  'ConflictingQueryLanguages',
  /** An intrinsic function is used in a JSONata state, or a JSONata expression in a JSONPath state. */
  'WrongQueryLanguageExpression',
  /** A reference is used where its root is not available (e.g. the task result inside Parameters). */
  'ReferenceOutOfScope',
  /** A raw JSONPath / JSONata / intrinsic string does not parse. */
  'InvalidExpression',
  /** A dynamic value (reference, intrinsic) inside a JSONPath array, where ASL cannot evaluate it. */
  'DynamicValueInArray',
  /** A resource ARN or placeholder is malformed. */
  'InvalidResource',
  /** A `${Name}` placeholder names a key the machine did not declare. */
  'UndeclaredSubstitution',
  /** A variable name is invalid, undeclared, or reserved. */
  'InvalidVariable',
  /** A numeric field is out of its allowed range (e.g. TimeoutSeconds < 1, BackoffRate < 1). */
  'InvalidFieldValue',
  /** Two fields that exclude each other are both set (e.g. Seconds and Timestamp). */
  'ConflictingFields',
  /** A required field is missing (e.g. a Wait without Seconds/Timestamp, a Choice without rules). */
  'MissingField',
  /** A Distributed-only field (ItemReader, ItemBatcher, ResultWriter, Label, ToleratedFailure*) on an inline Map. */
  'DistributedOnlyField',
  /** An intrinsic function call has the wrong number or kind of arguments. */
  'InvalidIntrinsicCall',
  /** An option the builder does not know for that state (a typo, or e.g. `next` on a Choice). */
  'UnknownOption',
  /** A state's `after` names a state that has no transition to it (or several states claim one without `next`). */
  'InvalidAfter',
  /**
   * A transition (Next, Default, a Choice rule, a Catch) carries data that lacks a field the target
   * state declares (`stateInput`, `after`) or reads, or has it with another type (from the zod schemas).
   */
  'IncompatibleStateInput',
  /** A Map processor or Parallel branch callback returned handles that are not exactly its terminal states. */
  'InvalidGraphResult',
  /** A `jsonata.number`-style tag claims a kind of value the JSONata expression does not give. */
  'JsonataKindMismatch',
  /** A Task handle is looked up by a name no Task state of the machine has (`machine.handle(name)`, `taskLookup`). */
  'UnknownTaskState',
] as const;

/** A stable code identifying one kind of builder misuse. */
export type AslDslErrorCode = (typeof AslDslErrorCodes)[number];

/** Where in the generated definition a builder error was found. */
export interface AslDslErrorLocation {
  /** The state the error belongs to, when there is one. */
  readonly stateName?: string;
  /** RFC 6901 JSON pointer into the definition, e.g. `/States/Deploy/Retry/0/ErrorEquals`. */
  readonly pointer?: string;
}

/**
 * Thrown at build time when the builder is misused. Carries a stable `code`, the state name and a JSON
 * pointer into the definition so a user can find the problem without reading the generated ASL.
 */
export class AslDslError extends Error {
  override readonly name = 'AslDslError';
  /** The stable error code. */
  readonly code: AslDslErrorCode;
  /** The state the error belongs to, when there is one. */
  readonly stateName: string | undefined;
  /** RFC 6901 JSON pointer into the definition. */
  readonly pointer: string | undefined;

  constructor(code: AslDslErrorCode, message: string, location: AslDslErrorLocation = {}) {
    const where = [
      location.stateName === undefined ? undefined : `state '${location.stateName}'`,
      location.pointer === undefined ? undefined : `at ${location.pointer}`,
    ]
      .filter((part) => part !== undefined)
      .join(' ');
    super(`${code}: ${message}${where === '' ? '' : ` (${where})`}`);
    this.code = code;
    this.stateName = location.stateName;
    this.pointer = location.pointer;
  }
}

/** Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerSegment(segment: string | number): string {
  if (typeof segment === 'number') return String(segment);
  // Most names need no escaping; skip the two replaceAll passes for them (pointers are built eagerly).
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Joins a base JSON pointer and further segments. */
export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let pointer = base;
  for (const segment of segments) pointer += `/${pointerSegment(segment)}`;
  return pointer;
}
