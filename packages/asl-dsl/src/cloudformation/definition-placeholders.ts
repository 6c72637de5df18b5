import type { StateMachineDefinition } from '../model/index.js';
import { stateOrder } from '../serialize/index.js';

/** Where a `${Name}` placeholder is first used. */
export interface PlaceholderUse {
  /** The placeholder's key, `Name` in `${Name}`. */
  readonly key: string;
  /** RFC 6901 pointer into the definition, e.g. `/States/Deploy/Resource`. */
  readonly pointer: string;
  /** The top-level state it is in, when it is inside one. */
  readonly stateName?: string;
}

// The same syntax the Step Functions service substitutes and the builder declares.
const PLACEHOLDER = /\$\{([^}]*)\}/g;

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function segment(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * The `${Name}` DefinitionSubstitutions placeholders in a definition, each with the location of its
 * first use, in document order. Step Functions substitutes in the whole definition text, so keys of
 * objects are searched as well as string values.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html#cfn-stepfunctions-statemachine-definitionsubstitutions
 */
export function definitionPlaceholders(model: StateMachineDefinition): PlaceholderUse[] {
  const uses = new Map<string, PlaceholderUse>();
  const record = (text: string, pointer: string, stateName: string | undefined) => {
    if (!text.includes('${')) return;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const key = match[1] ?? '';
      if (!uses.has(key))
        uses.set(key, stateName === undefined ? { key, pointer } : { key, pointer, stateName });
    }
  };
  const visit = (value: unknown, pointer: string, stateName: string | undefined): void => {
    if (typeof value === 'string') {
      record(value, pointer, stateName);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, `${pointer}/${index}`, stateName);
      });
      return;
    }
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      // A graph (machine, branch, item processor): errors name the innermost state.
      if (key === 'States' && typeof object.StartAt === 'string' && isObject(object.States)) {
        const states = object.States as Record<string, unknown>;
        for (const name of stateOrder(object.StartAt, states)) {
          const statePointer = `${pointer}/States/${segment(name)}`;
          record(name, statePointer, name);
          visit(states[name], statePointer, name);
        }
        continue;
      }
      const childPointer = `${pointer}/${segment(key)}`;
      record(key, childPointer, stateName);
      visit(object[key], childPointer, stateName);
    }
  };
  visit(model, '', undefined);
  return [...uses.values()];
}
