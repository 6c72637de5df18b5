import type { JsonValue, StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { InMemoryObjectStore, startExecution } from '@stackset-lite/asl-local';
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
  // LocalStack intrinsic_functions/test_math_operations.snapshot.json, test_math_add (13-09-2023): all 21
  // recorded executions.
  it.each([
    [-9, 3, -6],
    [1.49, 1.5, 3],
    [1.5, 1.51, 4],
    [-1.49, -1.5, -2],
    [-1.5, -1.51, -3],
    [1.49, 0, 1],
    [1.49, -1.49, 0],
    [1.5, 0, 2],
    [1.51, 0, 2],
    [-1.49, 0, -1],
    [-1.5, 0, -1],
    [-1.51, 0, -2],
    [0.5, 0, 1],
    [1.5, 0, 2],
    [2.5, 0, 3],
    [3.5, 0, 4],
    [-0.5, 0.5, 1],
    [-0.5, 0, 0],
    [-1.5, 0, -1],
    [-2.5, 0, -2],
    [-3.5, 0, -3],
  ])('States.MathAdd(%s, %s) = %s (each operand rounded half up)', async (fst, snd, sum) => {
    expect(await intrinsic('States.MathAdd($.fst, $.snd)', { fst, snd })).toBe(sum);
  });

  // Same file, test_math_random (13-02-2023): decimal bounds are accepted; the recording masks the number
  // ("RandomNumberGenerated"), so only acceptance and an integer in range are asserted.
  it.each([
    [12.5, 44.51],
    [9999, 99999],
    [-99999, -9999],
  ])('States.MathRandom(%s, %s) is accepted and gives an integer in range', async (fst, snd) => {
    const n = await intrinsic('States.MathRandom($.fst, $.snd)', { fst, snd });
    expect(Number.isInteger(n)).toBe(true);
    expect(n).toBeGreaterThanOrEqual(Math.floor(fst));
    expect(n).toBeLessThanOrEqual(Math.ceil(snd));
  });

  // LocalStack intrinsic_functions/test_generic.snapshot.json, test_format_2 (09-02-2023): all 8 recorded
  // inputs (the same value as fst and snd); test_context_json_path (26-11-2023) shows `{Id=arn:..., Name=...}`
  // for $$.StateMachine.
  it.each([
    ['', ''],
    [' ', ' '],
    ['HelloWorld', 'HelloWorld'],
    [null, 'null'],
    [1, '1'],
    [1.1, '1.1'],
    ['{"Arg1": 1, "Arg2": []}', '{"Arg1": 1, "Arg2": []}'],
    [{ Arg1: 1, Arg2: [] }, '{Arg1=1, Arg2=[]}'],
  ] as const)(
    'States.Format renders %j as %s (objects and arrays as Java prints them)',
    async (value, text) => {
      expect(
        await intrinsic("States.Format('Formatting arguments fst={} and snd={}.', $.fst, $.snd)", {
          fst: value,
          snd: value,
        } as JsonValue),
      ).toBe(`Formatting arguments fst=${text} and snd=${text}.`);
    },
  );

  // LocalStack intrinsic_functions/test_json_manipulation.snapshot.json, test_string_to_json (09-02-2023): all 10
  // recorded inputs.
  it.each([
    ['', null],
    [' ', null],
    ['null', null],
    ['-0', 0],
    ['1', 1],
    ['1.1', 1.1],
    ['true', true],
    ['"HelloWorld"', 'HelloWorld'],
    ['[1, 2, "HelloWorld"]', [1, 2, 'HelloWorld']],
    ['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
  ])('States.StringToJson(%j) = %j', async (text, value) => {
    expect(await intrinsic('States.StringToJson($.s)', { s: text })).toEqual(value);
  });
});

const at = (state: string, id: number, rest: string) =>
  `An error occurred while executing the state '${state}' (entered at the event id #${id}). ${rest}`;

