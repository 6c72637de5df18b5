import type { JsonValue, StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

/*
 * Behaviour matched to executions recorded on real AWS. "LocalStack <file>" names a snapshot file
 * under localstack/localstack tests/aws/services/stepfunctions/v2/ (AWS responses recorded by
 * LocalStack's test suite, each with its recording date); the test and case are given with it.
 */

const pass = (parameters: Record<string, JsonValue>): StateMachineDefinition => ({
  StartAt: 'P',
  States: { P: { Type: 'Pass', Parameters: parameters, End: true } },
});

async function intrinsic(expr: string, input: JsonValue): Promise<JsonValue | undefined> {
  const r = await startExecution({ definition: pass({ 'FunctionResult.$': expr }), input });
  expect(r.error, r.cause).toBeUndefined();
  return (r.output as { FunctionResult: JsonValue }).FunctionResult;
}

describe('intrinsic functions as AWS recorded them', () => {
  // LocalStack intrinsic_functions/test_math_operations.snapshot.json, test_math_add (13-09-2023).
  it.each([
    [-9, 3, -6],
    [1.49, 1.5, 3],
    [1.5, 1.51, 4],
    [-1.49, -1.5, -2],
    [-1.5, -1.51, -3],
    [1.49, -1.49, 0],
    [0.5, 0, 1],
    [2.5, 0, 3],
    [-0.5, 0.5, 1],
    [-0.5, 0, 0],
    [-2.5, 0, -2],
  ])('States.MathAdd(%s, %s) = %s (each operand rounded half up)', async (fst, snd, sum) => {
    expect(await intrinsic('States.MathAdd($.fst, $.snd)', { fst, snd })).toBe(sum);
  });

  // Same file, test_math_random (13-02-2023): decimal bounds are accepted.
  it('States.MathRandom(12.5, 44.51) is accepted', async () => {
    const n = await intrinsic('States.MathRandom($.fst, $.snd)', { fst: 12.5, snd: 44.51 });
    expect(Number.isInteger(n)).toBe(true);
    expect(n).toBeGreaterThanOrEqual(13);
    expect(n).toBeLessThan(45);
  });

  // LocalStack intrinsic_functions/test_generic.snapshot.json, test_format_2 (09-02-2023) and
  // test_context_json_path (26-11-2023: `{Id=arn:..., Name=...}` for $$.StateMachine).
  it('States.Format renders objects and arrays as {Arg1=1, Arg2=[]}', async () => {
    const obj = { Arg1: 1, Arg2: [] };
    expect(
      await intrinsic("States.Format('Formatting arguments fst={} and snd={}.', $.fst, $.snd)", {
        fst: obj,
        snd: obj,
      }),
    ).toBe('Formatting arguments fst={Arg1=1, Arg2=[]} and snd={Arg1=1, Arg2=[]}.');
    expect(await intrinsic("States.Format('{} {} {}', $.a, $.b, $.c)", { a: null, b: 1.1, c: 'x' })).toBe(
      'null 1.1 x',
    );
  });

  // LocalStack intrinsic_functions/test_json_manipulation.snapshot.json, test_string_to_json (09-02-2023).
  it.each([
    ['', null],
    [' ', null],
    ['null', null],
    ['-0', 0],
    ['1.1', 1.1],
    ['"HelloWorld"', 'HelloWorld'],
    ['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
  ])('States.StringToJson(%j) = %j', async (text, value) => {
    expect(await intrinsic('States.StringToJson($.s)', { s: text })).toEqual(value);
  });
});
