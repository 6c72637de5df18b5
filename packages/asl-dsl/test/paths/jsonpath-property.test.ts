import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReferencePath, type JsonPathSelector, parseIntrinsic, parseJsonPath } from '../../src/index.js';

const name = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/),
  fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes("'") && !s.includes('\\')),
);
const selector: fc.Arbitrary<JsonPathSelector> = fc.oneof(
  name.map((n) => ({ kind: 'name' as const, name: n })),
  fc.integer({ min: -5, max: 50 }).map((index) => ({ kind: 'index' as const, index })),
  fc.constant({ kind: 'wildcard' as const }),
);

/** Writes a selector the way a person would: dot notation when it can, brackets otherwise. */
function write(s: JsonPathSelector): string {
  if (s.kind === 'name') return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s.name) ? `.${s.name}` : `['${s.name}']`;
  if (s.kind === 'index') return `[${s.index}]`;
  return '[*]';
}

describe('JSONPath parser properties', () => {
  it('parses what it is given back into the same selectors', () => {
    fc.assert(
      fc.property(fc.array(selector, { maxLength: 6 }), (selectors) => {
        const path = `$${selectors.map(write).join('')}`;
        const ast = parseJsonPath(path);
        expect(ast.segments.map((s) => s.selector)).toEqual(selectors);
        expect(isReferencePath(path)).toBe(selectors.every((s) => s.kind !== 'wildcard'));
      }),
    );
  });

  it('either parses or throws a syntax error, never anything else, on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        for (const candidate of [`$${text}`, `States.Format(${text})`]) {
          try {
            if (candidate.startsWith('$')) parseJsonPath(candidate);
            else parseIntrinsic(candidate);
          } catch (error) {
            expect((error as Error).name).toMatch(/^(JsonPath|Intrinsic)SyntaxError$/);
          }
        }
      }),
    );
  });
});
