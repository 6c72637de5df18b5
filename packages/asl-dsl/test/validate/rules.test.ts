import { describe, expect, it } from 'vitest';
import { validate } from '../../src/index.js';

type States = Record<string, unknown>;
const machine = (States: States, extra: Record<string, unknown> = {}) => ({
  StartAt: Object.keys(States)[0],
  States,
  ...extra,
});
const found = (definition: unknown) => validate(definition).map((d) => `${d.code} ${d.location}`);

describe('paths', () => {
  it('accepts full JSONPath where AWS does and Reference Paths where it must', () => {
    expect(
      found(
        machine({
          A: {
            Type: 'Pass',
            InputPath: '$.items[?(@.price < 10 || @.tags.length() > 2)]',
            Parameters: { 'first.$': '$..id', 'ctx.$': '$$.Execution.Input', 'slice.$': '$.a[1:3]' },
            ResultPath: "$.out['with space'][0]",
            OutputPath: '$.out',
            End: true,
          },
        }),
      ),
    ).toEqual([]);
  });

  it('rejects multi-node and non-$ paths in Reference Path fields', () => {
    expect(
      found(
        machine({
          A: {
            Type: 'Map',
            ItemsPath: '$.a[*]',
            ItemProcessor: { StartAt: 'B', States: { B: { Type: 'Succeed' } } },
            Next: 'W',
          },
          W: { Type: 'Wait', SecondsPath: '$..delay', Next: 'P' },
          P: { Type: 'Pass', ResultPath: '$$.Execution.Id', End: true },
        }),
      ),
    ).toEqual([
      'INVALID_JSONPATH /States/A/ItemsPath',
      'INVALID_JSONPATH /States/W/SecondsPath',
      'INVALID_JSONPATH /States/P/ResultPath',
    ]);
  });

  it('accepts ${Name} placeholders in ARNs, whole Resources, paths and number fields', () => {
    expect(
      found(
        machine({
          A: {
            Type: 'Task',
            Resource: '${FunctionArn}',
            TimeoutSeconds: '${Timeout}',
            Parameters: { 'x.$': '$.${Field}' },
            Next: 'B',
          },
          B: { Type: 'Task', Resource: 'arn:${AWS::Partition}:states:::sqs:sendMessage', End: true },
        }),
      ),
    ).toEqual([]);
  });
});

describe('query languages', () => {
  it('lets a JSONPath machine hold JSONata states, not the reverse', () => {
    const jsonataState = { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input %}', End: true };
    expect(found(machine({ A: jsonataState }))).toEqual([]);
    expect(
      found(
        machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }, { QueryLanguage: 'JSONata' }),
      ),
    ).toEqual(['QUERY_LANGUAGE_MIXING /States/A/QueryLanguage']);
  });

  it('reports JSONPath fields and .$ keys in JSONata states', () => {
    expect(
      found(
        machine(
          {
            A: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Arguments: { 'x.$': '$.a' },
              ResultPath: '$.r',
              End: true,
            },
          },
          { QueryLanguage: 'JSONata' },
        ),
      ),
    ).toEqual([
      'QUERY_LANGUAGE_MIXING /States/A/ResultPath',
      'QUERY_LANGUAGE_MIXING /States/A/Arguments/x.$',
    ]);
  });

  it('parses JSONata in number fields and reports syntax errors at the field', () => {
    const wait = (Seconds: unknown) =>
      machine({ W: { Type: 'Wait', Seconds, End: true } }, { QueryLanguage: 'JSONata' });
    expect(found(wait('{% $states.input.delay %}'))).toEqual([]);
    expect(found(wait('{% $states.input.delay + %}'))).toEqual(['INVALID_JSONATA /States/W/Seconds']);
    expect(found(wait('ten'))).toEqual(['SCHEMA_VALIDATION_FAILED /States/W/Seconds']);
  });
});

