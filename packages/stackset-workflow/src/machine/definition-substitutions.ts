import type { SubstitutionKeys } from '@stackset-lite/asl-dsl';
import type { StacksetStateMachine } from './stackset-machine.js';
import { type SETTING_PLACEHOLDERS, TASK_FUNCTIONS, type TaskFunctionName } from './task-functions.js';

/** The DefinitionSubstitutions keys the machine's builder declares (`stateMachine({ substitutions })`). */
export type StacksetSubstitutionKey = SubstitutionKeys<StacksetStateMachine>;

/** A value for each DefinitionSubstitutions key of the machine. */
export type StacksetSubstitutions<V> = Readonly<Record<StacksetSubstitutionKey, V>>;

/** The installation settings' keys (the substitutions besides the function ARNs). */
export type SettingKey = (typeof SETTING_PLACEHOLDERS)[keyof typeof SETTING_PLACEHOLDERS];

/**
 * `T` when its keys are exactly the DefinitionSubstitutions keys builder machine `M` declares, else
 * `never`: assigning values to it fails to compile on a missing key or one `M` does not declare.
 */
export type ExactSubstitutions<T, M> = [keyof T] extends [SubstitutionKeys<M>]
  ? [SubstitutionKeys<M>] extends [keyof T]
    ? T
    : never
  : never;

/**
 * Values for the machine's DefinitionSubstitutions: the installation settings given and each task
 * function's ARN, for exactly the keys the machine declares. A setting left out or misspelt, or a key
 * the machine does not (or no longer) declare, is a compile error; `toSamResource` and
 * `substituteDefinition` check the definition's placeholders again at build and run time, for
 * JavaScript callers.
 */
export function stacksetSubstitutions<V>(
  settings: Readonly<Record<SettingKey, V>>,
  functionArn: (name: TaskFunctionName) => V,
): StacksetSubstitutions<V> {
  const arns = Object.fromEntries(
    (Object.keys(TASK_FUNCTIONS) as TaskFunctionName[]).map((name) => [
      TASK_FUNCTIONS[name],
      functionArn(name),
    ]),
  ) as Record<(typeof TASK_FUNCTIONS)[TaskFunctionName], V>;
  const values = { ...settings, ...arns };
  const exact: ExactSubstitutions<typeof values, StacksetStateMachine> = values;
  return exact;
}
