import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, validate } from '../../src/index.js';
import { validFixtures } from '../fixtures/corpus.js';

describe('validate properties', () => {
  it('never throws and always returns well-formed diagnostics, whatever the JSON', () => {
    const codes = new Set<string>(DIAGNOSTIC_CODES);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        for (const d of validate(value)) {
          expect(codes.has(d.code)).toBe(true);
          expect(d.location === '' || d.location.startsWith('/')).toBe(true);
          expect(d.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on valid definitions with one field replaced by arbitrary JSON', () => {
    const definitions = validFixtures.map(
      (f) => f.json as { States: Record<string, Record<string, unknown>> },
    );
    fc.assert(
      fc.property(
        fc.nat({ max: definitions.length - 1 }),
        fc.nat(),
        fc.nat(),
        fc.jsonValue({ maxDepth: 3 }),
        (which, stateIndex, fieldIndex, replacement) => {
          const definition = structuredClone(definitions[which]) as {
            States: Record<string, Record<string, unknown>>;
          };
          const names = Object.keys(definition.States);
          const state = definition.States[names[stateIndex % names.length] as string] as Record<
            string,
            unknown
          >;
          const fields = Object.keys(state);
          state[fields[fieldIndex % fields.length] as string] = replacement;
          expect(() => validate(definition)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});
