import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type DiagnosticCode, isValidResult, validate } from '../../src/index.js';
import { invalidFixtures } from '../fixtures/corpus.js';

/** Every finding expected for each invalid fixture, as `CODE location`: nothing more, nothing less. */
const EXPECTED: Record<string, string[]> = {
  'choice-without-default.asl.json': ['CHOICE_WITHOUT_DEFAULT /States/Route'],
  'duplicate-label-name.asl.json': ['DUPLICATE_LABEL_NAME /States/Second/Label'],
  'duplicate-state-name--same-graph.asl.json': ['DUPLICATE_STATE_NAME /States/Notify'],
  'duplicate-state-name.asl.json': ['DUPLICATE_STATE_NAME /States/Fan Out/Branches/1/States/Work'],
  'invalid-intrinsic--escape.asl.json': ['INVALID_INTRINSIC /States/Say/Parameters/text.$'],
  'invalid-intrinsic--format-count.asl.json': ['INVALID_INTRINSIC /States/Name/Parameters/name.$'],
  'invalid-intrinsic.asl.json': [
    'INVALID_INTRINSIC /States/Name/Parameters/name.$',
    'INVALID_INTRINSIC /States/Name/Parameters/id.$',
  ],
  'invalid-json-description--utf8.asl.json': ['INVALID_JSON_DESCRIPTION '],
  'invalid-json-description.asl.json': ['INVALID_JSON_DESCRIPTION '],
  'invalid-jsonata.asl.json': ['INVALID_JSONATA /States/Shape/Output/total'],
  'invalid-jsonpath.asl.json': [
    'INVALID_JSONPATH /States/Collect/ResultPath',
    'INVALID_JSONPATH /States/Collect/Parameters/ids.$',
  ],
  'invalid-label-name.asl.json': ['INVALID_LABEL_NAME /States/Each/Label'],
  'invalid-resource--not-optimized.asl.json': ['INVALID_RESOURCE /States/Find/Resource'],
  'invalid-resource--partition.asl.json': ['INVALID_RESOURCE /States/Call/Resource'],
  'invalid-resource.asl.json': ['INVALID_RESOURCE /States/Call/Resource'],
  'invalid-state-name.asl.json': [`INVALID_STATE_NAME /States/${'S'.repeat(81)}`],
  'loop-without-exit.asl.json': ['LOOP_WITHOUT_EXIT /States/Poll'],
  'loop-without-wait.asl.json': ['LOOP_WITHOUT_WAIT /States/Poll'],
  'missing-description.asl.json': ['MISSING_DESCRIPTION '],
  'missing-end-state.asl.json': ['MISSING_END_STATE /States'],
  'missing-transition-target.asl.json': ['MISSING_TRANSITION_TARGET /States/Check/Default'],
  'no-dollar.asl.json': ['NO_DOLLAR /States/Call/Parameters/Payload/accountId'],
  'no-path.asl.json': ['NO_PATH /States/Stop/Error'],
  'pass-result-is-static.asl.json': ['PASS_RESULT_IS_STATIC /States/Shape/Result/id.$'],
  'query-language-mixing--fields.asl.json': ['QUERY_LANGUAGE_MIXING /States/Call/Arguments'],
  'query-language-mixing.asl.json': ['QUERY_LANGUAGE_MIXING /States/Old Style/QueryLanguage'],
  'schema-validation-failed--bad-type.asl.json': [
    'SCHEMA_VALIDATION_FAILED /States/First/Type',
    'SCHEMA_VALIDATION_FAILED /States/Retry Wrong/Retry/0/MaxAttempts',
    'SCHEMA_VALIDATION_FAILED /States/Retry Wrong/Retry/0/BackoffRate',
    'UNREACHABLE_STATE /States/Retry Wrong',
  ],
  'schema-validation-failed--jsonata-items.asl.json': ['SCHEMA_VALIDATION_FAILED /States/Each/Items'],
  'schema-validation-failed--machine-timeout.asl.json': ['SCHEMA_VALIDATION_FAILED /TimeoutSeconds'],
  'schema-validation-failed--wait-seconds.asl.json': ['SCHEMA_VALIDATION_FAILED /States/Pause/Seconds'],
  'schema-validation-failed--no-next-or-end.asl.json': [
    'SCHEMA_VALIDATION_FAILED /States/First',
    'UNREACHABLE_STATE /States/Last',
  ],
  'schema-validation-failed.asl.json': ['SCHEMA_VALIDATION_FAILED /States/Deploy/Parameter'],
  'states-all-not-last.asl.json': ['STATES_ALL_NOT_LAST /States/Call/Retry/0/ErrorEquals/0'],
  'too-deeply-nested.asl.json': ['TOO_DEEPLY_NESTED /States/Deep/Parameters/v.$'],
  'uncatchable-error.asl.json': ['UNCATCHABLE_ERROR /States/Call/Catch/0/ErrorEquals/0'],
  'unreachable-state.asl.json': ['UNREACHABLE_STATE /States/Orphan'],
  'variable-read-before-assign--later.asl.json': [
    'VARIABLE_READ_BEFORE_ASSIGN /States/Check/Choices/0/Variable',
    'VARIABLE_READ_BEFORE_ASSIGN /States/Count/Assign/attempts.$',
  ],
  'variable-read-before-assign--never.asl.json': ['VARIABLE_READ_BEFORE_ASSIGN /States/Use/Parameters/r.$'],
  'variable-read-before-assign.asl.json': ['VARIABLE_READ_BEFORE_ASSIGN /States/Use/Output'],
};

