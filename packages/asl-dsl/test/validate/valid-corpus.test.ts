import { describe, expect, it } from 'vitest';
import { validate } from '../../src/index.js';
import { validFixtures } from '../fixtures/corpus.js';

describe('no false positives: the valid corpus validates without errors', () => {
  it('has a broad corpus', () => {
    expect(validFixtures.length).toBeGreaterThanOrEqual(25);
  });

  it.each(validFixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const errors = validate(fixture.json).filter((d) => d.severity === 'ERROR');
    expect(errors).toEqual([]);
  });

  it('validates JSON text the same as the parsed object', () => {
    for (const fixture of validFixtures) {
      expect(validate(fixture.text), fixture.name).toEqual(validate(fixture.json));
    }
  });
});
