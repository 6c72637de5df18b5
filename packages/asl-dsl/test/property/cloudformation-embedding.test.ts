import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AslDslError } from '../../src/builder/errors.js';
import {
  definitionPlaceholders,
  type State,
  type StateMachineDefinition,
  serializeDefinition,
  toCloudFormationResource,
} from '../../src/index.js';
import { arbitraryMachine } from './arbitrary-machine.js';

/** Replaces the Resource of some Task states (at any depth) with `${Fn<n>}` placeholders. */
function withPlaceholders(
  machine: StateMachineDefinition,
  pick: readonly boolean[],
): {
  machine: StateMachineDefinition;
  keys: string[];
} {
  const copy = structuredClone(machine);
  const keys: string[] = [];
  let index = 0;
  const visit = (states: Record<string, State>) => {
    for (const state of Object.values(states)) {
      if (state.Type === 'Task' && pick[index++ % Math.max(1, pick.length)]) {
        const key = `Fn${keys.length}`;
        state.Resource = `\${${key}}`;
        keys.push(key);
      }
      if (state.Type === 'Parallel') for (const branch of state.Branches) visit(branch.States);
      if (state.Type === 'Map' && state.ItemProcessor) visit(state.ItemProcessor.States);
    }
  };
  visit(copy.States);
  return { machine: copy, keys };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AslDslError) return error.code;
    throw error;
  }
  return undefined;
}

describe('CloudFormation embedding of random machines', () => {
  it('finds exactly the placeholders used and accepts exactly those substitution keys', () => {
    fc.assert(
      fc.property(
        arbitraryMachine(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        (base, pick) => {
          const { machine, keys } = withPlaceholders(base, pick);
          expect(
            definitionPlaceholders(machine)
              .map((use) => use.key)
              .sort(),
          ).toEqual([...keys].sort());
          const substitutions = Object.fromEntries(keys.map((key) => [key, { 'Fn::GetAtt': [key, 'Arn'] }]));
          const resource = toCloudFormationResource(machine, {
            roleArn: 'arn:aws:iam::123456789012:role/sfn',
            definitionSubstitutions: substitutions,
            asString: true,
          });
          expect(resource.Properties.DefinitionString).toBe(serializeDefinition(machine, { compact: true }));
          expect(
            codeOf(() =>
              toCloudFormationResource(machine, {
                roleArn: 'r',
                definitionSubstitutions: { ...substitutions, Unused: 'x' },
              }),
            ),
          ).toBe('InvalidFieldValue');
          if (keys.length > 0) {
            const { [keys[0] as string]: _dropped, ...missingOne } = substitutions;
            expect(
              codeOf(() =>
                toCloudFormationResource(machine, { roleArn: 'r', definitionSubstitutions: missingOne }),
              ),
            ).toBe('UndeclaredSubstitution');
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
