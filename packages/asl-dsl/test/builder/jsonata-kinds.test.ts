import { $, AslDslError, jsonata, stateMachine } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({
  stackName: z.string(),
  accounts: z.array(z.object({ id: z.string() })),
  limit: z.number(),
  tags: z.record(z.string(), z.string()),
});
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';

/** Runs `build` and returns the AslDslError it throws. */
function errorOf(build: () => unknown): AslDslError {
  try {
    build();
  } catch (error) {
    if (error instanceof AslDslError) return error;
    throw error;
  }
  throw new Error('expected an AslDslError, none was thrown');
}

const jsonataMachine = () => stateMachine({ input: Input, queryLanguage: 'JSONata' });

describe('a claimed JSONata kind is checked against the expression at build time', () => {
  it('rejects a claim the operator contradicts, naming the state, the field and both kinds', () => {
    const m = jsonataMachine();
    m.pass('Label', {
      output: ({ input }) => ({ n: jsonata.number`'stack ' & ${input.stackName}` }),
      end: true,
    });
    const error = errorOf(() => m.toModel());
    expect(error.code).toBe('JsonataKindMismatch');
    expect(error.stateName).toBe('Label');
    expect(error.pointer).toBe('/States/Label/Output/n');
    expect(error.message).toContain(
      `jsonata.number claims a number, but the JSONata expression ''stack ' & $states.input.stackName' gives a string`,
    );
  });

  it('accepts claims the expression confirms: built-in functions, comparisons, concatenation', () => {
    const m = jsonataMachine();
    m.pass('Computed', {
      output: ({ input }) => ({
        count: jsonata.number`$count(${input.accounts}) * 2`,
        many: jsonata.boolean`$count(${input.accounts}) > ${input.limit}`,
        label: jsonata.string`'stack ' & ${input.stackName}`,
        ids: jsonata.array`$split(${input.stackName}, '-')`,
        summary: jsonata.object`{ 'name': ${input.stackName} }`,
      }),
      end: true,
    });
    expect(m.toModel().States.Computed).toMatchObject({
      Output: {
        count: '{% $count($states.input.accounts) * 2 %}',
        many: '{% $count($states.input.accounts) > $states.input.limit %}',
      },
    });
  });

  it('trusts a claim the expression cannot confirm (a function it does not know, untyped data)', () => {
    const m = jsonataMachine();
    m.pass('Looked up', {
      output: ({ input }) => ({ n: jsonata.number`$lookup(${input.tags}, 'size')` }),
      end: true,
    });
    expect(() => m.toModel()).not.toThrow();
  });

  it('checks a claim against the schema of the data a path reaches', () => {
    const m = jsonataMachine();
    m.pass('Name', { output: ({ input }) => ({ n: jsonata.number`${input.stackName}` }), end: true });
    const error = errorOf(() => m.toModel());
    expect(error.code).toBe('JsonataKindMismatch');
    expect(error.pointer).toBe('/States/Name/Output/n');
    expect(error.message).toMatch(/claims a number, but .*'\$states\.input\.stackName' gives a string/);
  });

  it('checks claims in every field, nested expressions and machines without schemas', () => {
    const untyped = stateMachine({ queryLanguage: 'JSONata' });
    untyped.task('Call', { resource: LAMBDA, timeoutSeconds: jsonata.number`'60'`, end: true });
    expect(errorOf(() => untyped.toModel())).toMatchObject({
      code: 'JsonataKindMismatch',
      stateName: 'Call',
      pointer: '/States/Call/TimeoutSeconds',
    });
    const nested = jsonataMachine();
    nested.pass('Nested', {
      output: { n: jsonata`1 + ${jsonata.boolean`$string(1)`}` },
      end: true,
    });
    expect(errorOf(() => nested.toModel()).message).toMatch(
      /jsonata\.boolean claims a boolean, .* gives a string/,
    );
  });
});

describe('the kind a JSONata expression gives feeds the transition checks', () => {
  it('knows the fields an object constructor makes: a field the next state reads is missing', () => {
    const m = jsonataMachine();
    m.pass('Computed', { output: jsonata`{ 'n': 1 }`, next: 'Reads' });
    m.pass('Reads', { output: ({ input }) => ({ v: input.stackName }), end: true });
    const error = errorOf(() => m.toModel());
    expect(error.code).toBe('IncompatibleStateInput');
    expect(error.message).toMatch(
      /'Computed' \(Next\) → 'Reads': 'Reads' reads \$states\.input\.stackName .* field 'stackName' is not in the data/,
    );
  });

  it('types an Output field from a typed helper: a number where a string is declared', () => {
    const m = jsonataMachine();
    m.pass('Count', { output: ({ input }) => ({ count: $.count(input.accounts) }), next: 'Report' });
    m.pass('Report', { stateInput: z.object({ count: z.string() }), end: true });
    const error = errorOf(() => m.toModel());
    expect(error.code).toBe('IncompatibleStateInput');
    expect(error.message).toMatch(/field 'count' is a number, not a string/);
  });

  it('types a field from a claim the expression cannot confirm', () => {
    const m = jsonataMachine();
    m.pass('Size', {
      output: ({ input }) => ({ size: jsonata.number`$lookup(${input.tags}, 'size')` }),
      next: 'Report',
    });
    m.pass('Report', { stateInput: z.object({ size: z.string() }), end: true });
    expect(errorOf(() => m.toModel()).message).toMatch(/field 'size' is a number, not a string/);
  });

  it('passes what it cannot work out: a lambda, $merge, a path through untyped data', () => {
    const m = jsonataMachine();
    m.pass('Merged', { output: jsonata`$merge([$states.input, { 'n': 1 }])`, next: 'Reads' });
    m.pass('Reads', { output: ({ input }) => ({ v: input.stackName }), end: true });
    expect(() => m.toModel()).not.toThrow();
  });

  it('reads a path to a known field with that field’s schema', () => {
    const m = jsonataMachine();
    m.pass('Copy', { output: jsonata`{ 'limit': $states.input.limit }`, next: 'Report' });
    m.pass('Report', { stateInput: z.object({ limit: z.string() }), end: true });
    expect(errorOf(() => m.toModel()).message).toMatch(/field 'limit' is a number, not a string/);
  });
});

describe('typed JSONata helpers render to JSONata text', () => {
  it('renders functions, operators and constructors', () => {
    const m = stateMachine({
      input: Input,
      queryLanguage: 'JSONata',
      variables: { polls: z.number() },
    });
    m.pass('All', {
      output: ({ input }) => ({
        count: $.count(input.accounts),
        next: $.add(m.vars.polls, 1),
        label: $.concat('Stack ', input.stackName, ' done'),
        busy: $.and($.gt(input.limit, 1), $.exists(input.tags)),
        joined: $.join([input.stackName, 'x'], ','),
        pick: $.cond($.eq(input.stackName, 'a'), 1, input.limit),
        upper: $.uppercase($.substring(input.stackName, 0, 3)),
      }),
      end: true,
    });
    expect(m.toModel().States.All).toMatchObject({
      Output: {
        count: '{% $count($states.input.accounts) %}',
        next: '{% $polls + 1 %}',
        label: '{% "Stack " & $states.input.stackName & " done" %}',
        busy: '{% ($states.input.limit > 1) and ($exists($states.input.tags)) %}',
        joined: '{% $join([$states.input.stackName, "x"], ",") %}',
        pick: '{% ($states.input.stackName = "a") ? 1 : $states.input.limit %}',
        upper: '{% $uppercase(($substring($states.input.stackName, 0, 3))) %}',
      },
    });
  });
});
