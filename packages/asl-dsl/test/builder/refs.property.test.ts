import { castRef, jsonata, type PathProxy, parseJsonPath, stateMachine } from '@stackset-lite/asl-dsl';
import fc from 'fast-check';
import jsonataCompiler from 'jsonata';
import { describe, expect, it } from 'vitest';

// Field names as users' data has them: identifiers, but also spaces, dashes, dots, quotes, brackets.
const fieldName = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
  fc
    .string({ minLength: 1, maxLength: 8 })
    .filter((name) => !/^(0|[1-9]\d*)$/.test(name) && !name.includes('`')),
);
const segment = fc.oneof(fieldName, fc.nat({ max: 3 }));
const path = fc.array(segment, { minLength: 1, maxLength: 5 });

/** Walks a proxy along the segments, as user code `input.a[0].b` would. */
function follow(root: PathProxy<unknown>, segments: readonly (string | number)[]): PathProxy<unknown> {
  let node: PathProxy<unknown> = root;
  for (const step of segments) node = (node as unknown as Record<string | number, PathProxy<unknown>>)[step]!;
  return node;
}

/** A JSON value with `leaf` at the end of the segments. */
function nest(segments: readonly (string | number)[], leaf: unknown): unknown {
  return segments.reduceRight<unknown>((inner, step) => {
    if (typeof step === 'number') {
      const array: unknown[] = Array.from({ length: step + 1 }, () => null);
      array[step] = inner;
      return array;
    }
    return { [step]: inner };
  }, leaf);
}

/** Renders a reference in a Pass state's Parameters (JSONPath) or Output (JSONata). */
function rendered(segments: readonly (string | number)[], language: 'JSONPath' | 'JSONata'): string {
  const m = stateMachine();
  if (language === 'JSONPath') {
    m.pass('P', { parameters: ({ input }) => ({ v: castRef<string>(follow(input, segments)) }), end: true });
  } else {
    m.pass('P', {
      queryLanguage: 'JSONata',
      output: ({ input }) => ({ v: jsonata`${follow(input, segments)}` }),
      end: true,
    });
  }
  const state = m.toModel().States.P as { Parameters?: { 'v.$': string }; Output?: { v: string } };
  return language === 'JSONPath' ? (state.Parameters?.['v.$'] ?? '') : (state.Output?.v ?? '');
}

describe('typed references (property-based)', () => {
  it('render JSONPath that parses back to the same names and indexes', () => {
    fc.assert(
      fc.property(path, (segments) => {
        const ast = parseJsonPath(rendered(segments, 'JSONPath'));
        expect(ast.root.kind).toBe('input');
        expect(
          ast.segments.map((s) =>
            s.selector.kind === 'index'
              ? s.selector.index
              : s.selector.kind === 'name'
                ? s.selector.name
                : '?',
          ),
        ).toEqual(segments);
      }),
      { numRuns: 200 },
    );
  });

  it('render JSONata that selects the same value from $states.input', async () => {
    await fc.assert(
      fc.asyncProperty(path, fc.integer(), async (segments, leaf) => {
        const expression = rendered(segments, 'JSONata');
        expect(expression).toMatch(/^\{% \$states\.input.* %\}$/);
        const value = await jsonataCompiler(expression.slice(3, -3)).evaluate(
          {},
          { states: { input: nest(segments, leaf) } },
        );
        expect(value).toBe(leaf);
      }),
      { numRuns: 200 },
    );
  });
});
