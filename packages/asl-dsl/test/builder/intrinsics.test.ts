import { jsonata, type PathProxy, States, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({
  name: z.string(),
  tags: z.array(z.string()),
  count: z.number(),
  json: z.string(),
  a: z.object({ x: z.number() }),
  b: z.object({ y: z.number() }),
});

type In = PathProxy<z.infer<typeof Input>>;

/** Renders one Parameters field built from the input proxy. */
function render(build: (input: In) => unknown) {
  const m = stateMachine({ input: Input });
  m.pass('P', { parameters: ({ input }) => ({ v: build(input) as never }), end: true });
  const state = m.toModel().States.P;
  const parameters = state?.Type === 'Pass' ? state.Parameters : undefined;
  return parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters)
    ? parameters['v.$']
    : undefined;
}

describe('intrinsic functions', () => {
  const cases: [string, (i: In) => unknown, string][] = [
    ['Format', (i) => States.Format('a {} b', i.name), "States.Format('a {} b', $.name)"],
    ['StringToJson', (i) => States.StringToJson(i.json), 'States.StringToJson($.json)'],
    ['JsonToString', (i) => States.JsonToString(i.a), 'States.JsonToString($.a)'],
    ['Array', (i) => States.Array(i.name, 'x', 1, true, null), "States.Array($.name, 'x', 1, true, null)"],
    ['ArrayPartition', (i) => States.ArrayPartition(i.tags, 2), 'States.ArrayPartition($.tags, 2)'],
    ['ArrayContains', (i) => States.ArrayContains(i.tags, 'prod'), "States.ArrayContains($.tags, 'prod')"],
    ['ArrayRange', () => States.ArrayRange(1, 9, 2), 'States.ArrayRange(1, 9, 2)'],
    ['ArrayGetItem', (i) => States.ArrayGetItem(i.tags, i.count), 'States.ArrayGetItem($.tags, $.count)'],
    ['ArrayLength', (i) => States.ArrayLength(i.tags), 'States.ArrayLength($.tags)'],
    ['ArrayUnique', (i) => States.ArrayUnique(i.tags), 'States.ArrayUnique($.tags)'],
    ['Base64Encode', (i) => States.Base64Encode(i.name), 'States.Base64Encode($.name)'],
    ['Base64Decode', (i) => States.Base64Decode(i.name), 'States.Base64Decode($.name)'],
    ['Hash', (i) => States.Hash(i.name, 'SHA-256'), "States.Hash($.name, 'SHA-256')"],
    ['JsonMerge', (i) => States.JsonMerge(i.a, i.b, false), 'States.JsonMerge($.a, $.b, false)'],
    ['MathRandom', () => States.MathRandom(1, 100, 7), 'States.MathRandom(1, 100, 7)'],
    ['MathAdd', (i) => States.MathAdd(i.count, -1), 'States.MathAdd($.count, -1)'],
    ['StringSplit', (i) => States.StringSplit(i.name, ','), "States.StringSplit($.name, ',')"],
    ['UUID', () => States.UUID(), 'States.UUID()'],
  ];
  it.each(cases)('%s', (_name, build, expected) => {
    expect(render(build)).toBe(expected);
  });

  it('nests calls and escapes quotes, braces and backslashes in string literals', () => {
    expect(render((i) => States.Format("it's {} {\\}", States.ArrayLength(i.tags)))).toBe(
      "States.Format('it\\'s {} \\{\\\\\\}', States.ArrayLength($.tags))",
    );
  });

  it('are rejected in JSONata states, where JSONata functions take their place', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    m.pass('P', { output: ({ input }) => ({ n: jsonata.number`$count(${input.tags})` }), end: true });
    expect(m.toModel().States.P).toEqual({
      Type: 'Pass',
      Output: { n: '{% $count($states.input.tags) %}' },
      End: true,
    });
  });
});
