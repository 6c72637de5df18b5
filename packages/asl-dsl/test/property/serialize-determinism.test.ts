import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalDefinition,
  fromAsl,
  type StateMachineDefinition,
  serializeDefinition,
  validate,
} from '../../src/index.js';
import { arbitraryMachine } from './arbitrary-machine.js';

/** A copy of a value whose objects have their keys inserted in a seeded random order. */
function shuffleKeys<T>(value: T, seed: number): T {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: a tiny deterministic generator, so a failure replays from fast-check's seed.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
    }
    const copy: Record<string, unknown> = {};
    for (const [k, child] of entries)
      Object.defineProperty(copy, k, {
        value: visit(child),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return copy;
  };
  return visit(value) as T;
}

const runs = { numRuns: 150 };
const dataRuns = { numRuns: 1000 };

describe('serializeDefinition on random valid machines', () => {
  it('is deterministic: the same model gives the same bytes, also after a deep copy', () => {
    fc.assert(
      fc.property(arbitraryMachine(), (machine) => {
        const first = serializeDefinition(machine);
        expect(serializeDefinition(machine)).toBe(first);
        expect(serializeDefinition(structuredClone(machine))).toBe(first);
      }),
      runs,
    );
  });

  it('does not depend on the order object keys were set in', () => {
    fc.assert(
      fc.property(arbitraryMachine(), fc.integer(), (machine, seed) => {
        expect(serializeDefinition(shuffleKeys(machine, seed))).toBe(serializeDefinition(machine));
        expect(serializeDefinition(shuffleKeys(machine, seed), { compact: true })).toBe(
          serializeDefinition(machine, { compact: true }),
        );
      }),
      runs,
    );
  });

  it('re-parses to the same model, and its canonical object serializes to the same text', () => {
    fc.assert(
      fc.property(arbitraryMachine(), (machine) => {
        const text = serializeDefinition(machine);
        const parsed = JSON.parse(text) as StateMachineDefinition;
        expect(parsed).toEqual(machine);
        expect(serializeDefinition(parsed)).toBe(text);
        expect(serializeDefinition(canonicalDefinition(machine))).toBe(text);
      }),
      runs,
    );
  });

  it('is idempotent on arbitrary JSON user data, including keys such as __proto__', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (data) => {
        const machine = {
          StartAt: 'P',
          States: { P: { Type: 'Pass', Result: data, End: true } },
        } as StateMachineDefinition;
        const text = serializeDefinition(machine, { compact: true });
        const parsed = JSON.parse(text) as StateMachineDefinition;
        expect(parsed).toEqual(JSON.parse(JSON.stringify(machine)));
        expect(serializeDefinition(parsed, { compact: true })).toBe(text);
        // JavaScript enumerates integer-like keys first, so compare the canonical object as data.
        // (fc.jsonValue may hold -0, which JSON writes as 0.)
        expect(JSON.parse(JSON.stringify(canonicalDefinition(machine)))).toEqual(parsed);
      }),
      dataRuns,
    );
  });
});

describe('the generator and the importer', () => {
  it('generates machines the validator accepts', () => {
    fc.assert(
      fc.property(arbitraryMachine(), (machine) => {
        const errors = validate(machine).filter((d) => d.severity === 'ERROR');
        expect(errors).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('re-imports the serialized JSON to the same model: fromAsl(JSON.parse(toAsl)) deep-equals it', () => {
    fc.assert(
      fc.property(arbitraryMachine(), (machine) => {
        const text = serializeDefinition(machine);
        expect(fromAsl(JSON.parse(text))).toEqual(machine);
        expect(fromAsl(text)).toEqual(machine);
        expect(serializeDefinition(fromAsl(text))).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});
