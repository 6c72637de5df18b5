import { type Condition, cond, type PathProxy, stateMachine } from '@stackset-lite/asl-dsl';
import jsonataCompiler from 'jsonata';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({
  name: z.string(),
  n: z.number(),
  max: z.number(),
  ok: z.boolean(),
  at: z.string(),
  missing: z.string().optional(),
});
type In = PathProxy<z.infer<typeof Input>>;

/** The JSONata Condition a `cond` condition translates to in a JSONata Choice state. */
function jsonataCondition(build: (input: In) => Condition): string {
  const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
  m.choice('C', { choices: ({ input }) => [{ when: build(input), next: 'Done' }] });
  m.succeed('Done');
  const state = m.toModel().States.C;
  const condition = state?.Type === 'Choice' ? state.Choices[0]?.Condition : undefined;
  if (typeof condition !== 'string') throw new Error('no Condition rendered');
  return condition;
}

/** Evaluates a rendered `{% %}` condition against a state input, as Step Functions would. */
async function evaluate(condition: string, input: unknown): Promise<unknown> {
  const body = condition.slice(2, -2);
  return jsonataCompiler(body).evaluate({}, { states: { input } });
}

const data = { name: 'log-2026', n: 5, max: 7, ok: true, at: '2026-11-21T10:00:00Z' };

describe('cond in JSONata states', () => {
  it.each<[string, (i: In) => Condition, boolean]>([
    ['StringEquals', (i) => cond.stringEquals(i.name, 'log-2026'), true],
    ['StringEquals on a number is false', (i) => cond.stringEquals(i.n as never, '5'), false],
    ['StringLessThan', (i) => cond.stringLessThan(i.name, 'm'), true],
    ['StringMatches wildcard', (i) => cond.stringMatches(i.name, 'log-*'), true],
    ['StringMatches escaped star', (i) => cond.stringMatches(i.name, 'log-\\*'), false],
    ['NumericEquals', (i) => cond.numericEquals(i.n, 5), true],
    ['NumericLessThanPath', (i) => cond.numericLessThan(i.n, i.max), true],
    ['NumericGreaterThanEquals', (i) => cond.numericGreaterThanEquals(i.n, 6), false],
    ['BooleanEquals', (i) => cond.booleanEquals(i.ok, true), true],
    ['TimestampGreaterThan', (i) => cond.timestampGreaterThan(i.at, '2026-01-01T00:00:00Z'), true],
    ['IsPresent false', (i) => cond.isPresent(i.missing, false), true],
    ['IsNull', (i) => cond.isNull(i.name), false],
    ['IsNumeric', (i) => cond.isNumeric(i.n), true],
    ['IsString', (i) => cond.isString(i.n), false],
    ['IsBoolean', (i) => cond.isBoolean(i.ok), true],
    ['IsTimestamp', (i) => cond.isTimestamp(i.at), true],
    [
      'And/Or/Not',
      (i) =>
        cond.and(
          cond.or(cond.isNull(i.name), cond.numericEquals(i.n, 5)),
          cond.not(cond.booleanEquals(i.ok, false)),
        ),
      true,
    ],
  ])('%s', async (_name, build, expected) => {
    const condition = jsonataCondition(build);
    expect(condition).toMatch(/^\{% .* %\}$/);
    expect(await evaluate(condition, data)).toBe(expected);
  });

  it('renders readable expressions', () => {
    expect(jsonataCondition((i) => cond.numericLessThan(i.n, i.max))).toBe(
      '{% ($type($states.input.n) = "number" and $states.input.n < $states.input.max) %}',
    );
  });
});