describe('runtime-error causes as AWS words them', () => {
  // LocalStack scenarios/test_base_scenarios.snapshot.json, test_invalid_jsonpath[...] (input {"int-literal": 0}).
  const input = { 'int-literal': 0 };
  it.each([
    [
      'INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH',
      {
        StartAt: 'pass',
        States: { pass: { Type: 'Pass', Parameters: { 'value.$': '$.no_such_jsonpath' }, End: true } },
      },
      at(
        'pass',
        2,
        `The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'`,
      ),
    ],
    [
      // Same file, test_invalid_jsonpath[INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH] (02-01-2025; the
      // recording masks the input text).
      'INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH',
      {
        StartAt: 'pass',
        States: {
          pass: { Type: 'Pass', Parameters: { 'value.$': '$$.Execution.Input.no_such_jsonpath' }, End: true },
        },
      },
      at(
        'pass',
        2,
        `The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'`,
      ),
    ],
    [
      // Same file, test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_CAUSEPATH] (02-01-2025; input text masked).
      'INVALID_JSONPATH_IN_CAUSEPATH',
      {
        StartAt: 'pass',
        States: {
          pass: { Type: 'Pass', Parameters: { Error: 'error-value' }, Next: 'fail' },
          fail: { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.NoSuchCausePath' },
        },
      },
      at(
        'fail',
        4,
        `The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be found in the input '{"Error":"error-value"}'`,
      ),
    ],
    [
      'INVALID_JSONPATH_IN_INPUTPATH',
      { StartAt: 'pass', States: { pass: { Type: 'Pass', InputPath: '$.NoSuchInputPath', End: true } } },
      at('pass', 2, "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"),
    ],
    [
      'INVALID_JSONPATH_IN_OUTPUTPATH',
      { StartAt: 'pass', States: { pass: { Type: 'Pass', OutputPath: '$.NoSuchOutputPath', End: true } } },
      at('pass', 2, "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"),
    ],
    [
      'INVALID_JSONPATH_IN_ERRORPATH',
      {
        StartAt: 'pass',
        States: {
          pass: { Type: 'Pass', Parameters: { Error: 'error-value' }, Next: 'fail' },
          fail: { Type: 'Fail', ErrorPath: '$.ErrorX' },
        },
      },
      at(
        'fail',
        4,
        `The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"Error":"error-value"}'`,
      ),
    ],
    [
      'INVALID_JSONPATH_IN_TIMEOUTSECONDSPATH',
      {
        StartAt: 'task',
        States: {
          task: {
            Type: 'Task',
            TimeoutSecondsPath: '$.NoSuchTimeoutSecondsPath',
            Resource: 'arn:aws:states:::aws-sdk:s3:listBuckets',
            Parameters: {},
            End: true,
          },
        },
      },
      at(
        'task',
        2,
        "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']",
      ),
    ],
    [
      // Same file, test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_HEARTBEATSECONDSPATH] (02-01-2025): a
      // callback task fails the same way before anything is scheduled.
      'INVALID_JSONPATH_IN_HEARTBEATSECONDSPATH',
      {
        StartAt: 'task',
        States: {
          task: {
            Type: 'Task',
            HeartbeatSecondsPath: '$.NoSuchTimeoutSecondsPath',
            Resource: 'arn:aws:states:::aws-sdk:s3:listBuckets.waitForTaskToken',
            Parameters: {},
            End: true,
          },
        },
      },
      at(
        'task',
        2,
        "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']",
      ),
    ],
  ])('%s', async (_id, definition, cause) => {
    const r = await startExecution({
      definition: definition as StateMachineDefinition,
      input,
      handlers: { 's3:listBuckets': () => ({ Buckets: [] }) },
    });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(cause);
    // The failure follows the state's entry directly: nothing was scheduled.
    expect(r.history.map((e) => e.type).slice(-2)).toEqual([
      expect.stringMatching(/StateEntered$/),
      'ExecutionFailed',
    ]);
  });

  // Same file, test_catch_states_runtime: an explicit ["States.Runtime"] catcher does not catch.
  it('States.Runtime is caught by no catcher, not even an explicit one', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'RaiseRuntime',
        States: {
          RaiseRuntime: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
            OutputPath: '$.no.such.result.path',
            Catch: [{ ErrorEquals: ['States.Runtime'], Next: 'CaughtRuntime' }],
            Next: 'Final',
          },
          CaughtRuntime: { Type: 'Pass', End: true },
          Final: { Type: 'Pass', End: true },
        },
      },
      handlers: { f: () => ({}) },
    });
    expect(r.status).toBe('FAILED');
    expect(r.cause).toBe(
      at('RaiseRuntime', 2, "Invalid path '$.no.such.result.path' : Missing property in path $['no']"),
    );
    expect(r.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'ExecutionFailed',
    ]);
  });

  // The Parameters failure above is States.Runtime (recorded), which the catch rule of the same file
  // (test_catch_states_runtime) leaves uncaught: a Task's `States.ALL` catcher does not take it. The error
  // handling guide says so too: States.ALL "can't catch ... Runtime error types"
  // (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html, States.ALL).
  it('a Parameters path that selects nothing is not caught by States.ALL', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
            Parameters: { 'x.$': '$.nope' },
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      },
      input: {},
      handlers: { f: () => ({}) },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(
      at('T', 2, "The JSONPath '$.nope' specified for the field 'x.$' could not be found in the input '{}'"),
    );
  });

  // LocalStack base/test_wait.snapshot.json (test_wait_timestamppath, test_timestamp_too_far_in_future_boundary)
  // and scenarios/test_base_scenarios.snapshot.json (SecondsPath cases).
  const wait = (extra: Record<string, unknown>, ql?: 'JSONata'): StateMachineDefinition =>
    ({
      ...(ql && { QueryLanguage: ql }),
      StartAt: 'WaitState',
      States: { WaitState: { Type: 'Wait', ...extra, End: true } },
    }) as StateMachineDefinition;
  it.each([
    [
      { SecondsPath: '$.input.waitSeconds' },
      { input: {} },
      'The SecondsPath parameter does not reference an input value: $.input.waitSeconds',
    ],
    [
      { SecondsPath: '$.input.waitSeconds' },
      { input: { waitSeconds: 1.5 } },
      'The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5',
    ],
    [
      { SecondsPath: '$.input.waitSeconds' },
      { input: { waitSeconds: -1 } },
      'The SecondsPath parameter references a negative value: $.input.waitSeconds == -1',
    ],
    [
      { TimestampPath: '$.TimestampValue' },
      { TimestampValue: '2016-12-05T21:29:29' },
      'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-12-05T21:29:29',
    ],
    [
      { TimestampPath: '$.TimestampValue' },
      { TimestampValue: '2016-13-05T21:29:29Z' },
      'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-13-05T21:29:29Z',
    ],
  ])('Wait %j with %j', async (fields, input, rest) => {
    const r = await startExecution({ definition: wait(fields), input });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(at('WaitState', 2, rest));
  });

  // Same file, test_wait_timestamp_jsonata[NO_T|NO_Z|INVALID_DATE|INVALID_TIME|INVALID_ISO] (27-12-2024):
  // States.QueryEvaluationError, where a TimestampPath gives States.Runtime.
  it.each([
    '2016-12-05 21:29:29Z',
    '2016-12-05T21:29:29',
    '2016-13-05T21:29:29Z',
    '2016-12-05T25:29:29Z',
    '05-12-2016T21:29:29Z',
  ])('a JSONata Timestamp %s raises States.QueryEvaluationError', async (t) => {
    const r = await startExecution({
      definition: wait({ Timestamp: '{% $states.input.t %}' }, 'JSONata'),
      input: { t },
    });
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toBe(
      at(
        'WaitState',
        2,
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${t}`,
      ),
    );
  });

  // Same test, [SECONDS] and [NANOSECONDS]: both wait and succeed.
  it.each(['2016-03-14T01:59:00Z', '2016-03-05T21:29:29.243167252Z'])(
    'a JSONata Timestamp %s waits',
    async (t) => {
      const r = await startExecution({
        definition: wait({ Timestamp: '{% $states.input.t %}' }, 'JSONata'),
        input: { t },
      });
      expect(r.status).toBe('SUCCEEDED');
      expect(r.history.map((e) => e.type)).toContain('WaitStateExited');
    },
  );

  it('a delay past 2^31 - 1 seconds is "Wait state delay is too long." (24,855 days wait, 24,856 fail)', async () => {
    const day = 86_400_000;
    const start = Date.parse('2024-01-01T00:00:00Z');
    const at24855 = new Date(start + 24_855 * day).toISOString();
    const at24856 = new Date(start + 24_856 * day).toISOString();
    const ok = await startExecution({
      definition: wait({ TimestampPath: '$.t' }),
      input: { t: at24855 },
      options: { startTime: start },
    });
    // It waits (the 1-year maximum ends it first), it does not fail on the delay.
    expect(ok.error).toBe('States.Timeout');
    const tooLong = await startExecution({
      definition: wait({ TimestampPath: '$.t' }),
      input: { t: at24856 },
      options: { startTime: start },
    });
    expect(tooLong.cause).toBe(at('WaitState', 2, 'Wait state delay is too long.'));
  });
});

describe('escape sequences as AWS records them', () => {
  // LocalStack scenarios/test_base_scenarios.snapshot.json, test_escape_sequence_parsing (02-02-2025),
  // input {"Test\\\"\"Name\"": "Value\"\\"} (the key is Test\""Name").
  const input = { 'Test\\""Name"': 'Value"\\' };

  it('[ESCAPE_SEQUENCES_JSONPATH] a bracket-notation key with a backslash and quotes', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'JsonPathEscapeTest',
        States: {
          JsonPathEscapeTest: { Type: 'Pass', Parameters: { 'value.$': `$['Test\\""Name"']` }, End: true },
        },
      },
      input,
    });
    expect(r.output).toEqual({ value: 'Value"\\' });
  });

  it.each([
    ['ESCAPE_SEQUENCES_JSONATA_COMPARISON_OUTPUT', { Output: '"' }, "{% $states.input = '\"' %}"],
    ['ESCAPE_SEQUENCES_JSONATA_COMPARISON_ASSIGN', { Assign: { var: '"' } }, "{% $var = '\"' %}"],
  ])('[%s] a quote kept and compared', async (_id, first, check) => {
    const r = await startExecution({
      definition: {
        QueryLanguage: 'JSONata',
        StartAt: 'Pass',
        States: {
          Pass: { Type: 'Pass', ...first, Next: 'Check' },
          Check: { Type: 'Pass', Output: check, End: true },
        },
      } as StateMachineDefinition,
      input,
    });
    expect(r.output).toBe(true);
  });
});

describe('errors that States.ALL catches', () => {
  // LocalStack error_handling/test_states_errors.snapshot.json (21-03-2024),
  // test_service_task_lambada_catch_state_all_data_limit_exceeded_on_large_utf8_response and
  // test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response: a Lambda result over 256 KiB
  // fails the task with States.DataLimitExceeded, which Catch ["States.ALL"] catches (although the error
  // handling guide says States.ALL cannot: the recording wins).
  const catchAll = (resource: string): StateMachineDefinition => ({
    StartAt: 'InvokeLambda',
    States: {
      InvokeLambda: {
        Type: 'Task',
        Resource: resource,
        ...(resource.endsWith(':lambda:invoke') && { Parameters: { FunctionName: 'big', Payload: null } }),
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'HandleGeneralError' }],
        Next: 'ProcessResult',
      },
      ProcessResult: { Type: 'Pass', End: true },
      HandleGeneralError: { Type: 'Pass', End: true },
    },
  });
  const big = () => 'ü'.repeat(140_000);
  it.each([
    ['arn:aws:states:::lambda:invoke', 'lambda', 'TaskFailed'],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:big',
      'arn:aws:lambda:us-east-1:123456789012:function:big',
      'LambdaFunctionFailed',
    ],
  ])('%s', async (resource, ref, failed) => {
    const r = await startExecution({ definition: catchAll(resource), handlers: { big } });
    expect(r.status).toBe('SUCCEEDED');
    const cause = `The state/task '${ref}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    expect(r.output).toEqual({ Error: 'States.DataLimitExceeded', Cause: cause });
    expect(r.history.map((e) => e.type).slice(4)).toEqual([
      failed,
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });
});

describe('JSONata as AWS records it', () => {
  const jsonata = (states: Record<string, unknown>, start: string): StateMachineDefinition =>
    ({ QueryLanguage: 'JSONata', StartAt: start, States: states }) as StateMachineDefinition;

  // LocalStack intrinsic_functions/test_array_jsonata.snapshot.json, test_array_range (15-11-2024).
  it('$range(1, 9, 9) is 1: a one-item sequence is the item', async () => {
    const range = (a: number, b: number, c: number) =>
      startExecution({
        definition: jsonata(
          { S: { Type: 'Pass', Output: `{% $range(${a}, ${b}, ${c}) %}`, End: true } },
          'S',
        ),
      });
    expect((await range(1, 9, 9)).output).toBe(1);
    expect((await range(0, 9, 3)).output).toEqual([0, 3, 6, 9]);
    expect((await range(0, 10, 3)).output).toEqual([0, 3, 6, 9]);
    expect((await range(1, 9, 2)).output).toEqual([1, 3, 5, 7, 9]);
  });

  // LocalStack evaluate_jsonata / query_language snapshots (causes quoted there).
  it('an expression that returns nothing names the field path', async () => {
    const r = await startExecution({
      definition: jsonata(
        { State0: { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true } },
        'State0',
      ),
    });
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toBe(
      at(
        'State0',
        2,
        "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
      ),
    );
  });

  it('an evaluation error quotes JSONata code and message', async () => {
    const r = await startExecution({
      definition: jsonata(
        { State_0: { Type: 'Pass', Output: { FunctionResult: '{% $randomSeeded(1) %}' }, End: true } },
        'State_0',
      ),
    });
    expect(r.cause).toBe(
      at(
        'State_0',
        2,
        "The JSONata expression '$randomSeeded(1)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function",
      ),
    );
  });

  const map = (items: string) =>
    jsonata(
      {
        MapIterateState: {
          Type: 'Map',
          Items: items,
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
      'MapIterateState',
    );
  // LocalStack scenarios/test_base_scenarios.snapshot.json, test_map_state_items_eval_jsonata_fail
  // [string|number|boolean|object|null|function] (19-11-2024): a function is "an unsupported result type".
  it.each([
    [
      "{% 'string' %}",
      "The JSONata expression ''string'' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"string\"",
    ],
    [
      '{% 1 %}',
      "The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
    ],
    [
      '{% true %}',
      "The JSONata expression 'true' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'boolean' for value: true",
    ],
    [
      "{% {'foo': 'bar'} %}",
      "The JSONata expression '{'foo': 'bar'}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}",
    ],
    [
      '{% null %}',
      "The JSONata expression 'null' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'null' for value: null",
    ],
    [
      '{% $fn := function($x){$x} %}',
      "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
    ],
  ])('Items %s', async (items, rest) => {
    const r = await startExecution({ definition: map(items) });
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toBe(at('MapIterateState', 2, rest));
  });

  // LocalStack evaluate_jsonata/test_base_evaluate_expressions.snapshot.json, test_base_map[TOLERATED_FAILURE_*] (22-07-2025).
  it.each(['ToleratedFailureCount', 'ToleratedFailurePercentage'])(
    'an inline JSONata Map with %s runs',
    async (field) => {
      const def = map('{% [1] %}');
      Object.assign(def.States.MapIterateState as object, {
        MaxConcurrency: 1,
        [field]: '{% $variable := 1 %}',
      });
      const r = await startExecution({ definition: def });
      expect(r.status).toBe('SUCCEEDED');
      expect(r.output).toEqual([1]);
    },
  );
});

describe('a JSONata evaluation failure is recorded as an EvaluationFailed event', () => {
  const run = (definition: Record<string, unknown>, input: JsonValue = {}) =>
    startExecution({
      definition: { QueryLanguage: 'JSONata', ...definition } as StateMachineDefinition,
      input,
      handlers: { 'lambda:invoke': () => ({}) },
    });
  const events = (r: Awaited<ReturnType<typeof run>>) =>
    r.history.map((e) => (e.type === 'EvaluationFailed' ? [e.type, e.evaluationFailedEventDetails] : e.type));
  const failed = (state: string, id: number, location: string | undefined, rest: string) => ({
    cause: at(state, id, rest),
    error: 'States.QueryEvaluationError',
    ...(location && { location }),
    state,
  });

  // LocalStack assign/test_assign_reference_variables.snapshot.json, test_undefined_reference[BASE_UNDEFINED_*].
  it.each([
    ['Pass', { Output: '{% $doesNotExist %}' }, 'Output'],
    ['Pass', { Output: { result: '{% $doesNotExist %}' } }, 'Output/result'],
    ['Pass', { Assign: { result: '{% $doesNotExist %}' } }, 'Assign/result'],
    ['Task', { Resource: 'arn:aws:states:::lambda:invoke', Arguments: '{% $doesNotExist %}' }, 'Arguments'],
    [
      'Task',
      { Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: '{% $doesNotExist %}' } },
      'Arguments/FunctionName',
    ],
  ])('%s %j: at %s', async (type, fields, location) => {
    const r = await run({ StartAt: 'State0', States: { State0: { Type: type, ...fields, End: true } } });
    expect(events(r)).toEqual([
      'ExecutionStarted',
      `${type}StateEntered`,
      [
        'EvaluationFailed',
        failed(
          'State0',
          2,
          location,
          `The JSONata expression '$doesNotExist' specified for the field '${location}' returned nothing (undefined).`,
        ),
      ],
      'ExecutionFailed',
    ]);
  });

  // LocalStack scenarios/test_base_scenarios.snapshot.json, test_map_state_items_eval_jsonata_fail[number]
  // and test_map_state_items_input_types[number] (19-11-2024): then MapStateFailed.
  it('a Map whose Items is no array: EvaluationFailed, MapStateFailed', async () => {
    const processor = { StartAt: 'Pass', States: { Pass: { Type: 'Pass', End: true } } };
    const items = await run({
      StartAt: 'MapIterateState',
      States: { MapIterateState: { Type: 'Map', Items: '{% 1 %}', ItemProcessor: processor, End: true } },
    });
    expect(events(items)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      [
        'EvaluationFailed',
        failed(
          'MapIterateState',
          2,
          'Items',
          "The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
        ),
      ],
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    const input = await run(
      {
        StartAt: 'Start',
        States: {
          Start: { Type: 'Pass', Output: '{% $states.input.items %}', Next: 'MapIterateState' },
          MapIterateState: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: processor, End: true },
        },
      },
      { items: 1 },
    );
    expect(events(input).slice(3)).toEqual([
      'MapStateEntered',
      [
        'EvaluationFailed',
        failed('MapIterateState', 4, undefined, 'Map state input must be an array but was: 1'),
      ],
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  // Same file, test_wait_timestamp_jsonata[NO_Z] (recorded).
  it('a Wait whose Timestamp is no timestamp: EvaluationFailed at Timestamp', async () => {
    const r = await run(
      {
        StartAt: 'WaitState',
        States: { WaitState: { Type: 'Wait', Timestamp: '{% $states.input.TimestampValue %}', End: true } },
      },
      { TimestampValue: '2016-12-05T21:29:29' },
    );
    expect(events(r).slice(2)).toEqual([
      [
        'EvaluationFailed',
        failed(
          'WaitState',
          2,
          'Timestamp',
          'The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05T21:29:29',
        ),
      ],
      'ExecutionFailed',
    ]);
  });

  it('a failure inside a Map iteration is recorded once, by the state it happened in', async () => {
    const r = await run({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: '{% [1] %}',
          ItemProcessor: {
            StartAt: 'Fallback',
            States: { Fallback: { Type: 'Pass', Output: { error: '{% $stateError %}' }, End: true } },
          },
          End: true,
        },
      },
    });
    const types = r.history.map((e) => e.type);
    expect(types.filter((t) => t === 'EvaluationFailed')).toHaveLength(1);
    expect(types.slice(-5)).toEqual([
      'PassStateEntered',
      'EvaluationFailed',
      'MapIterationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });
});

describe('Distributed Map settings as AWS words their errors', () => {
  // LocalStack scenarios/test_base_scenarios.snapshot.json, test_map_state_tolerated_failure_*_path.
  const dmap = (extra: Record<string, unknown>): StateMachineDefinition =>
    ({
      StartAt: 'MapState',
      States: {
        MapState: {
          Type: 'Map',
          ItemsPath: '$.Items',
          MaxConcurrency: 1,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'HandleItem',
            States: { HandleItem: { Type: 'Pass', End: true } },
          },
          ...extra,
          End: true,
        },
      },
    }) as StateMachineDefinition;
  it.each([
    [
      { ToleratedFailureCountPath: '$.ToleratedFailureCount' },
      { ToleratedFailureCount: 'NoNumber' },
      'The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.ToleratedFailureCount',
    ],
    [
      { ToleratedFailureCountPath: '$.ToleratedFailureCount' },
      { ToleratedFailureCount: {} },
      'The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.ToleratedFailureCount',
    ],
    [
      { ToleratedFailureCountPath: '$.ToleratedFailureCount' },
      { ToleratedFailureCount: -1 },
      'ToleratedFailureCount cannot be negative.',
    ],
    [
      { ToleratedFailurePercentagePath: '$.ToleratedFailurePercentage' },
      { ToleratedFailurePercentage: 'NoNumber' },
      'The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: $.ToleratedFailurePercentage',
    ],
    [
      { ToleratedFailurePercentagePath: '$.ToleratedFailurePercentage' },
      { ToleratedFailurePercentage: 100.1 },
      'ToleratedFailurePercentage must be between 0 and 100.',
    ],
    [
      { ToleratedFailurePercentagePath: '$.ToleratedFailurePercentage' },
      { ToleratedFailurePercentage: -1.1 },
      'ToleratedFailurePercentage must be between 0 and 100.',
    ],
  ])('%j with %j', async (fields, values, rest) => {
    const r = await startExecution({ definition: dmap(fields), input: { Items: [0], ...values } });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(at('MapState', 2, rest));
    // MapStateStarted (with the item count) comes before the settings are checked.
    expect(r.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'ExecutionFailed',
    ]);
    expect(r.history[2]?.mapStateStartedEventDetails).toEqual({ length: 1 });
  });
});

describe('Lambda invocations as AWS records them', () => {
  // LocalStack error_handling/test_task_service_lambda.snapshot.json and test_task_lambda.snapshot.json:
  // error = the payload's errorType, cause = the error payload, re-serialized compactly.
  it.each([
    ['arn:aws:states:::lambda:invoke', 'taskFailedEventDetails'],
    ['arn:aws:lambda:us-east-1:123456789012:function:f', 'lambdaFunctionFailedEventDetails'],
  ])('%s: a function error carries its error payload as the cause', async (resource, details) => {
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: resource,
            ...(resource.endsWith(':invoke') && { Parameters: { FunctionName: 'f', Payload: {} } }),
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      },
      handlers: {
        f: () => {
          throw Object.assign(new Error('Some exception was raised.'), { name: 'CustomException' });
        },
      },
    });
    const cause = '{"errorType":"CustomException","errorMessage":"Some exception was raised."}';
    expect(r.output).toEqual({ Error: 'CustomException', Cause: cause });
    expect(
      r.history.find((e) => e[details as 'taskFailedEventDetails'])?.[details as 'taskFailedEventDetails'],
    ).toMatchObject({
      error: 'CustomException',
      cause,
    });
  });

  // Every way a handler can fail (a throw, a rejected promise, a thrown non-Error; with and without
  // timers on the call) reaches the state as the same error payload form.
  it.each([
    ['a thrown Error', {}, () => Promise.reject(Object.assign(new Error('m'), { name: 'E' })), 'E', 'm'],
    [
      'a thrown string',
      {},
      () => {
        throw 'plain words';
      },
      'States.TaskFailed',
      'plain words',
    ],
    [
      'a rejected string, with TimeoutSeconds',
      { TimeoutSeconds: 5 },
      () => Promise.reject('late'),
      'States.TaskFailed',
      'late',
    ],
  ] as const)('%s: the cause is the function error payload', async (_, extra, f, error, message) => {
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
            ...extra,
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      },
      handlers: { f: f as () => never },
    });
    expect(r.output).toEqual({
      Error: error,
      Cause: JSON.stringify({ errorType: error, errorMessage: message }),
    });
  });

  // Lambda's Invoke returns the function's response as bytes (Payload, API_Invoke.html) and Step Functions
  // reads them as JSON: a Node.js function's Date arrives as its ISO string, an undefined key not at all.
  it('the result is what Lambda sends: JSON data, not the handler’s objects', async () => {
    const made = { when: new Date('2024-01-01T00:00:00Z'), gone: undefined, n: 1 };
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true },
        },
      },
      handlers: { f: () => made as never },
    });
    expect(r.output).toEqual({ when: '2024-01-01T00:00:00.000Z', n: 1 });
    expect(Object.keys(r.output as object)).toEqual(['when', 'n']);
    made.n = 2;
    expect((r.output as { n: number }).n).toBe(1);
  });
});

