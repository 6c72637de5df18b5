import { describe, expect, it } from 'vitest';
import { validate } from '../../src/index.js';
import { MAX_JSON_DEPTH } from '../../src/validate/nesting-depth.js';

/** `count` Parallel states, each the only branch of the next: four JSON levels per Parallel. */
function nestedParallels(count: number): string {
  let graph = '{"StartAt":"L","States":{"L":{"Type":"Succeed"}}}';
  for (let i = 0; i < count; i++) {
    graph = `{"StartAt":"P${i}","States":{"P${i}":{"Type":"Parallel","Branches":[${graph}],"End":true}}}`;
  }
  return graph;
}

/** A Choice rule of `count` nested Not: one JSON level each. */
function nestedNots(count: number): string {
  const rule = `${'{"Not":'.repeat(count)}{"Variable":"$.a","IsPresent":true}${'}'.repeat(count)}`;
  return `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[${rule.slice(0, -1)},"Next":"S"}],"Default":"S"},"S":{"Type":"Succeed"}}}`;
}

describe('hostile nesting', () => {
  it(`validates up to ${MAX_JSON_DEPTH} levels of JSON, as text and as objects`, () => {
    for (const text of [nestedParallels(249), nestedNots(995)]) {
      expect(validate(text)).toEqual([]);
      expect(validate(JSON.parse(text))).toEqual([]);
    }
  });

  it('refuses deeper input with TOO_DEEPLY_NESTED where it happens, never a stack overflow', () => {
    for (const text of [
      nestedParallels(250),
      nestedParallels(50_000),
      nestedNots(996),
      nestedNots(200_000),
    ]) {
      for (const input of [text, JSON.parse(text), new TextEncoder().encode(text)]) {
        const found = validate(input);
        expect(found).toHaveLength(1);
        expect(found[0]?.code).toBe('TOO_DEEPLY_NESTED');
        expect(found[0]?.message).toContain(`more than ${MAX_JSON_DEPTH} levels`);
        expect(found[0]?.location).toMatch(/^\/States\/(P\d+\/Branches\/0\/States\/|C\/Choices\/0\/Not\/)/);
      }
    }
  });
});
