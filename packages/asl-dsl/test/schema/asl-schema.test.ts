import { describe, expect, it } from 'vitest';
import { aslSchema, validate } from '../../src/index.js';
import { checkStructure } from '../../src/validate/structure-check.js';
import { invalidFixtures, validFixtures } from '../fixtures/corpus.js';

const parsable = [...validFixtures, ...invalidFixtures].filter((f) => f.json !== undefined);

describe('aslSchema', () => {
  it.each(validFixtures.map((f) => [f.name, f] as const))('parses valid fixture %s', (_name, fixture) => {
    const result = aslSchema.safeParse(fixture.json);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('rejects unknown fields, unknown state types and wrong value types, with paths', () => {
    const result = aslSchema.safeParse({
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:f', Bogus: 1, End: true },
        B: { Type: 'Nope' },
        C: { Type: 'Wait', Seconds: 1, Next: 7 },
      },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('/')).sort();
    expect(paths).toEqual(['States/A', 'States/B/Type', 'States/C/Next']);
  });

  it('types JSONata fields: expressions are accepted where numbers go', () => {
    const result = aslSchema.safeParse({
      QueryLanguage: 'JSONata',
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: '{% $states.input.delay %}', End: true } },
    });
    expect(result.success).toBe(true);
  });
});

describe("the validator's compiled structure check agrees with aslSchema", () => {
  it.each(parsable.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    expect(checkStructure(fixture.json).length === 0).toBe(aslSchema.safeParse(fixture.json).success);
  });

  it('agrees on hand-made structural mistakes', () => {
    const cases: unknown[] = [
      { StartAt: 'A' },
      { StartAt: 1, States: {} },
      { StartAt: 'A', States: { A: { Type: 'Pass', End: 'yes' } } },
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Map', ItemProcessor: { StartAt: 'B', States: { B: { Type: 'X' } } }, End: true },
        },
      },
      {
        StartAt: 'A',
        States: { A: { Type: 'Choice', Choices: [{ Not: { Variable: '$.a', Foo: 1 }, Next: 'A' }] } },
      },
      {
        StartAt: 'A',
        States: { A: { Type: 'Task', Resource: 'r', Retry: [{ ErrorEquals: 'x' }], End: true } },
      },
      { StartAt: 'A', States: { A: { Type: 'Pass', ResultPath: null, InputPath: 3, End: true } } },
      {
        StartAt: 'A',
        States: {
          A: {
            Type: 'Map',
            ItemProcessor: { ProcessorConfig: { Mode: 'FAST' }, StartAt: 'B', States: {} },
            End: true,
          },
        },
      },
      [],
      'text',
    ];
    for (const value of cases) {
      expect(checkStructure(value).length === 0, JSON.stringify(value)).toBe(
        aslSchema.safeParse(value).success,
      );
    }
    expect(validate({ StartAt: 'A' }).map((d) => `${d.code} ${d.location}`)).toEqual([
      'SCHEMA_VALIDATION_FAILED /States',
    ]);
  });
});