describe('the context object has the keys AWS shows', () => {
  const passCtx = (type: 'STANDARD' | 'EXPRESS') =>
    startExecution({
      definition: {
        StartAt: 'TestState',
        States: { TestState: { Type: 'Pass', InputPath: '$$', End: true } },
      },
      input: { 'input-value': 0 },
      options: {
        executionType: type,
        startTime: '2024-01-01T00:00:00Z',
        name: 'run-1',
        stateMachineName: 'M',
      },
    });

  // LocalStack context_object/test_context_object.snapshot.json, test_input_path[$$] (11-09-2024).
  it('a Standard Pass state: Execution with RedriveCount, State {Name, EnteredTime} without RetryCount', async () => {
    const r = await passCtx('STANDARD');
    expect(JSON.stringify(r.output)).toBe(
      JSON.stringify({
        Execution: {
          Id: 'arn:aws:states:us-east-1:123456789012:execution:M:run-1',
          Input: { 'input-value': 0 },
          Name: 'run-1',
          RoleArn: 'arn:aws:iam::123456789012:role/StepFunctionsExecutionRole',
          StartTime: '2024-01-01T00:00:00.000Z',
          RedriveCount: 0,
        },
        StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:M', Name: 'M' },
        State: { Name: 'TestState', EnteredTime: '2024-01-01T00:00:00.000Z' },
      }),
    );
  });

  // LocalStack express/test_express_sync.snapshot.json, test_query_runtime_memory (15-07-2024): a synchronous
  // Express execution's $$.Execution has no RedriveCount (an asynchronous one has RedriveCount 0:
  // express/test_express_async.snapshot.json, same test; see the README's differences table).
  it('an Express execution: no RedriveCount', async () => {
    const r = await passCtx('EXPRESS');
    expect(Object.keys((r.output as { Execution: object }).Execution)).toEqual([
      'Id',
      'Input',
      'Name',
      'RoleArn',
      'StartTime',
    ]);
  });

  // LocalStack scenarios/test_base_scenarios.snapshot.json, test_lambda_invoke_with_retry_extended_input:
  // a Task's $$.State has RetryCount 0, 1, 2... per attempt.
  it('a Task state: $$.State.RetryCount per attempt', async () => {
    const seen: unknown[] = [];
    let n = 0;
    const r = await startExecution({
      definition: {
        StartAt: 'InvokeLambdaWithRetry',
        States: {
          InvokeLambdaWithRetry: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'f', 'Payload.$': '$$.State' },
            Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 3 }],
            OutputPath: '$.Payload',
            End: true,
          },
        },
      },
      handlers: {
        f: (state) => {
          seen.push((state as { RetryCount: number }).RetryCount);
          if (n++ < 2) throw Object.assign(new Error('again'), { name: 'Flaky' });
          return Object.keys(state as object);
        },
      },
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(r.output).toEqual(['Name', 'EnteredTime', 'RetryCount']);
  });
});