describe('variables', () => {
  it('sees outer variables in Map and Parallel, not inner ones outside', () => {
    const def = machine(
      {
        Set: { Type: 'Pass', Assign: { outer: 1 }, Next: 'Each' },
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Inner',
            States: {
              Inner: { Type: 'Pass', Assign: { inner: '{% $outer %}' }, Output: '{% $outer %}', End: true },
            },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Output: '{% $inner %}', End: true },
      },
      { QueryLanguage: 'JSONata' },
    );
    const diagnostics = validate(def);
    expect(diagnostics.map((d) => `${d.code} ${d.severity} ${d.location}`)).toEqual([
      'VARIABLE_READ_BEFORE_ASSIGN ERROR /States/After/Output',
    ]);
  });

  it('applies a Catch Assign only on the error path, and ignores JSONata local bindings and functions', () => {
    const def = machine(
      {
        Try: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'f' },
          Assign: { ok: true },
          Catch: [{ ErrorEquals: ['States.ALL'], Assign: { failed: true }, Next: 'Handle' }],
          Next: 'Done',
        },
        Handle: {
          Type: 'Pass',
          Output: '{% ( $n := 1; $map([1], function($v) { $v + $n + $count([]) }) ) & $failed %}',
          End: true,
        },
        Done: { Type: 'Pass', Output: '{% $ok & $failed %}', End: true },
      },
      { QueryLanguage: 'JSONata' },
    );
    // Only the Catch edge to Handle assigns $failed: no path into Done does, so reading it there
    // fails every execution that gets there (an error, not a warning).
    expect(validate(def).map((d) => `${d.code} ${d.severity} ${d.location}`)).toEqual([
      'VARIABLE_READ_BEFORE_ASSIGN ERROR /States/Done/Output',
    ]);
  });

  it('converges on loops: a variable assigned before the loop stays assigned inside it', () => {
    const def = machine({
      Init: { Type: 'Pass', Assign: { n: 0 }, Next: 'Work' },
      Work: {
        Type: 'Pass',
        Parameters: { 'n.$': '$n' },
        Assign: { 'n.$': 'States.MathAdd($n, 1)' },
        Next: 'Again?',
      },
      'Again?': {
        Type: 'Choice',
        Choices: [{ Variable: '$n', NumericLessThan: 3, Next: 'Pause' }],
        Default: 'Done',
      },
      Pause: { Type: 'Wait', Seconds: 1, Next: 'Work' },
      Done: { Type: 'Succeed' },
    });
    expect(found(def)).toEqual([]);
  });
});

describe('LOOP_WITHOUT_WAIT', () => {
  it('warns on a Task → Choice polling loop, not on a loop paced by a Map fan-out or a .sync job', () => {
    const loop = (work: Record<string, unknown>) =>
      machine({
        Work: { ...work, Next: 'More?' },
        'More?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.more', BooleanEquals: true, Next: 'Work' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      });
    const lambda = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:check' };
    expect(found(loop(lambda))).toEqual(['LOOP_WITHOUT_WAIT /States/Work']);
    expect(found(loop({ Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync' }))).toEqual([]);
    const fanOut = { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: { ...lambda, End: true } } } };
    expect(found(loop(fanOut))).toEqual([]);
  });
});

describe('structure and transitions', () => {
  it('reports Next targets in another graph as missing', () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Next: 'Outer' } } }],
        Next: 'Outer',
      },
      Outer: { Type: 'Succeed' },
    });
    expect(found(def)).toEqual([
      'MISSING_TRANSITION_TARGET /States/P/Branches/0/States/B/Next',
      'MISSING_END_STATE /States/P/Branches/0/States',
    ]);
  });

  it('checks Retry numbers, Timeout/Heartbeat order and Wait exclusivity', () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        TimeoutSeconds: 10,
        HeartbeatSeconds: 10,
        Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 0, MaxAttempts: -1 }],
        Next: 'W',
      },
      W: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true },
    });
    expect(found(def)).toEqual([
      'SCHEMA_VALIDATION_FAILED /States/T/HeartbeatSeconds',
      'SCHEMA_VALIDATION_FAILED /States/T/Retry/0/IntervalSeconds',
      'SCHEMA_VALIDATION_FAILED /States/T/Retry/0/MaxAttempts',
      'SCHEMA_VALIDATION_FAILED /States/W',
    ]);
  });

  it('sees keys repeated in the text, which JSON.parse would silently drop', () => {
    const text =
      '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"End":true},"a\\"b":{"Type":"Succeed"},"a\\"b":{"Type":"Succeed"}}}';
    expect(found(text)).toEqual([
      'SCHEMA_VALIDATION_FAILED /States/A/End',
      'DUPLICATE_STATE_NAME /States/a"b',
      'UNREACHABLE_STATE /States/a"b',
    ]);
  });

  it('escapes JSON pointer tokens', () => {
    expect(found(machine({ 'a/b~c': { Type: 'Pass', Bogus: 1, End: true } }))).toEqual([
      'SCHEMA_VALIDATION_FAILED /States/a~1b~0c/Bogus',
    ]);
  });

  it('never throws on hostile input', () => {
    for (const value of [
      null,
      1,
      'x',
      [],
      {},
      { States: [] },
      { StartAt: 'A', States: { A: null } },
      { StartAt: 'A', States: { A: { Type: 'Choice', Choices: 'x' } } },
    ]) {
      expect(() => validate(value)).not.toThrow();
      expect(validate(value).length).toBeGreaterThan(0);
    }
  });
});
