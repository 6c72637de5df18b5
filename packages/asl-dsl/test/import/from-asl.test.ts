import { describe, expect, it } from 'vitest';
import { AslImportError, fromAsl, serializeDefinition, toAsl } from '../../src/index.js';
import { invalidFixtures, validFixtures } from '../fixtures/corpus.js';

describe('fromAsl / toAsl round trip', () => {
  const corpus = [...validFixtures, ...invalidFixtures].filter(
    (f) => f.json !== undefined && !f.name.startsWith('schema-validation-failed'),
  );

  it.each(corpus.map((f) => [f.name, f] as const))(
    'toAsl(fromAsl(x)) deep-equals x: %s',
    (_name, fixture) => {
      expect(toAsl(fromAsl(fixture.json))).toStrictEqual(fixture.json);
      expect(JSON.parse(serializeDefinition(fromAsl(fixture.text)))).toStrictEqual(fixture.json);
    },
  );

  it('does not alias the input', () => {
    const input = { StartAt: 'A', States: { A: { Type: 'Pass', Result: { n: 1 }, End: true } } };
    const model = fromAsl(input);
    expect(model).toEqual(input);
    expect(model.States).not.toBe(input.States);
  });
});

describe('fromAsl keeps every key of user data', () => {
  it('keeps a "__proto__" key inside Result and Parameters (JSON.parse makes it an own property)', () => {
    const text =
      '{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"__proto__":{"x":1}},"Result":{"__proto__":null,"a":[]},"End":true}}}';
    const model = fromAsl(text);
    const state = model.States.A as { Result: object; Parameters: object };
    expect(Object.hasOwn(state.Result, '__proto__')).toBe(true);
    expect(Object.hasOwn(state.Parameters, '__proto__')).toBe(true);
    expect(JSON.parse(serializeDefinition(model))).toStrictEqual(JSON.parse(text));
  });
});

describe('fromAsl errors', () => {
  it.each([
    ['{"StartAt": ', 'not valid JSON', ''],
    ['[1, 2]', 'not an ASL definition: /: definition must be an object, got array', ''],
    [
      '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Bogus":1}}}',
      "not an ASL definition: /States/A/Bogus: field 'Bogus' is not supported here",
      '/States/A/Bogus',
    ],
    ['{"StartAt":"A"}', "not an ASL definition: /States: field 'States' is required", '/States'],
  ])('%s', (text, message, location) => {
    let error: unknown;
    try {
      fromAsl(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AslImportError);
    expect((error as AslImportError).message).toContain(message);
    expect((error as AslImportError).location).toBe(location);
  });
});
