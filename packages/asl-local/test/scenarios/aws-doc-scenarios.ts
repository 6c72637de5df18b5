import type { JsonValue, StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import type { MocksFile } from '../../src/cli/mocks-file.js';

/**
 * A fidelity scenario: a definition and input with the result AWS documents for it.
 * Expected values come from the AWS Step Functions developer guide examples (input and output
 * processing, intrinsic functions, JSONata, variables, error handling); the `doc` field names the
 * page. `lambdaOnly` scenarios use only JSONPath and Lambda tasks, so Step Functions Local can run
 * them too (through the Lambda Invoke shim).
 */
export interface DocScenario {
  name: string;
  doc: string;
  definition: StateMachineDefinition;
  input: JsonValue;
  /** Task mocks, keyed like handlers (the Lambda function name for Lambda tasks). */
  mocks?: MocksFile['mocks'];
  expect: { status: 'SUCCEEDED'; output: JsonValue } | { status: 'FAILED'; error: string; cause?: string };
  lambdaOnly?: boolean;
}

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction';
const pass = (parameters: Record<string, JsonValue>): StateMachineDefinition => ({
  StartAt: 'P',
  States: { P: { Type: 'Pass', Parameters: parameters, End: true } },
});
const jsonata = (output: JsonValue, extra: Record<string, JsonValue> = {}): StateMachineDefinition => ({
  QueryLanguage: 'JSONata',
  StartAt: 'P',
  States: { P: { Type: 'Pass', Output: output, End: true, ...extra } },
});

const INTRINSICS = 'intrinsic-functions.html';
const IO = 'input-output-example.html / input-output-resultpath.html';

/** The scenario table. */
export const DOC_SCENARIOS: DocScenario[] = [
  // Input and output processing
  {
    name: 'InputPath, ResultPath and OutputPath together (Lambda task)',
    doc: IO,
    lambdaOnly: true,
    definition: {
      StartAt: 'Hello',
      States: {
        Hello: {
          Type: 'Task',
          Resource: LAMBDA,
          InputPath: '$.lambda',
          ResultPath: '$.data.lambdaresult',
          OutputPath: '$.data',
          End: true,
        },
      },
    },
    input: {
      comment: 'An input comment.',
      data: { val1: 23, val2: 17 },
      extra: 'foo',
      lambda: { who: 'AWS Step Functions' },
    },
    mocks: { HelloFunction: { return: 'Hello, AWS Step Functions!' } },
    expect: {
      status: 'SUCCEEDED',
      output: { val1: 23, val2: 17, lambdaresult: 'Hello, AWS Step Functions!' },
    },
  },
  {
    name: 'ResultPath $.taskresult keeps the input and adds the result',
    doc: 'input-output-resultpath.html',
    lambdaOnly: true,
    definition: {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: LAMBDA, ResultPath: '$.taskresult', End: true } },
    },
    input: {
      comment: 'This is a test of the input and output of a Task state.',
      details: 'Default example',
      who: 'AWS Step Functions',
    },
    mocks: { HelloFunction: { return: 'Hello, AWS Step Functions!' } },
    expect: {
      status: 'SUCCEEDED',
      output: {
        comment: 'This is a test of the input and output of a Task state.',
        details: 'Default example',
        who: 'AWS Step Functions',
        taskresult: 'Hello, AWS Step Functions!',
      },
    },
  },
  {
    name: 'ResultPath null discards the result',
    doc: 'input-output-resultpath.html',
    lambdaOnly: true,
    definition: {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: LAMBDA, ResultPath: null, End: true } },
    },
    input: {
      comment: 'This is a test of the input and output of a Task state.',
      details: 'Default example',
      who: 'AWS Step Functions',
    },
    mocks: { HelloFunction: { return: 'Hello, AWS Step Functions!' } },
    expect: {
      status: 'SUCCEEDED',
      output: {
        comment: 'This is a test of the input and output of a Task state.',
        details: 'Default example',
        who: 'AWS Step Functions',
      },
    },
  },
  {
    name: 'ResultSelector picks fields of the task result',
    doc: 'input-output-inputpath-params.html#input-output-resultselector',
    lambdaOnly: true,
    definition: {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          ResultSelector: { 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' },
          ResultPath: '$.EMROutput',
          End: true,
        },
      },
    },
    input: { Name: 'MyCluster' },
    mocks: {
      HelloFunction: {
        return: {
          resourceType: 'elasticmapreduce',
          resource: 'createCluster.sync',
          output: { SdkHttpMetadata: { httpStatusCode: 200 }, ClusterId: 'AKIAIOSFODNN7EXAMPLE' },
        },
      },
    },
    expect: {
      status: 'SUCCEEDED',
      output: {
        Name: 'MyCluster',
        EMROutput: { ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' },
      },
    },
  },
  {
    name: 'Parameters with paths, static values and the context object',
    doc: 'input-output-inputpath-params.html#input-output-parameters',
    lambdaOnly: true,
    definition: pass({
      comment: 'Selecting what I care about.',
      MyDetails: {
        'size.$': '$.product.details.size',
        'exists.$': '$.product.availability',
        StaticValue: 'foo',
      },
      'name.$': '$$.State.Name',
    }),
    input: {
      comment: 'Example for Parameters.',
      product: {
        details: { color: 'blue', size: 'small', material: 'cotton' },
        availability: 'in stock',
        sku: '2317',
        cost: '$23',
      },
    },
    expect: {
      status: 'SUCCEEDED',
      output: {
        comment: 'Selecting what I care about.',
        MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' },
        name: 'P',
      },
    },
  },
  {
    name: 'Map ItemSelector with $$.Map.Item.Index and Value',
    doc: 'input-output-itemselector.html',
    lambdaOnly: true,
    definition: {
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          ItemsPath: '$.shipped',
          ItemSelector: {
            'ContextIndex.$': '$$.Map.Item.Index',
            'ContextValue.$': '$$.Map.Item.Value',
            'partner.$': '$.delivery-partner',
          },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    },
    input: {
      'delivery-partner': 'UQS',
      shipped: [
        { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
        { prod: 'S39', 'dest-code': 9511, quantity: 40 },
      ],
    },
    expect: {
      status: 'SUCCEEDED',
      output: [
        { ContextIndex: 0, ContextValue: { prod: 'R31', 'dest-code': 9511, quantity: 1344 }, partner: 'UQS' },
        { ContextIndex: 1, ContextValue: { prod: 'S39', 'dest-code': 9511, quantity: 40 }, partner: 'UQS' },
      ],
    },
  },
  {
    name: 'Choice with And, NumericGreaterThanEquals and StringMatches',
    doc: 'state-choice.html',
    lambdaOnly: true,
    definition: {
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            {
              And: [
                { Variable: '$.value', IsPresent: true },
                { Variable: '$.value', NumericGreaterThanEquals: 20 },
                { Variable: '$.value', NumericLessThan: 30 },
              ],
              Next: 'InRange',
            },
            { Variable: '$.type', StringMatches: 'log-*.txt', Next: 'Log' },
          ],
          Default: 'Other',
        },
        InRange: { Type: 'Pass', Result: 'in range', End: true },
        Log: { Type: 'Pass', Result: 'log', End: true },
        Other: { Type: 'Pass', Result: 'other', End: true },
      },
    },
    input: { value: 15, type: 'log-2024.txt' },
    expect: { status: 'SUCCEEDED', output: 'log' },
  },
  {
    name: 'Choice with no match and no Default fails States.NoChoiceMatched',
    doc: 'concepts-error-handling.html',
    lambdaOnly: true,
    definition: {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.a', BooleanEquals: true, Next: 'X' }] },
        X: { Type: 'Succeed' },
      },
    },
    input: { a: false },
    expect: { status: 'FAILED', error: 'States.NoChoiceMatched' },
  },
  // Error handling
  {
    name: 'Catch with ResultPath $.error keeps the input and adds Error/Cause',
    doc: 'concepts-error-handling.html',
    lambdaOnly: true,
    definition: {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Catch: [{ ErrorEquals: ['CustomError'], ResultPath: '$.error', Next: 'Fallback' }],
          End: true,
        },
        Fallback: { Type: 'Pass', End: true },
      },
    },
    input: { foo: 'bar' },
    mocks: { HelloFunction: { throw: { error: 'CustomError', cause: 'This is a custom error!' } } },
    expect: {
      status: 'SUCCEEDED',
      // A function error's Cause is its error payload, re-serialized compactly (AWS-recorded:
      // LocalStack error_handling/test_task_lambda.snapshot.json); the docs page abbreviates it.
      output: {
        foo: 'bar',
        error: {
          Error: 'CustomError',
          Cause: '{"errorType":"CustomError","errorMessage":"This is a custom error!"}',
        },
      },
    },
  },
  {
    name: 'Retry then succeed',
    doc: 'concepts-error-handling.html',
    lambdaOnly: true,
    definition: {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }],
          End: true,
        },
      },
    },
    input: {},
    mocks: { HelloFunction: [{ throw: { error: 'Flaky', cause: 'first' } }, { return: { ok: true } }] },
    expect: { status: 'SUCCEEDED', output: { ok: true } },
  },
  {
    name: 'An uncaught task error fails the execution with the task error',
    doc: 'concepts-error-handling.html',
    lambdaOnly: true,
    definition: {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: LAMBDA, Retry: [{ ErrorEquals: ['Other'] }], End: true } },
    },
    input: {},
    mocks: { HelloFunction: { throw: { error: 'CustomError', cause: 'boom' } } },
    // The cause is the function's error payload (AWS-recorded; LocalStack test_task_lambda.snapshot.json).
    expect: {
      status: 'FAILED',
      error: 'CustomError',
      cause: '{"errorType":"CustomError","errorMessage":"boom"}',
    },
  },
  {
    name: 'Fail state with ErrorPath and CausePath (States.Format)',
    doc: 'state-fail.html',
    definition: {
      StartAt: 'F',
      States: {
        F: {
          Type: 'Fail',
          ErrorPath: '$.Error',
          CausePath:
            "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)",
        },
      },
    },
    input: { Error: 'CustomError', Cause: 'an input' },
    expect: {
      status: 'FAILED',
      error: 'CustomError',
      cause: 'This is a custom error message for CustomError, caused by an input.',
    },
  },
  {
    // The error-handling page lists States.ParameterPathFailure, but AWS records States.Runtime
    // (LocalStack scenarios/test_base_scenarios.snapshot.json, test_invalid_jsonpath[INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH]).
    name: 'A missing Parameters path fails States.Runtime (as AWS records it)',
    doc: 'concepts-error-handling.html',
    lambdaOnly: true,
    definition: pass({ 'x.$': '$.missing' }),
    input: { present: 1 },
    expect: { status: 'FAILED', error: 'States.Runtime' },
  },
  {
    name: 'ResultPath into a string fails States.ResultPathMatchFailure',
    doc: 'concepts-error-handling.html',
    lambdaOnly: true,
    definition: { StartAt: 'P', States: { P: { Type: 'Pass', Result: 1, ResultPath: '$.a.b', End: true } } },
    input: { a: 'text' },
    expect: { status: 'FAILED', error: 'States.ResultPathMatchFailure' },
  },
  // Intrinsic functions (examples from intrinsic-functions.html)
  {
    name: 'States.Format',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'greeting.$': "States.Format('Hello, my name is {}.', $.name)" }),
    input: { name: 'Arnav' },
    expect: { status: 'SUCCEEDED', output: { greeting: 'Hello, my name is Arnav.' } },
  },
  {
    name: 'States.StringToJson',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'v.$': 'States.StringToJson($.escapedJsonString)' }),
    input: { escapedJsonString: '{"foo": "bar"}' },
    expect: { status: 'SUCCEEDED', output: { v: { foo: 'bar' } } },
  },
  {
    name: 'States.JsonToString',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'v.$': 'States.JsonToString($.unescapedJson)' }),
    input: { unescapedJson: { foo: 'bar' } },
    expect: { status: 'SUCCEEDED', output: { v: '{"foo":"bar"}' } },
  },
  {
    name: 'States.Array',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'BuildId.$': 'States.Array($.Id)' }),
    input: { Id: 123456 },
    expect: { status: 'SUCCEEDED', output: { BuildId: [123456] } },
  },
  {
    name: 'States.ArrayPartition',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'inputArray.$': 'States.ArrayPartition($.inputArray,4)' }),
    input: { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
    expect: { status: 'SUCCEEDED', output: { inputArray: [[1, 2, 3, 4], [5, 6, 7, 8], [9]] } },
  },
  {
    name: 'States.ArrayContains',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'contains.$': 'States.ArrayContains($.inputArray, $.lookingFor)' }),
    input: { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 },
    expect: { status: 'SUCCEEDED', output: { contains: true } },
  },
  {
    name: 'States.ArrayRange',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'array.$': 'States.ArrayRange(1, 9, 2)' }),
    input: {},
    expect: { status: 'SUCCEEDED', output: { array: [1, 3, 5, 7, 9] } },
  },
  {
    name: 'States.ArrayGetItem',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'item.$': 'States.ArrayGetItem($.inputArray, $.index)' }),
    input: { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 },
    expect: { status: 'SUCCEEDED', output: { item: 6 } },
  },
  {
    name: 'States.ArrayLength',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'length.$': 'States.ArrayLength($.inputArray)' }),
    input: { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
    expect: { status: 'SUCCEEDED', output: { length: 9 } },
  },
  {
    name: 'States.ArrayUnique',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'unique.$': 'States.ArrayUnique($.inputArray)' }),
    input: { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] },
    expect: { status: 'SUCCEEDED', output: { unique: [1, 2, 3, 4] } },
  },
  {
    name: 'States.Base64Encode',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'base64.$': 'States.Base64Encode($.input)' }),
    input: { input: 'Data to encode' },
    expect: { status: 'SUCCEEDED', output: { base64: 'RGF0YSB0byBlbmNvZGU=' } },
  },
  {
    name: 'States.Base64Decode',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'data.$': 'States.Base64Decode($.base64)' }),
    input: { base64: 'RGF0YSB0byBlbmNvZGU=' },
    expect: { status: 'SUCCEEDED', output: { data: 'Data to encode' } },
  },
  {
    name: 'States.Hash',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'output.$': 'States.Hash($.Data, $.Algorithm)' }),
    input: { Data: 'input data', Algorithm: 'SHA-1' },
    expect: { status: 'SUCCEEDED', output: { output: 'aaff4a450a104cd177d28d18d74485e8cae074b7' } },
  },
  {
    name: 'States.JsonMerge (shallow)',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'output.$': 'States.JsonMerge($.json1, $.json2, false)' }),
    input: { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } },
    expect: { status: 'SUCCEEDED', output: { output: { a: { a3: 1, a4: 2 }, b: 2, c: 3 } } },
  },
  {
    name: 'States.MathAdd',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'value1.$': 'States.MathAdd($.value1, $.step)' }),
    input: { value1: 111, step: -1 },
    expect: { status: 'SUCCEEDED', output: { value1: 110 } },
  },
  {
    name: 'States.StringSplit (one delimiter)',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'array.$': 'States.StringSplit($.inputString, $.splitter)' }),
    input: { inputString: '1,2,3,4,5', splitter: ',' },
    expect: { status: 'SUCCEEDED', output: { array: ['1', '2', '3', '4', '5'] } },
  },
  {
    name: 'States.StringSplit (several delimiters)',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'array.$': 'States.StringSplit($.inputString, $.splitter)' }),
    input: { inputString: 'This.is+a,test=string', splitter: '.+,=' },
    expect: { status: 'SUCCEEDED', output: { array: ['This', 'is', 'a', 'test', 'string'] } },
  },
  {
    name: 'Nested intrinsics (nine levels, the docs ImageRecipe example)',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({
      'myArn.$':
        "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 2))",
    }),
    input: {
      ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/test-recipe/1.2.3' },
    },
    expect: { status: 'SUCCEEDED', output: { myArn: '1.2.3' } },
  },
  {
    name: 'States.ArrayGetItem out of range fails States.IntrinsicFailure',
    doc: INTRINSICS,
    lambdaOnly: true,
    definition: pass({ 'v.$': 'States.ArrayGetItem($.a, 5)' }),
    input: { a: [1] },
    expect: { status: 'FAILED', error: 'States.IntrinsicFailure' },
  },
  // JSONata
  {
    name: 'JSONata Output with $states.input and $sum',
    doc: 'transforming-data.html',
    definition: jsonata({
      total: '{% $sum($states.input.items.price) %}',
      count: '{% $count($states.input.items) %}',
    }),
    input: { items: [{ price: 10 }, { price: 5.5 }] },
    expect: { status: 'SUCCEEDED', output: { total: 15.5, count: 2 } },
  },
  {
    name: 'JSONata $partition, $range, $hash and $parse',
    doc: 'transforming-data.html#jsonata-functions-provided-by-sfn',
    definition: jsonata({
      parts: '{% $partition([1,2,3,4], 2) %}',
      range: '{% $range(0, 10, 2) %}',
      hash: '{% $hash("input data", "SHA-1") %}',
      parsed: '{% $parse($states.input.json) %}',
    }),
    input: { json: '{"customer": {"name": "Nikki"}}' },
    expect: {
      status: 'SUCCEEDED',
      output: {
        parts: [
          [1, 2],
          [3, 4],
        ],
        range: [0, 2, 4, 6, 8, 10],
        hash: 'aaff4a450a104cd177d28d18d74485e8cae074b7',
        parsed: { customer: { name: 'Nikki' } },
      },
    },
  },
  {
    name: 'JSONata Task: Arguments, $states.result and Output',
    doc: 'transforming-data.html',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Arguments: { who: '{% $states.input.name %}' },
          Output: { greeting: '{% $states.result.message %}', from: '{% $states.input.name %}' },
          End: true,
        },
      },
    },
    input: { name: 'Ana' },
    mocks: { HelloFunction: { return: { message: 'hi' } } },
    expect: { status: 'SUCCEEDED', output: { greeting: 'hi', from: 'Ana' } },
  },
  {
    name: 'JSONata Choice Condition',
    doc: 'state-choice.html',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.count > 10 %}', Next: 'Big' }],
          Default: 'Small',
        },
        Big: { Type: 'Pass', Output: 'big', End: true },
        Small: { Type: 'Pass', Output: 'small', End: true },
      },
    },
    input: { count: 11 },
    expect: { status: 'SUCCEEDED', output: 'big' },
  },
  {
    name: 'JSONata expression returning nothing fails States.QueryEvaluationError',
    doc: 'transforming-data.html',
    definition: jsonata({ v: '{% $states.input.nothing %}' }),
    input: {},
    expect: { status: 'FAILED', error: 'States.QueryEvaluationError' },
  },
  {
    name: 'JSONata Catch with $states.errorOutput',
    doc: 'concepts-error-handling.html',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Catch: [
            {
              ErrorEquals: ['States.ALL'],
              Output: { failed: '{% $states.errorOutput.Error %}', input: '{% $states.input %}' },
              Next: 'Done',
            },
          ],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    },
    input: { a: 1 },
    mocks: { HelloFunction: { throw: { error: 'CustomError', cause: 'x' } } },
    expect: { status: 'SUCCEEDED', output: { failed: 'CustomError', input: { a: 1 } } },
  },
  // Variables
  {
    name: 'Assign evaluates every expression with the values before the state (swap)',
    doc: 'workflow-variables.html#variable-evaluation-order',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { x: 1, y: 2 }, Next: 'Swap' },
        Swap: { Type: 'Pass', Assign: { x: '{% $y %}', y: '{% $x %}' }, Next: 'Show' },
        Show: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}' }, End: true },
      },
    },
    input: {},
    expect: { status: 'SUCCEEDED', output: { x: 2, y: 1 } },
  },
  {
    name: 'JSONPath Assign from the result; later states read $variables',
    doc: 'workflow-variables.html',
    definition: {
      StartAt: 'Fetch',
      States: {
        Fetch: {
          Type: 'Pass',
          Result: { id: 'p-1', price: 12 },
          Assign: { 'productId.$': '$.id', 'price.$': '$.price' },
          ResultPath: null,
          Next: 'Use',
        },
        Use: {
          Type: 'Pass',
          Parameters: {
            'product.$': '$productId',
            'total.$': 'States.MathAdd($price, 3)',
            'orig.$': '$.orig',
          },
          End: true,
        },
      },
    },
    input: { orig: true },
    expect: { status: 'SUCCEEDED', output: { product: 'p-1', total: 15, orig: true } },
  },
  {
    name: 'Map iterations read outer variables; their assignments stay inside',
    doc: 'workflow-variables.html#variable-scope',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { factor: 10 }, Next: 'Map' },
        Map: {
          Type: 'Map',
          Items: '{% $states.input.items %}',
          ItemProcessor: {
            StartAt: 'Scale',
            States: {
              Scale: { Type: 'Pass', Assign: { inner: '{% $states.input * $factor %}' }, Next: 'Emit' },
              Emit: { Type: 'Pass', Output: '{% $inner %}', End: true },
            },
          },
          Next: 'After',
        },
        After: {
          Type: 'Pass',
          Output: { results: '{% $states.input %}', innerVisible: '{% $exists($inner) %}' },
          End: true,
        },
      },
    },
    input: { items: [1, 2, 3] },
    expect: { status: 'SUCCEEDED', output: { results: [10, 20, 30], innerVisible: false } },
  },
  {
    name: 'Catch can Assign',
    doc: 'workflow-variables.html',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Catch: [
            {
              ErrorEquals: ['States.ALL'],
              Assign: { lastError: '{% $states.errorOutput.Error %}' },
              Next: 'Report',
            },
          ],
          End: true,
        },
        Report: { Type: 'Pass', Output: '{% $lastError %}', End: true },
      },
    },
    input: {},
    mocks: { HelloFunction: { throw: { error: 'Boom', cause: '' } } },
    expect: { status: 'SUCCEEDED', output: 'Boom' },
  },
  {
    name: 'A JSONPath machine may contain a JSONata state',
    doc: 'transforming-data.html',
    definition: {
      StartAt: 'Path',
      States: {
        Path: { Type: 'Pass', Parameters: { 'n.$': '$.n' }, Next: 'Ata' },
        Ata: {
          Type: 'Pass',
          QueryLanguage: 'JSONata',
          Output: { doubled: '{% $states.input.n * 2 %}' },
          End: true,
        },
      },
    },
    input: { n: 21 },
    expect: { status: 'SUCCEEDED', output: { doubled: 42 } },
  },
  {
    name: 'Parallel returns the array of branch outputs',
    doc: 'state-parallel.html',
    lambdaOnly: true,
    definition: {
      StartAt: 'Par',
      States: {
        Par: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'a.$': '$.x' }, End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', Result: 'b', End: true } } },
          ],
          End: true,
        },
      },
    },
    input: { x: 1 },
    expect: { status: 'SUCCEEDED', output: [{ a: 1 }, 'b'] },
  },
];
