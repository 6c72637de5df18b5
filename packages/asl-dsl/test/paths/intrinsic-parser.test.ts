import { describe, expect, it } from 'vitest';
import {
  checkIntrinsicCall,
  INTRINSIC_FUNCTIONS,
  IntrinsicSyntaxError,
  parseFormatTemplate,
  parseIntrinsic,
} from '../../src/index.js';

describe('parseIntrinsic', () => {
  it('parses literals, paths and nested calls', () => {
    const call = parseIntrinsic("States.Format('x {} {}', $.a, States.UUID(), 12, -1.5, true, null)");
    expect(call.name).toBe('States.Format');
    expect(call.arguments.map((a) => a.kind)).toEqual([
      'string',
      'path',
      'call',
      'number',
      'number',
      'boolean',
      'null',
    ]);
    expect(call.arguments[3]).toEqual({ kind: 'number', value: 12 });
    expect(call.arguments[4]).toEqual({ kind: 'number', value: -1.5 });
    const path = call.arguments[1];
    expect(path?.kind === 'path' && path.path.source).toBe('$.a');
  });

  it('resolves AWS escapes and keeps the raw text for Format', () => {
    const call = parseIntrinsic("States.Format('it\\'s \\{not\\} {} \\\\ end', $.x)");
    expect(call.arguments[0]).toEqual({
      kind: 'string',
      value: "it's {not} {} \\ end",
      raw: "it\\'s \\{not\\} {} \\\\ end",
    });
    const raw = call.arguments[0]?.kind === 'string' ? call.arguments[0].raw : '';
    expect(parseFormatTemplate(raw)).toEqual([
      { kind: 'text', text: "it's {not} " },
      { kind: 'placeholder' },
      { kind: 'text', text: ' \\ end' },
    ]);
  });

  it('keeps commas and parentheses inside path filters in the path', () => {
    const call = parseIntrinsic("States.Array($.a[?(@.x == 'p, q')], $$.Execution.Id, $myVar)");
    expect(call.arguments).toHaveLength(3);
    const first = call.arguments[0];
    expect(first?.kind === 'path' && first.path.source).toBe("$.a[?(@.x == 'p, q')]");
    const third = call.arguments[2];
    expect(third?.kind === 'path' && third.path.root).toEqual({ kind: 'variable', name: 'myVar' });
  });

  it('parses the nine-deep nesting example from the AWS docs, and counts its placeholders', () => {
    // https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html: the example's
    // template has three {} for two values, which the same page says must match ("There must be as
    // many remaining arguments in the Invocation as there are occurrences of {}").
    const nested =
      "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1)";
    expect(checkIntrinsicCall(parseIntrinsic(`States.Format('{}.{}.{}', ${nested})`))).toEqual([
      {
        kind: 'signature',
        offset: 0,
        message: 'States.Format template has 3 {} placeholders but 2 values follow it',
      },
    ]);
    expect(checkIntrinsicCall(parseIntrinsic(`States.Format('{}.{}', ${nested})`))).toEqual([]);
  });

  it.each([
    ['States.Format(', 'the expression ended'],
    ["States.Format('x'", "missing ')'"],
    ["States.Format('x) ", 'unterminated string'],
    ['States.Format("x")', 'single quotes'],
    ['States.UUID() extra', 'unexpected text'],
    ['$.a', 'function name'],
    ['States.Array($.a b)', "unexpected ' '"],
  ])('rejects %j', (text, reason) => {
    expect(() => parseIntrinsic(text)).toThrowError(IntrinsicSyntaxError);
    expect(() => parseIntrinsic(text)).toThrowError(reason);
  });
});

describe('checkIntrinsicCall', () => {
  it('has all 18 functions', () => {
    expect([...INTRINSIC_FUNCTIONS.keys()]).toHaveLength(18);
  });

  it.each([
    ['States.Nope($.a)', 'unknown intrinsic function States.Nope'],
    ['States.UUID($.a)', 'States.UUID takes 0 arguments, got 1'],
    ['States.MathRandom(1)', 'States.MathRandom takes 2 to 3 arguments, got 1'],
    ['States.Format()', 'States.Format takes at least 1 argument'],
    ['States.ArrayRange(1, 2.5, 1)', 'argument 2 of States.ArrayRange must be an integer, got number'],
    ["States.MathAdd('1', 2)", 'argument 1 of States.MathAdd must be a number, got string'],
    ["States.Hash($.a, 'SHA-999')", 'States.Hash algorithm must be one of'],
  ])('reports %s', (text, message) => {
    const problems = checkIntrinsicCall(parseIntrinsic(text));
    expect(problems.map((p) => p.message).join('\n')).toContain(message);
  });

  it('accepts correct calls, including paths of unknown kind', () => {
    for (const text of [
      'States.MathRandom($.start, $.end)',
      'States.MathRandom(1, 999, 1234)',
      "States.Hash($.a, 'SHA-256')",
      'States.JsonMerge($.a, $.b, false)',
      'States.Array()',
      "States.StringSplit($.csv, ',')",
    ]) {
      expect(checkIntrinsicCall(parseIntrinsic(text)), text).toEqual([]);
    }
  });

  it('reports more than 10 nested calls', () => {
    let text = '$.a';
    for (let i = 0; i < 11; i++) text = `States.JsonToString(${text})`;
    expect(checkIntrinsicCall(parseIntrinsic(text)).map((p) => p.message)).toEqual([
      'more than 10 nested intrinsic functions',
    ]);
  });
});
