import {
  cond,
  type OutputOf,
  type PathRef,
  PredefinedErrors,
  resources,
  type StateHandle,
  States,
  stateMachine,
  type TaskHandle,
} from '@stackset-lite/asl-dsl';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({ accounts: z.array(z.object({ id: z.string(), regions: z.array(z.string()) })) });
type Input = z.infer<typeof Input>;
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('typed references', () => {
  it('types a path through arrays and objects', () => {
    const m = stateMachine({ input: Input });
    expectTypeOf(m.ref((i) => i.accounts[0].id)).toExtend<PathRef<string>>();
    expectTypeOf(m.ref((i) => i.accounts[0].regions)).toExtend<PathRef<string[]>>();
    // @ts-expect-error a misspelt field does not compile
    m.ref((i) => i.accounts[0].idd);
    // @ts-expect-error a misspelt top-level field does not compile
    m.ref((i) => i.acounts);
  });

  it('reaches the fields of every member of a union of objects', () => {
    const Template = z.object({
      template: z.union([z.object({ url: z.string() }), z.object({ bucket: z.string(), key: z.string() })]),
    });
    const m = stateMachine({ input: Template });
    expectTypeOf(m.ref((i) => i.template.url)).toExtend<PathRef<string | undefined>>();
    expectTypeOf(m.ref((i) => i.template.bucket)).toExtend<PathRef<string | undefined>>();
    // @ts-expect-error no member has this field
    m.ref((i) => i.template.bukket);
  });

  it('rejects a reference of the wrong type where a number is expected', () => {
    const m = stateMachine({ input: Input });
    m.wait('Wait', {
      // @ts-expect-error regions is a string[], Seconds needs a number
      seconds: m.ref((i) => i.accounts[0].regions),
      end: true,
    });
    m.task('Deploy', {
      resource: LAMBDA,
      inputSchema: z.object({ count: z.number(), id: z.string() }),
      // @ts-expect-error regions is a string[], the payload's count is a number
      parameters: ({ input }) => ({
        count: input.accounts[0].regions,
        id: input.accounts[0].id,
      }),
      end: true,
    });
    m.task('Deploy right', {
      resource: LAMBDA,
      inputSchema: z.object({ count: z.number(), id: z.string() }),
      parameters: ({ input }) => ({ count: 3, id: input.accounts[0].id }),
      end: true,
    });
    m.choice('Check', {
      choices: ({ input }) => [
        // @ts-expect-error NumericEquals needs a number reference
        { when: cond.numericEquals(input.accounts[0].regions, 3), next: 'Wait' },
        { when: cond.stringEquals(input.accounts[0].id, 'a'), next: 'Wait' },
      ],
    });
  });

  it('types the payload from the input schema, requiring its fields', () => {
    const m = stateMachine({ input: Input });
    m.task('Deploy', {
      resource: LAMBDA,
      inputSchema: z.object({ id: z.string(), dryRun: z.boolean() }),
      // @ts-expect-error dryRun is missing
      parameters: ({ input }) => ({ id: input.accounts[0].id }),
      end: true,
    });
  });

  it('types variables and the context object', () => {
    const m = stateMachine({ input: Input, variables: { stackId: z.string(), attempts: z.number() } });
    expectTypeOf(m.vars.stackId).toExtend<PathRef<string>>();
    expectTypeOf(m.ctx.Execution.Input.accounts).toExtend<PathRef<Input['accounts']>>();
    expectTypeOf(m.ctx.Map.Item.Index).toExtend<PathRef<number>>();
    // @ts-expect-error undeclared variable
    m.vars.stackid;
    m.pass('Count', {
      parameters: ({ vars }) => ({ n: States.MathAdd(vars.attempts, 1) }),
      // @ts-expect-error attempts is a number, not a string
      assign: ({ input }) => ({ attempts: input.accounts[0].id }),
      end: true,
    });
  });

  it('types the task result for ResultSelector and the state output after ResultPath', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', {
      resource: LAMBDA,
      outputSchema: z.object({ stackId: z.string(), status: z.enum(['OK', 'FAILED']) }),
      resultSelector: ({ result }) => ({ id: result.stackId }),
      resultPath: '$.deploy',
      end: true,
    });
    expectTypeOf(deploy).toExtend<StateHandle<Omit<Input, 'deploy'> & { deploy: { id: string } }>>();
    const plain = m.task('Plain', {
      resource: LAMBDA,
      inputSchema: z.object({ id: z.string() }),
      outputSchema: z.object({ stackId: z.string() }),
      parameters: { id: 'x' },
      end: true,
    });
    expectTypeOf(plain).toExtend<TaskHandle<{ stackId: string }, { id: string }, { stackId: string }>>();
    const kept = m.task('Kept', { resource: LAMBDA, resultPath: null, end: true });
    expectTypeOf(kept).toExtend<StateHandle<Input>>();
    m.task('Bad selector', {
      resource: LAMBDA,
      outputSchema: z.object({ stackId: z.string() }),
      // @ts-expect-error the result has no stackid
      resultSelector: ({ result }) => ({ id: result.stackid }),
      end: true,
    });
  });

  it('types a Pass output from Parameters, Result and ResultPath', () => {
    const m = stateMachine({ input: Input });
    const shaped = m.pass('Shape', {
      parameters: ({ input }) => ({ first: input.accounts[0].id }),
      end: true,
    });
    expectTypeOf(shaped).toExtend<StateHandle<{ first: string }>>();
    // A fixed result is data: its literals are widened, as TypeScript widens an object literal.
    const seeded = m.pass('Seed', { result: { n: 1 }, resultPath: '$.seed', end: true });
    expectTypeOf(seeded).toExtend<StateHandle<Omit<Input, 'seed'> & { seed: { n: number } }>>();
    expectTypeOf<OutputOf<typeof seeded>['seed']>().toEqualTypeOf<{ n: number }>();
    const same = m.pass('Same', { end: true });
    expectTypeOf(same).toExtend<StateHandle<Input>>();
  });

  it('types a JSONata state output from its output template', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    const counted = m.pass('Count', {
      output: ({ input }) => ({ first: input.accounts[0].id, n: 1 }),
      end: true,
    });
    expectTypeOf(counted).toExtend<StateHandle<{ first: string; n: number }>>();
    const described = m.task('Describe', {
      resource: LAMBDA,
      outputSchema: z.object({ status: z.string() }),
      output: ({ result }) => ({ status: result.status }),
      end: true,
    });
    expectTypeOf(described).toExtend<StateHandle<{ status: string }>>();
  });

  it('carries a state output into the next state through stateInput', () => {
    const m = stateMachine({ input: Input });
    const deploy = m.task('Deploy', {
      resource: LAMBDA,
      outputSchema: z.object({ stackId: z.string() }),
      next: 'Report',
    });
    m.pass('Report', {
      stateInput: deploy,
      parameters: ({ input }) => ({ id: input.stackId }),
      end: true,
    });
  });

  it('types Map items from itemsPath, and the processor input from ItemSelector', () => {
    const m = stateMachine({ input: Input });
    m.map('Each', {
      itemsPath: ({ input }) => input.accounts,
      processor: (items) => {
        expectTypeOf(items.ref((item) => item.regions)).toExtend<PathRef<string[]>>();
        items.pass('Item', { end: true });
      },
      end: true,
    });
    m.map('Selected', {
      itemsPath: ({ input }) => input.accounts,
      itemSelector: ({ ctx }) => ({ account: ctx.Map.Item.Value.id }),
      processor: (items) => {
        expectTypeOf(items.ref((item) => item.account)).toExtend<PathRef<string>>();
        // @ts-expect-error the selector produced no regions field
        items.ref((item) => item.regions);
        items.pass('Selected item', { end: true });
      },
      end: true,
    });
  });

  it('rejects JSONPath-only options in a JSONata machine at compile time', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    // @ts-expect-error Parameters is a JSONPath field
    m.task('A', { resource: LAMBDA, parameters: { a: 1 }, end: true });
    // @ts-expect-error ResultPath is a JSONPath field
    m.pass('B', { resultPath: '$.x', end: true });
    m.task('C', { resource: LAMBDA, arguments: { a: 1 }, output: { b: 2 }, end: true });
    const mixed = stateMachine({ input: Input });
    mixed.pass('D', { resultPath: '$.x', next: 'E' });
    mixed.pass('E', { queryLanguage: 'JSONata', output: { a: 1 }, next: 'F' });
    // @ts-expect-error a JSONata state has no ResultPath
    mixed.pass('F', { queryLanguage: 'JSONata', resultPath: '$.y', next: 'G' });
    // @ts-expect-error a JSONPath state (the machine's default) has no Output
    mixed.pass('G', { output: { a: 1 }, end: true });
    // @ts-expect-error a JSONata machine cannot hold a JSONPath state
    m.pass('H', { queryLanguage: 'JSONPath', end: true });
  });

  it('types Parallel branch inputs from parameters', () => {
    const m = stateMachine({ input: Input });
    m.parallel('Both', {
      parameters: ({ input }) => ({ first: input.accounts[0].id }),
      branches: [
        (b) => {
          expectTypeOf(b.ref((i) => i.first)).toExtend<PathRef<string>>();
          // @ts-expect-error the branch input is the parameters' output, which has no accounts
          b.ref((i) => i.accounts);
          b.succeed('Left');
        },
      ],
      end: true,
    });
  });

  it('limits Retry and Catch to predefined and declared errors', () => {
    const m = stateMachine({ input: Input });
    m.task('Deploy', {
      resource: resources.lambdaInvoke(),
      errors: ['StackFailed'],
      retry: [{ errors: ['StackFailed', PredefinedErrors.Timeout] }],
      // @ts-expect-error 'StackFaild' is neither predefined nor declared
      catch: [{ errors: ['StackFaild'], next: 'Deploy' }],
      end: true,
    });
  });

  it('checks intrinsic argument kinds and declared substitution keys', () => {
    const m = stateMachine({ input: Input, substitutions: ['DeployFn'] });
    // @ts-expect-error ArrayLength needs an array
    States.ArrayLength(m.ref((i) => i.accounts[0].id));
    expectTypeOf(
      States.ArrayGetItem(
        m.ref((i) => i.accounts),
        0,
      ),
    ).toExtend<import('@stackset-lite/asl-dsl').IntrinsicValue<Input['accounts'][number]>>();
    expectTypeOf(m.placeholder('DeployFn')).toEqualTypeOf<'${DeployFn}'>();
    // @ts-expect-error undeclared key
    m.placeholder('Other');
  });
});
