import { describe, expect, it } from 'vitest';
import { isReferencePath, JsonPathSyntaxError, parseJsonPath } from '../../src/index.js';

describe('parseJsonPath', () => {
  it('parses roots: input, context and variables', () => {
    expect(parseJsonPath('$').root).toEqual({ kind: 'input' });
    expect(parseJsonPath('$$.Execution.Id').root).toEqual({ kind: 'context' });
    expect(parseJsonPath('$deployResult.status').root).toEqual({ kind: 'variable', name: 'deployResult' });
    expect(parseJsonPath('$$.Execution.Id').segments.map((s) => s.selector)).toEqual([
      { kind: 'name', name: 'Execution' },
      { kind: 'name', name: 'Id' },
    ]);
  });

  // LocalStack scenarios/test_base_scenarios.snapshot.json, test_escape_sequence_parsing
  // [ESCAPE_SEQUENCES_JSONPATH] (recorded on AWS 02-02-2025): $['Test\""Name"'] reads the key Test\""Name".
  it('in a quoted name, a backslash escapes only its own quote and a backslash', () => {
    const name = (path: string) => parseJsonPath(path).segments.map((s) => s.selector);
    expect(name(`$['Test\\""Name"']`)).toEqual([{ kind: 'name', name: 'Test\\""Name"' }]);
    expect(name("$['it\\'s']")).toEqual([{ kind: 'name', name: "it's" }]);
    expect(name('$["say \\"hi\\""]')).toEqual([{ kind: 'name', name: 'say "hi"' }]);
    expect(name("$['a\\\\b']")).toEqual([{ kind: 'name', name: 'a\\b' }]);
    expect(name("$['a\\nb']")).toEqual([{ kind: 'name', name: 'a\\nb' }]);
  });

  it('parses dot and bracket members, indices, wildcards, slices and unions', () => {
    const ast = parseJsonPath("$.a['b c'][0][-1][*].*[1:3][::2]['x','y'][0,2].detail-type");
    expect(ast.segments.map((s) => s.selector)).toEqual([
      { kind: 'name', name: 'a' },
      { kind: 'name', name: 'b c' },
      { kind: 'index', index: 0 },
      { kind: 'index', index: -1 },
      { kind: 'wildcard' },
      { kind: 'wildcard' },
      { kind: 'slice', start: 1, end: 3 },
      { kind: 'slice', step: 2 },
      {
        kind: 'union',
        members: [
          { kind: 'name', name: 'x' },
          { kind: 'name', name: 'y' },
        ],
      },
      {
        kind: 'union',
        members: [
          { kind: 'index', index: 0 },
          { kind: 'index', index: 2 },
        ],
      },
      { kind: 'name', name: 'detail-type' },
    ]);
  });

  it('accepts the dot-then-bracket form from the AWS docs', () => {
    expect(parseJsonPath("$.abc.['def ghi']").segments[1]?.selector).toEqual({
      kind: 'name',
      name: 'def ghi',
    });
  });

  it('parses deep scans', () => {
    expect(parseJsonPath('$..id').segments).toEqual([
      { scope: 'descendant', selector: { kind: 'name', name: 'id' } },
    ]);
    expect(parseJsonPath('$..[0]').segments[0]).toEqual({
      scope: 'descendant',
      selector: { kind: 'index', index: 0 },
    });
  });

  it('parses filters with comparisons, && || !, existence, regex and in', () => {
    const ast = parseJsonPath('$.jar[?(@.a >= 5 && (@.b || !@.c) && @.name =~ /^x.*/i)].id');
    const filter = ast.segments[1]?.selector;
    expect(filter?.kind).toBe('filter');
    if (filter?.kind !== 'filter') return;
    expect(filter.expression).toEqual({
      kind: 'and',
      left: {
        kind: 'and',
        left: {
          kind: 'comparison',
          operator: '>=',
          left: {
            kind: 'path',
            relativeTo: 'current',
            segments: [{ scope: 'child', selector: { kind: 'name', name: 'a' } }],
          },
          right: { kind: 'literal', value: 5 },
        },
        right: {
          kind: 'or',
          left: {
            kind: 'exists',
            path: {
              kind: 'path',
              relativeTo: 'current',
              segments: [{ scope: 'child', selector: { kind: 'name', name: 'b' } }],
            },
          },
          right: {
            kind: 'not',
            operand: {
              kind: 'exists',
              path: {
                kind: 'path',
                relativeTo: 'current',
                segments: [{ scope: 'child', selector: { kind: 'name', name: 'c' } }],
              },
            },
          },
        },
      },
      right: {
        kind: 'comparison',
        operator: '=~',
        left: {
          kind: 'path',
          relativeTo: 'current',
          segments: [{ scope: 'child', selector: { kind: 'name', name: 'name' } }],
        },
        right: { kind: 'regex', pattern: '^x.*', flags: 'i' },
      },
    });
    const inFilter = parseJsonPath("$.a[?(@.s in ['A', 'B'] && @.n != null && @.x == $.y)]").segments[1]
      ?.selector;
    expect(JSON.stringify(inFilter)).toContain('"operator":"in"');
    expect(JSON.stringify(inFilter)).toContain('"value":["A","B"]');
    expect(JSON.stringify(inFilter)).toContain('"relativeTo":"root"');
  });

  it('parses Jayway functions such as length() (AWS accepts them in the definition)', () => {
    expect(parseJsonPath('$.items.length()').segments[1]?.selector).toEqual({
      kind: 'function',
      name: 'length',
    });
  });

  it.each([
    ['', 0, "must start with '$'"],
    ['a.b', 0, "must start with '$'"],
    ['$.', 2, 'member name'],
    ['$.a[', 3, "unclosed '['"],
    ['$.a[0', 3, "unclosed '['"],
    ["$.a['b]", 4, 'unterminated string'],
    ['$.a b', 3, "unexpected ' '"],
    ['$.a[?(@.x ==)]', 12, "unexpected ')'"],
    ['$.a[1::0]', 8, 'step cannot be 0'],
    ['$.a]', 3, "unexpected ']'"],
  ])('rejects %j at character %i', (path, offset, reason) => {
    let error: unknown;
    try {
      parseJsonPath(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonPathSyntaxError);
    const syntax = error as JsonPathSyntaxError;
    expect(syntax.offset).toBe(offset);
    expect(syntax.message).toContain(reason);
  });
});

describe('isReferencePath', () => {
  it.each(['$', '$.a', "$.a['b c'][0].d", '$$.Map.Item.Value', '$myVar.x[2]'])('accepts %s', (path) => {
    expect(isReferencePath(path)).toBe(true);
  });
  it.each(['$.a[*]', '$..a', '$.a[1:2]', "$.a['x','y']", '$.a[?(@.b)]', '$.a.length()', 'nope', '$.'])(
    'rejects %s',
    (path) => {
      expect(isReferencePath(path)).toBe(false);
    },
  );
});
