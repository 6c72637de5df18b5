import { describe, expect, it } from 'vitest';
import { validate } from '../../src/index.js';

const found = (state: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  validate({ StartAt: 'S', States: { S: state }, ...extra }).map((d) => `${d.code} ${d.location}`);

describe('payload walks (templates, Pass Result, JSONata values)', () => {
  it('checks JSONPath templates at every depth (errors before warnings), but only object members can miss their .$', () => {
    expect(
      found({
        Type: 'Pass',
        Parameters: {
          list: ['$.plain', { 'deep.$': '$.a[', 'a/b': '$.looks.like.path' }, [{ 'n.$': 3 }]],
          nested: { call: 'States.UUID()', 'ok.$': "States.Format('{}', $.x)" },
        },
        End: true,
      }),
    ).toEqual([
      'INVALID_JSONPATH /States/S/Parameters/list/1/deep.$',
      'SCHEMA_VALIDATION_FAILED /States/S/Parameters/list/2/0/n.$',
      'NO_DOLLAR /States/S/Parameters/list/1/a~1b',
      'NO_DOLLAR /States/S/Parameters/nested/call',
    ]);
  });

  it('flags path-like strings anywhere in a Pass Result, and .$ names without walking into them', () => {
    expect(
      found({
        Type: 'Pass',
        Result: { items: ['$.a', 'plain', { 'id.$': '$.b', inner: '$.c' }], top: '$$.Execution.Id' },
        End: true,
      }),
    ).toEqual([
      'PASS_RESULT_IS_STATIC /States/S/Result/items/0',
      'PASS_RESULT_IS_STATIC /States/S/Result/items/2/id.$',
      'PASS_RESULT_IS_STATIC /States/S/Result/items/2/inner',
      'PASS_RESULT_IS_STATIC /States/S/Result/top',
    ]);
  });

  it('reports .$ names in JSONata states and still checks the expressions (and variable reads) under them', () => {
    expect(
      found(
        {
          Type: 'Pass',
          Output: { 'bad.$': '{% $states.input.( %}', list: ['{% 1 + %}', { ok: '{% $x %}' }] },
          End: true,
        },
        { QueryLanguage: 'JSONata' },
      ),
    ).toEqual([
      'QUERY_LANGUAGE_MIXING /States/S/Output/bad.$',
      'INVALID_JSONATA /States/S/Output/bad.$',
      'INVALID_JSONATA /States/S/Output/list/0',
      'VARIABLE_READ_BEFORE_ASSIGN /States/S/Output/list/1/ok',
    ]);
  });
});
