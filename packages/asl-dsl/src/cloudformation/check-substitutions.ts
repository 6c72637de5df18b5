import { AslDslError } from '../builder/errors.js';
import type { StateMachineDefinition } from '../model/index.js';
import { definitionPlaceholders } from './definition-placeholders.js';

/**
 * Checks `DefinitionSubstitutions` against the `${Name}` placeholders of a definition: every
 * placeholder needs a key (else the deployed machine would hold a literal `${Name}`) and every key
 * must be used (an unused key is almost always a typo of a used one).
 * @param propertyPointer where the substitutions sit in the resource, for error messages.
 * @throws AslDslError `UndeclaredSubstitution` naming the placeholder, its state and JSON pointer;
 * `InvalidFieldValue` naming an unused key.
 */
export function checkDefinitionSubstitutions(
  model: StateMachineDefinition,
  substitutions: Readonly<Record<string, unknown>>,
  propertyPointer = '/Properties/DefinitionSubstitutions',
): void {
  const uses = definitionPlaceholders(model);
  const keys = Object.keys(substitutions).sort();
  for (const use of uses) {
    if (!Object.hasOwn(substitutions, use.key)) {
      throw new AslDslError(
        'UndeclaredSubstitution',
        `placeholder '\${${use.key}}' has no DefinitionSubstitutions key '${use.key}' (keys given: ${keys.join(', ') || 'none'})`,
        use.stateName === undefined
          ? { pointer: use.pointer }
          : { stateName: use.stateName, pointer: use.pointer },
      );
    }
  }
  const used = new Set(uses.map((use) => use.key));
  for (const key of keys) {
    if (!used.has(key)) {
      const placeholders = [...used].sort().join(', ') || 'none';
      throw new AslDslError(
        'InvalidFieldValue',
        `DefinitionSubstitutions key '${key}' is not used by any \${${key}} placeholder in the definition (placeholders: ${placeholders})`,
        { pointer: `${propertyPointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}` },
      );
    }
  }
}