const WARNINGS: ReadonlySet<DiagnosticCode> = new Set([
  'NO_DOLLAR',
  'NO_PATH',
  'PASS_RESULT_IS_STATIC',
  'CHOICE_WITHOUT_DEFAULT',
  'LOOP_WITHOUT_WAIT',
  'LOOP_WITHOUT_EXIT',
  'UNCATCHABLE_ERROR',
]);

describe('the invalid corpus: each fixture reports its code at its JSON pointer', () => {
  it('has an expectation for every fixture', () => {
    expect(invalidFixtures.map((f) => f.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(invalidFixtures.map((f) => [f.name, f] as const))('%s', (name, fixture) => {
    // The bytes, as the CLI reads them: the UTF-8 fixture must not be decoded leniently first.
    const found = validate(fixture.bytes).map((d) => `${d.code} ${d.location}`);
    expect(found).toEqual(EXPECTED[name]);
    expect(validate(fixture.bytes)).toEqual(
      name.includes('--utf8') ? validate(fixture.bytes) : validate(fixture.text),
    );
  });

  it('cites, in each Comment, the source of every rule added for issues 13 and 14', () => {
    const sourced = [
      'invalid-intrinsic--escape.asl.json',
      'invalid-intrinsic--format-count.asl.json',
      'invalid-json-description--utf8.asl.json',
      'invalid-resource--not-optimized.asl.json',
      'invalid-resource--partition.asl.json',
      'loop-without-exit.asl.json',
      'schema-validation-failed--jsonata-items.asl.json',
      'schema-validation-failed--machine-timeout.asl.json',
      'schema-validation-failed--wait-seconds.asl.json',
      'variable-read-before-assign--later.asl.json',
    ];
    for (const name of sourced) {
      const fixture = invalidFixtures.find((f) => f.name === name);
      const comment = /"Comment": "([^"\\]|\\.)*"/.exec(fixture ? fixture.text : '')?.[0] ?? '';
      expect(comment, name).toMatch(/https:\/\/(docs\.aws\.amazon\.com|github\.com)\/|aws-sdk-js-v3/);
    }
  });

  it('names where invalid UTF-8 starts instead of decoding it to U+FFFD', () => {
    const fixture = invalidFixtures.find((f) => f.name === 'invalid-json-description--utf8.asl.json');
    if (fixture === undefined) throw new Error('the UTF-8 fixture is missing');
    const [finding] = validate(fixture.bytes);
    expect(finding?.message).toBe(
      'not valid UTF-8 at line 3, column 22 (byte offset 375): byte 0xFF cannot start a UTF-8 character',
    );
    // Decoded leniently, the two state names would have become one.
    expect(Object.keys((fixture.json as { States: object }).States)).toEqual(['Deploy-\uFFFD']);
  });

  it('covers every diagnostic code (DEFINITION_TOO_LARGE is generated below)', () => {
    const covered = new Set(Object.values(EXPECTED).flatMap((lines) => lines.map((l) => l.split(' ')[0])));
    covered.add('DEFINITION_TOO_LARGE');
    expect(DIAGNOSTIC_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('gives warnings the WARNING severity and everything else ERROR', () => {
    for (const fixture of invalidFixtures) {
      for (const d of validate(fixture.text)) {
        const expected =
          WARNINGS.has(d.code) || d.message.includes('not assigned on every path') ? 'WARNING' : 'ERROR';
        expect(d.severity, `${fixture.name} ${d.code}`).toBe(expected);
      }
    }
  });

  it('reports DEFINITION_TOO_LARGE above 1 MB, measured in UTF-8 bytes', () => {
    const definition = (result: string) => ({
      StartAt: 'Big',
      States: { Big: { Type: 'Pass', Result: result, End: true } },
    });
    const overhead = JSON.stringify(definition('')).length;
    const justFits = definition('x'.repeat(1_048_576 - overhead));
    expect(validate(justFits)).toEqual([]);
    const found = validate(definition('é'.repeat(600_000)));
    expect(found.map((d) => `${d.code} ${d.location}`)).toEqual(['DEFINITION_TOO_LARGE ']);
    expect(found[0]?.message).toContain('AWS accepts at most 1048576');
    expect(isValidResult(found)).toBe(false);
  });
});
