import {
  AslDslError,
  type AslDslErrorCode,
  AslDslErrorCodes,
  cond,
  jsonata,
  PredefinedErrors,
  resources,
  States,
  stateMachine,
} from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({ id: z.string(), n: z.number(), items: z.array(z.string()) });
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

const machine = () => stateMachine({ input: Input, variables: { count: z.number() } });

/** One misuse per error code, with the state and JSON pointer the error must name. */
const cases: Record<
  AslDslErrorCode,
  { build: () => unknown; state?: string; pointer?: string; says: RegExp }
> = {
  DuplicateStateName: {
    build: () => {
      const m = machine();
      m.parallel('P', {
        branches: [(b) => b.pass('Same', { end: true })],
        next: 'Same',
      });
      m.succeed('Same');
      return m.toModel();
    },
    state: 'Same',
    pointer: '/States/P/Branches/0/States/Same',
    says: /already used at \/States\/Same; names are unique across the whole machine/,
  },
  InvalidStateName: {
    build: () => {
      const m = machine();
      m.succeed('x'.repeat(81));
      return m.toModel();
    },
    pointer: `/States/${'x'.repeat(81)}`,
    says: /81 characters \(at most 80\)/,
  },
  DanglingTransition: {
    build: () => {
      const m = machine();
      m.pass('Start', { next: 'done' });
      m.succeed('Done');
      return m.toModel();
    },
    state: 'Start',
    pointer: '/States/Start/Next',
    says: /no state named 'done'.*did you mean 'Done'/,
  },
  ForeignStateReference: {
    build: () => {
      const m = machine();
      const outside = m.succeed('Outside');
      m.map('Each', {
        itemsPath: ({ input }) => input.items,
        // @ts-expect-error the types catch it too: Outside's input (the machine's) is not what Inner sends
        processor: (items) => items.pass('Inner', { next: outside }),
        next: 'Outside',
      });
      m.startAt('Each');
      return m.toModel();
    },
    state: 'Inner',
    pointer: '/States/Each/ItemProcessor/States/Inner/Next',
    says: /belongs to another graph/,
  },
  UnreachableState: {
    build: () => {
      const m = machine();
      m.succeed('Start');
      m.succeed('Orphan');
      return m.toModel();
    },
    state: 'Orphan',
    pointer: '/States/Orphan',
    says: /no transition leads to state 'Orphan'/,
  },
  EmptyGraph: {
    build: () => machine().toModel(),
    pointer: '/States',
    says: /at least one state/,
  },
  InvalidStartAt: {
    build: () => {
      const m = machine();
      m.succeed('Done');
      m.startAt('Missing');
      return m.toModel();
    },
    pointer: '/StartAt',
    says: /StartAt names 'Missing'/,
  },
  MissingTransition: {
    build: () => {
      const m = machine();
      m.pass('Start', {});
      return m.toModel();
    },
    state: 'Start',
    pointer: '/States/Start',
    says: /next .* or end: true/,
  },
  StatesAllNotLast: {
    build: () => {
      const m = machine();
      m.task('T', {
        resource: LAMBDA,
        retry: [{ errors: [PredefinedErrors.ALL] }, { errors: [PredefinedErrors.Timeout] }],
        end: true,
      });
      return m.toModel();
    },
    state: 'T',
    pointer: '/States/T/Retry/0/ErrorEquals',
    says: /States.ALL must be the only error/,
  },
  EmptyErrorEquals: {
    build: () => {
      const m = machine();
      m.task('T', { resource: LAMBDA, catch: [{ errors: [], next: 'T' }], end: true });
      return m.toModel();
    },
    state: 'T',
    pointer: '/States/T/Catch/0/ErrorEquals',
    says: /at least one error/,
  },
  JsonPathFieldInJsonata: {
    build: () => {
      const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
      // The types already reject this in a JSONata machine; the check stays for JavaScript and casts.
      m.task('T', { resource: LAMBDA, parameters: { a: 1 } as never, end: true });
      return m.toModel();
    },
    state: 'T',
    pointer: '/States/T/Parameters',
    says: /Parameters is a JSONPath field/,
  },
  JsonataFieldInJsonPath: {
    build: () => {
      const m = machine();
      // The types already reject Output on a JSONPath state; the check stays for JavaScript and casts.
      m.pass('P', { output: { a: 1 } as never, end: true });
      return m.toModel();
    },
    state: 'P',
    pointer: '/States/P/Output',
    says: /Output is a JSONata field/,
  },
  ConflictingQueryLanguages: {
    build: () => {
      const m = stateMachine({ queryLanguage: 'JSONata' });
      m.pass('P', { queryLanguage: 'JSONPath' as never, end: true });
      return m.toModel();
    },
    state: 'P',
    pointer: '/States/P/QueryLanguage',
    says: /JSONata state machine cannot contain a JSONPath state/,
  },
  WrongQueryLanguageExpression: {
    build: () => {
      const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
      m.pass('P', { output: ({ input }) => ({ n: States.ArrayLength(input.items) }), end: true });
      return m.toModel();
    },
    state: 'P',
    pointer: '/States/P/Output/n',
    says: /intrinsic functions .* exist only in JSONPath states/,
  },
  ReferenceOutOfScope: {
    build: () => {
      const m = stateMachine({ input: Input });
      m.task('T', {
        resource: LAMBDA,
        outputSchema: z.object({ x: z.string() }),
        // The result does not exist yet when Parameters is evaluated.
        parameters: ({ result }: { result: { x: unknown } }) => ({ x: result.x }),
        end: true,
      } as never);
      return m.toModel();
    },
    state: 'T',
    pointer: '/States/T/Parameters/x',
    says: /Parameters cannot reference the state result/,
  },
  InvalidExpression: {
    build: () => {
      const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
      m.pass('P', { output: ({ input }) => jsonata`$count(${input.items}`, end: true });
      return m.toModel();
    },
    state: 'P',
    pointer: '/States/P/Output',
    says: /does not parse/,
  },
  DynamicValueInArray: {
    build: () => {
      const m = machine();
      m.pass('P', { parameters: ({ input }) => ({ list: [input.id] }), end: true });
      return m.toModel();
    },
    state: 'P',
    pointer: '/States/P/Parameters/list/0',
    says: /States.Array/,
  },
  InvalidResource: {
    build: () => {
      const m = machine();
      m.task('T', { resource: 'arn:aws:lambda:us-east-1:function:f', end: true });
      return m.toModel();
    },
    state: 'T',
    pointer: '/States/T/Resource',
    says: /not a Lambda function, activity or service integration ARN/,
  },
  UndeclaredSubstitution: {
    build: () => {
      const m = stateMachine({ substitutions: ['Known'] });
      m.task('T', { resource: '${Unknown}', end: true });
      return m.toModel();
    },
    state: 'T',
    pointer: '/States/T/Resource',
    says: /'\$\{Unknown\}' is not among the machine's declared substitutions \(Known\)/,
  },
  InvalidVariable: {
    build: () => {
      const m = machine();
      m.pass('P', { assign: { cuont: 1 } as never, end: true });
      return m.toModel();
    },
    state: 'P',
    pointer: '/States/P/Assign/cuont',
    says: /variable 'cuont' is not declared/,
  },
  InvalidFieldValue: {
    build: () => {
      const m = machine();
      m.task('T', { resource: LAMBDA, timeoutSeconds: 60, heartbeatSeconds: 60, end: true });
      return m.toModel();
    },
    state: 'T',
    pointer: '/States/T/HeartbeatSeconds',
    says: /HeartbeatSeconds must be smaller than TimeoutSeconds/,
  },
  ConflictingFields: {
    build: () => {
      const m = machine();
      m.wait('W', { seconds: 1, timestamp: '2026-01-01T00:00:00Z', end: true });
      return m.toModel();
    },
    state: 'W',
    pointer: '/States/W',
    says: /exactly one of seconds and timestamp/,
  },
  MissingField: {
    build: () => {
      const m = machine();
      m.choice('C', { choices: [] });
      return m.toModel();
    },
    state: 'C',
    pointer: '/States/C/Choices',
    says: /at least one rule/,
  },
  DistributedOnlyField: {
    build: () => {
      const m = machine();
      m.map('M', { toleratedFailureCount: 1, processor: (p) => p.succeed('Item'), end: true });
      return m.toModel();
    },
    state: 'M',
    pointer: '/States/M/ToleratedFailureCount',
    says: /needs mode: 'DISTRIBUTED'/,
  },
  UnknownOption: {
    build: () => {
      const m = machine();
      // A Choice has no `next` (its rules and default say where to go); TypeScript rejects the literal.
      const options = { choices: [{ when: cond.isPresent('$.id'), next: 'Done' }], next: 'Done' };
      m.choice('C', options as never);
      m.succeed('Done');
      return m.toModel();
    },
    state: 'C',
    pointer: '/States/C',
    says: /'next' is not an option of a Choice/,
  },
  InvalidAfter: {
    build: () => {
      const m = machine();
      const start = m.pass('Start', { next: 'Middle' });
      m.pass('Middle', { next: 'Last' });
      // @ts-expect-error the types catch it too: no transition of 'Start' leads to 'Last'
      m.succeed('Last', { after: start });
      return m.toModel();
    },
    state: 'Last',
    pointer: '/States/Last',
    says: /no transition of 'Start' .* leads to 'Last'/,
  },
  IncompatibleStateInput: {
    build: () => {
      const m = machine();
      const deploy = m.task('Deploy', {
        resource: LAMBDA,
        outputSchema: z.object({ stackId: z.string() }),
        resultPath: '$.deploy',
        catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Report' }],
        next: 'Report',
      });
      // Reached from the Catch too, where $.deploy does not exist (the types say `string | undefined`).
      m.pass('Report', {
        after: deploy,
        parameters: ({ input }) => ({ id: input.deploy.stackId }),
        end: true,
      });
      return m.toModel();
    },
    state: 'Report',
    pointer: '/States/Deploy/Catch/0/Next',
    says: /'Deploy' \(Catch #0 \(States.ALL\)\) → 'Report': 'Report' reads \$.deploy.stackId .* field 'deploy' is not in the data/,
  },
  InvalidGraphResult: {
    build: () => {
      const m = machine();
      m.map('Each', {
        itemsPath: ({ input }) => input.items,
        processor: (item) => {
          const first = item.pass('First', { next: 'Last' });
          item.succeed('Last');
          return first;
        },
        end: true,
      });
      return m.toModel();
    },
    state: 'Each',
    pointer: '/States/Each/ItemProcessor/States/First',
    says: /returned 'First', which does not end the graph/,
  },
  InvalidIntrinsicCall: {
    build: () => States.Format('{} and {}', 'only one'),
    says: /2 '\{\}' placeholder\(s\) but 1 argument/,
  },
  JsonataKindMismatch: {
    build: () => {
      const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
      m.pass('Label', { output: { n: jsonata.number`'stack ' & $states.input.id` }, end: true });
      return m.toModel();
    },
    state: 'Label',
    pointer: '/States/Label/Output/n',
    says: /jsonata\.number claims a number, but the JSONata expression .* gives a string/,
  },
  UnknownTaskState: {
    build: () => {
      const m = machine();
      m.task('Deploy', { resource: LAMBDA, end: true });
      return m.handle('Deplyo');
    },
    says: /no Task state named 'Deplyo' \(Task states: Deploy\)/,
  },
};

describe('AslDslError', () => {
  it('has a test case for every code', () => {
    expect(Object.keys(cases).sort()).toEqual([...AslDslErrorCodes].sort());
  });

  for (const [code, { build, state, pointer, says }] of Object.entries(cases)) {
    it(`${code}: names the problem, the state and the JSON pointer`, () => {
      const error = errorOf(build);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(says);
      expect(error.message.startsWith(`${code}: `)).toBe(true);
      if (state !== undefined) expect(error.stateName).toBe(state);
      if (pointer !== undefined) expect(error.pointer).toBe(pointer);
    });
  }
});

describe('other misuse', () => {
  it('rejects a Choice rule with both when and condition', () => {
    const jsonataMachine = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    jsonataMachine.choice('C', {
      choices: ({ input }) => [{ when: cond.stringEquals(input.id, 'a'), condition: true, next: 'C' }],
    });
    expect(errorOf(() => jsonataMachine.toModel())).toMatchObject({
      code: 'ConflictingFields',
      pointer: '/States/C/Choices/0',
    });
  });

  it('keeps the state input out of JSONPath Assign where $ is the result, and renders the error output in a Catch', () => {
    const m = stateMachine({ input: Input, variables: { count: z.number(), why: z.string() } });
    m.task('T', { resource: LAMBDA, assign: ({ input }) => ({ count: input.n }), end: true });
    expect(errorOf(() => m.toModel())).toMatchObject({
      code: 'ReferenceOutOfScope',
      pointer: '/States/T/Assign/count',
    });
    const ok = stateMachine({ input: Input, variables: { count: z.number(), why: z.string() } });
    ok.task('T', {
      resource: LAMBDA,
      catch: [
        {
          errors: [PredefinedErrors.ALL],
          next: 'F',
          assign: ({ errorOutput }) => ({ why: errorOutput.Cause }),
        },
      ],
      end: true,
    });
    ok.fail('F');
    const state = ok.toModel().States.T;
    expect(state?.Type === 'Task' && state.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], Next: 'F', Assign: { 'why.$': '$.Cause' } },
    ]);
  });

  it("rejects a Distributed Map child reading the parent's variables, but not its own", () => {
    const m = machine();
    m.pass('Set', { assign: { count: 1 }, next: 'Fan out' });
    m.map('Fan out', {
      mode: 'DISTRIBUTED',
      itemsPath: ({ input }) => input.items,
      processor: (items) => items.pass('Use', { parameters: ({ vars }) => ({ n: vars.count }), end: true }),
      end: true,
    });
    expect(errorOf(() => m.toModel())).toMatchObject({
      code: 'InvalidVariable',
      stateName: 'Use',
      pointer: '/States/Fan out/ItemProcessor/States/Use/Parameters/n',
    });
    const inline = machine();
    inline.pass('Set', { assign: { count: 1 }, next: 'Each' });
    inline.map('Each', {
      itemsPath: ({ input }) => input.items,
      processor: (items) => items.pass('Use', { parameters: ({ vars }) => ({ n: vars.count }), end: true }),
      end: true,
    });
    expect(() => inline.toModel()).not.toThrow();
    const own = machine();
    own.map('Fan out', {
      mode: 'DISTRIBUTED',
      itemsPath: ({ input }) => input.items,
      processor: (items) => {
        items.pass('Set', { assign: { count: 2 }, next: 'Use' });
        items.pass('Use', { parameters: ({ vars }) => ({ n: vars.count }), end: true });
      },
      end: true,
    });
    expect(() => own.toModel()).not.toThrow();
  });

  it('reports unknown options in nested objects (ReaderConfig, Retry) with their pointer', () => {
    const m = machine();
    m.map('M', {
      mode: 'DISTRIBUTED',
      itemReader: {
        resource: resources.integration('s3', 'getObject'),
        readerConfig: { inputType: 'JSON', maxitems: 10 } as never,
      },
      processor: (p) => p.succeed('Item'),
      end: true,
    });
    expect(errorOf(() => m.toModel())).toMatchObject({
      code: 'UnknownOption',
      pointer: '/States/M/ItemReader/ReaderConfig',
    });
    const r = machine();
    r.task('T', { resource: LAMBDA, retry: [{ errors: ['States.ALL'], maxAttempt: 2 } as never], end: true });
    expect(errorOf(() => r.toModel()).message).toMatch(/'maxAttempt' is not an option of a Retry/);
  });

  it('rejects a raw path that is not a path, and an unknown intrinsic in a raw .$ key', () => {
    const m = machine();
    m.pass('P', { parameters: { 'x.$': 'States.Nope($.a)' }, end: true });
    expect(errorOf(() => m.toModel())).toMatchObject({
      code: 'InvalidExpression',
      pointer: '/States/P/Parameters/x.$',
    });
    const m2 = machine();
    m2.pass('P', { resultPath: '$.a[*]' as `$${string}`, end: true });
    expect(errorOf(() => m2.toModel())).toMatchObject({
      code: 'InvalidExpression',
      pointer: '/States/P/ResultPath',
    });
  });

  it('rejects intrinsic literal arguments that break the signature', () => {
    expect(errorOf(() => States.ArrayRange(1, 5000, 1)).message).toMatch(/at most 1000/);
    expect(errorOf(() => States.ArrayGetItem(resourcesArray(), 1.5)).code).toBe('InvalidIntrinsicCall');
  });

  it('rejects an invalid or duplicate Map Run label', () => {
    const m = machine();
    const distributed = {
      mode: 'DISTRIBUTED',
      processor: (p: { succeed(name: string): unknown }) => p.succeed(`${Math.random()}`),
    } as const;
    m.map('A', { ...distributed, label: 'run', processor: (p) => p.succeed('A item'), next: 'B' });
    m.map('B', { ...distributed, label: 'run', processor: (p) => p.succeed('B item'), end: true });
    expect(errorOf(() => m.toModel())).toMatchObject({
      code: 'DuplicateStateName',
      pointer: '/States/B/Label',
    });
    const m2 = machine();
    m2.map('A', { mode: 'DISTRIBUTED', label: 'has space', processor: (p) => p.succeed('Item'), end: true });
    expect(errorOf(() => m2.toModel())).toMatchObject({
      code: 'InvalidStateName',
      pointer: '/States/A/Label',
    });
  });

  it('resource helpers build the documented ARNs', () => {
    expect(resources.lambdaInvoke()).toBe('arn:aws:states:::lambda:invoke');
    expect(resources.awsSdk('organizations', 'listAccounts')).toBe(
      'arn:aws:states:::aws-sdk:organizations:listAccounts',
    );
  });
});

function resourcesArray() {
  const m = stateMachine({ input: Input });
  return m.ref((i) => i.items);
}