describe('Map settings and input as AWS words their errors', () => {
  // LocalStack scenarios/test_base_scenarios.snapshot.json, test_max_concurrency_path[...] (19-06-2024), an
  // inline Map: a MaxConcurrencyPath value that is no integer fails before MapStateStarted; 0 and 1 run.
  const inline: StateMachineDefinition = {
    StartAt: 'MapState',
    States: {
      MapState: {
        Type: 'Map',
        ItemsPath: '$.Values',
        MaxConcurrencyPath: '$.MaxConcurrencyValue',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'HandleItem',
          States: { HandleItem: { Type: 'Pass', End: true } },
        },
        Next: 'Final',
      },
      Final: { Type: 'Pass', End: true },
    },
  };
  it.each([
    [
      {},
      'The MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.MaxConcurrencyValue',
    ],
    [
      'NoNumber',
      'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.MaxConcurrencyValue',
    ],
  ] as const)('MaxConcurrencyPath %j', async (value, rest) => {
    const r = await startExecution({
      definition: inline,
      input: { MaxConcurrencyValue: value, Values: ['HelloWorld'] },
    });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(at('MapState', 2, rest));
    expect(r.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'MapStateEntered', 'ExecutionFailed']);
  });
  it.each([0, 1])('MaxConcurrencyPath %j runs', async (value) => {
    const r = await startExecution({
      definition: inline,
      input: { MaxConcurrencyValue: value, Values: ['HelloWorld'] },
    });
    expect(r.output).toEqual(['HelloWorld']);
  });

  // Same file, test_map_state_items_input_types[string|number|boolean|object|null] (19-11-2024): a JSONata
  // Map without Items whose input is no array.
  it.each([
    ['string', '"string"'],
    [1, '1'],
    [true, 'true'],
    [{ foo: 'bar' }, '{"foo":"bar"}'],
    [null, 'null'],
  ] as const)('a JSONata Map whose input is %j', async (items, text) => {
    const r = await startExecution({
      definition: {
        QueryLanguage: 'JSONata',
        StartAt: 'Start',
        States: {
          Start: { Type: 'Pass', Output: '{% $states.input.items %}', Next: 'MapIterateState' },
          MapIterateState: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      input: { items } as JsonValue,
    });
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toBe(at('MapIterateState', 4, `Map state input must be an array but was: ${text}`));
    expect(r.history.map((e) => e.type).slice(3)).toEqual([
      'MapStateEntered',
      'EvaluationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  // LocalStack error_handling/test_states_errors.snapshot.json, test_start_large_input (21-03-2024): a Pass
  // state whose output passes 256 KiB fails the execution at once (no PassStateExited, nothing catches it).
  it('a state output over 256 KiB: States.DataLimitExceeded worded as AWS records it', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'State_1',
        States: { State_1: { Type: 'Pass', Result: { Arg1: 'a'.repeat(257 * 1024) }, End: true } },
      },
      input: {},
    });
    expect(r.error).toBe('States.DataLimitExceeded');
    expect(r.cause).toBe(
      "The state/task 'State_1' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
    expect(r.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  });
});

describe('Distributed Map item reading as AWS records it', () => {
  // LocalStack scenarios/test_base_scenarios.snapshot.json (recorded on AWS): the Map Run reads the items, so
  // MapStateStarted reports length 0 for every ItemReader, and a failed read fails the Map Run.
  const store = new InMemoryObjectStore();
  store.put(
    'bucket-name',
    'file.csv',
    'Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n',
  );
  store.put(
    'bucket-name',
    'headers.csv',
    "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
  );
  store.put('bucket-name', 'file.json', JSON.stringify({ Hello: 'world' }));
  store.put(
    'bucket-name',
    'short-header.csv',
    "H1,\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
  );
  store.put(
    'bucket-name',
    'typed.csv',
    "0,True,{}\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
  );
  const reading = (ReaderConfig: Record<string, unknown>): StateMachineDefinition =>
    ({
      StartAt: 'MapState',
      States: {
        MapState: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemReader: {
            ReaderConfig,
            Resource: 'arn:aws:states:::s3:getObject',
            Parameters: { 'Bucket.$': '$.Bucket', 'Key.$': '$.Key' },
          },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'PassItem',
            States: { PassItem: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    }) as StateMachineDefinition;
  const run = (definition: StateMachineDefinition, input: JsonValue) =>
    startExecution({ definition, input, options: { objectStore: store } });
  const types = (r: Awaited<ReturnType<typeof run>>) => r.history.map((e) => e.type).slice(1);
  const maxItemsPath = reading({
    InputType: 'CSV',
    CSVHeaderLocation: 'FIRST_ROW',
    MaxItemsPath: '$.MaxItems',
  });
  const read = (Key: string, MaxItems?: number): JsonValue => ({
    Bucket: 'bucket-name',
    Key,
    ...(MaxItems !== undefined && { MaxItems }),
  });

  // test_map_item_reader_csv_max_items_paths[2|0|-1|1.5] (25-03-2024).
  it('MaxItemsPath 2 reads two rows; 0 reads all; MapStateStarted has length 0', async () => {
    const two = await run(maxItemsPath, read('file.csv', 2));
    expect(two.output).toEqual([
      { Col1: 'Value1', Col2: 'Value2' },
      { Col1: 'Value3', Col2: 'Value4' },
    ]);
    expect(two.history[2]?.mapStateStartedEventDetails).toEqual({ length: 0 });
    expect((await run(maxItemsPath, read('file.csv', 0))).output).toHaveLength(4);
  });

  it('MaxItemsPath -1 fails the Map Run: States.ItemReaderFailed, "field MaxItems must be positive"', async () => {
    const r = await run(maxItemsPath, read('file.csv', -1));
    expect(r.error).toBe('States.ItemReaderFailed');
    expect(r.cause).toBe('field MaxItems must be positive');
    expect(types(r)).toEqual([
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    expect(r.history[4]?.mapRunFailedEventDetails).toEqual({
      error: 'States.ItemReaderFailed',
      cause: 'field MaxItems must be positive',
    });
  });

  it('MaxItemsPath 1.5 fails before the Map Run starts, after MapStateStarted', async () => {
    const r = await run(maxItemsPath, read('file.csv', 1.5));
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(
      at(
        'MapState',
        2,
        'The MaxItemsPath field refers to value "1.5" which is not a valid integer: $.MaxItems',
      ),
    );
    expect(types(r)).toEqual(['MapStateEntered', 'MapStateStarted', 'ExecutionFailed']);
  });

  // test_map_item_reader_base_csv_headers_decl (21-09-2023) and ..._duplicate_headers.
  it('declared CSV headers: extra fields are dropped, duplicate headers fail the read', async () => {
    const given = (CSVHeaders: string[]) =>
      reading({ InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders });
    const ok = await run(given(['H1', 'H2', 'H3']), read('headers.csv'));
    expect(ok.output).toEqual([
      { H1: 'Value1', H2: 'Value2', H3: 'Value3' },
      { H1: 'Value4', H2: 'Value5', H3: 'Value6' },
      { H1: '', H2: '', H3: '' },
      { H1: 'true', H2: '1', H3: "'HelloWorld'" },
      { H1: 'Null', H2: 'None', H3: '' },
      { H1: '   ', H2: '', H3: '' },
    ]);
    const dup = await run(given(['H1', 'H1', 'H3']), read('headers.csv'));
    expect(dup.error).toBe('States.ItemReaderFailed');
    expect(dup.cause).toBe('CSV headers cannot contain duplicates.');
    expect(types(dup).slice(2)).toEqual([
      'MapRunStarted',
      'MapRunFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  // test_map_item_reader_csv_headers_decl_extra_fields, test_map_item_reader_csv_first_row_extra_fields and
  // test_map_item_reader_csv_headers_first_row_typed_headers: header text is kept as is (even "" and "{}"),
  // fields past the last header are dropped.
  it('fewer headers than fields, declared or in the first row, and header text taken as written', async () => {
    const decl = await run(
      reading({ InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1'] }),
      read('headers.csv'),
    );
    expect(decl.output).toEqual([
      { H1: 'Value1' },
      { H1: 'Value4' },
      { H1: '' },
      { H1: 'true' },
      { H1: 'Null' },
      { H1: '   ' },
    ]);
    const firstRow = reading({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' });
    expect((await run(firstRow, read('short-header.csv'))).output).toEqual([
      { '': 'Value5', H1: 'Value4' },
      { '': '', H1: '' },
      { '': '1', H1: 'true' },
      { '': 'None', H1: 'Null' },
      { '': '', H1: '   ' },
    ]);
    expect((await run(firstRow, read('typed.csv'))).output).toEqual([
      { '0': 'Value4', '{}': 'Value6', True: 'Value5' },
      { '0': '', '{}': '', True: '' },
      { '0': 'true', '{}': "'HelloWorld'", True: '1' },
      { '0': 'Null', '{}': '', True: 'None' },
      { '0': '   ', '{}': '', True: '' },
    ]);
  });

  // test_map_item_reader_json_no_json_list_object.
  it('a JSON object where a list is expected: "Attempting to map over non-iterable node."', async () => {
    const r = await run(reading({ InputType: 'JSON' }), read('file.json'));
    expect(r.error).toBe('States.ItemReaderFailed');
    expect(r.cause).toBe('Attempting to map over non-iterable node.');
    expect(types(r).slice(2)).toEqual(['MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
  });
});
