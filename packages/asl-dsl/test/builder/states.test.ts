import {
  cond,
  jsonata,
  PredefinedErrors,
  resources,
  type StateMachineDefinition,
  States,
  stateMachine,
  validate,
} from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Account = z.object({ id: z.string(), regions: z.array(z.string()), attempts: z.number() });
const Input = z.object({
  accounts: z.array(Account),
  bucket: z.string(),
  wait: z.number(),
  roleArn: z.string(),
  // Read by the Choice test's raw `$.flag` and `$.max` paths (the build checks reads against the schema).
  flag: z.boolean().optional(),
  max: z.number().optional(),
});
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:deploy';

/** The model, after checking that the validator finds no error in what the builder produced. */
function checked(machine: { toModel(): StateMachineDefinition }): StateMachineDefinition {
  const model = machine.toModel();
  expect(validate(model).filter((diagnostic) => diagnostic.severity === 'ERROR')).toEqual([]);
  return model;
}

describe('Task', () => {
  it('renders every JSONPath field', () => {
    const m = stateMachine({ input: Input, variables: { stackId: z.string() } });
    m.task('Deploy', {
      comment: 'deploy one account',
      resource: resources.lambdaInvoke(),
      inputSchema: z.object({ FunctionName: z.string(), Payload: z.object({ accountId: z.string() }) }),
      outputSchema: z.object({ Payload: z.object({ stackId: z.string() }) }),
      errors: ['StackFailed'],
      inputPath: ({ input }) => input,
      parameters: ({ input }) => ({ FunctionName: LAMBDA, Payload: { accountId: input.accounts[0].id } }),
      resultSelector: ({ result }) => ({ stackId: result.Payload.stackId }),
      resultPath: '$.deploy',
      outputPath: '$',
      assign: ({ result }) => ({ stackId: result.stackId }), // the ResultSelector's output
      timeoutSeconds: 300,
      heartbeatSeconds: 60,
      credentials: { roleArn: 'arn:aws:iam::123456789012:role/deployer' },
      retry: [
        {
          errors: ['StackFailed', PredefinedErrors.TaskFailed],
          intervalSeconds: 2,
          maxAttempts: 5,
          backoffRate: 1.5,
          maxDelaySeconds: 30,
          jitterStrategy: 'FULL',
        },
      ],
      catch: [{ errors: [PredefinedErrors.ALL], next: 'Failed', resultPath: '$.error' }],
      next: 'Done',
    });
    m.succeed('Done');
    m.fail('Failed', { error: 'DeployFailed', cause: 'see $.error' });
    expect(checked(m).States.Deploy).toEqual({
      Type: 'Task',
      Comment: 'deploy one account',
      Resource: 'arn:aws:states:::lambda:invoke',
      InputPath: '$',
      Parameters: { FunctionName: LAMBDA, Payload: { 'accountId.$': '$.accounts[0].id' } },
      ResultSelector: { 'stackId.$': '$.Payload.stackId' },
      ResultPath: '$.deploy',
      OutputPath: '$',
      Assign: { 'stackId.$': '$.stackId' },
      TimeoutSeconds: 300,
      HeartbeatSeconds: 60,
      Credentials: { RoleArn: 'arn:aws:iam::123456789012:role/deployer' },
      Retry: [
        {
          ErrorEquals: ['StackFailed', 'States.TaskFailed'],
          IntervalSeconds: 2,
          MaxAttempts: 5,
          BackoffRate: 1.5,
          MaxDelaySeconds: 30,
          JitterStrategy: 'FULL',
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed', ResultPath: '$.error' }],
      Next: 'Done',
    });
  });

  it('renders Path forms from typed references', () => {
    const m = stateMachine({ input: Input });
    m.task('Wait for callback', {
      resource: resources.lambdaInvoke('waitForTaskToken'),
      parameters: ({ ctx }) => ({ FunctionName: LAMBDA, Payload: { token: ctx.Task.Token } }),
      timeoutSeconds: m.ref((i) => i.wait),
      heartbeatSeconds: m.ref((i) => i.wait),
      credentials: { roleArn: m.ref((i) => i.roleArn) },
      end: true,
    });
    expect(checked(m).States['Wait for callback']).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: LAMBDA, Payload: { 'token.$': '$$.Task.Token' } },
      TimeoutSecondsPath: '$.wait',
      HeartbeatSecondsPath: '$.wait',
      Credentials: { 'RoleArn.$': '$.roleArn' },
      End: true,
    });
  });

  it('renders a JSONata task with Arguments, Output, Assign and a Catch with Output', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata', variables: { stackId: z.string() } });
    m.task('Describe', {
      resource: resources.awsSdk('cloudformation', 'describeStacks'),
      outputSchema: z.object({ Stacks: z.array(z.object({ StackId: z.string(), StackStatus: z.string() })) }),
      arguments: ({ input }) => ({ StackName: jsonata`'app-' & ${input.accounts[0].id}` }),
      output: ({ result }) => ({ status: result.Stacks[0].StackStatus }),
      assign: ({ result }) => ({ stackId: result.Stacks[0].StackId }),
      timeoutSeconds: jsonata.number`${m.ref((i) => i.wait)} * 2`,
      catch: [
        {
          errors: [PredefinedErrors.ALL],
          next: 'Failed',
          output: ({ errorOutput }) => ({ why: errorOutput.Cause }),
        },
      ],
      end: true,
    });
    m.fail('Failed');
    const model = checked(m);
    expect(model.QueryLanguage).toBe('JSONata');
    expect(model.States.Describe).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:cloudformation:describeStacks',
      Arguments: { StackName: "{% 'app-' & $states.input.accounts[0].id %}" },
      Output: { status: '{% $states.result.Stacks[0].StackStatus %}' },
      Assign: { stackId: '{% $states.result.Stacks[0].StackId %}' },
      TimeoutSeconds: '{% $states.input.wait * 2 %}',
      Catch: [
        { ErrorEquals: ['States.ALL'], Next: 'Failed', Output: { why: '{% $states.errorOutput.Cause %}' } },
      ],
      End: true,
    });
  });

  it('accepts optimized integrations, activities and declared placeholders', () => {
    const m = stateMachine({ substitutions: ['DeployFunctionArn'] });
    m.task('A', { resource: resources.integration('ecs', 'runTask', 'sync'), next: 'B' });
    m.task('B', { resource: resources.integration('states', 'startExecution', 'sync:2'), next: 'C' });
    m.task('C', {
      resource: resources.activity('arn:aws:states:eu-west-1:123456789012:activity:approve'),
      next: 'D',
    });
    m.task('D', { resource: m.placeholder('DeployFunctionArn'), end: true });
    const states = checked(m).States;
    expect(Object.values(states).map((s) => (s.Type === 'Task' ? s.Resource : ''))).toEqual([
      'arn:aws:states:::ecs:runTask.sync',
      'arn:aws:states:::states:startExecution.sync:2',
      'arn:aws:states:eu-west-1:123456789012:activity:approve',
      `\${DeployFunctionArn}`,
    ]);
    expect(m.substitutionKeys).toEqual(['DeployFunctionArn']);
  });
});

describe('Pass', () => {
  it('renders Result and ResultPath in JSONPath', () => {
    const m = stateMachine();
    m.pass('Seed', { result: { n: 1 }, resultPath: '$.seed', inputPath: '$', outputPath: '$', next: 'Done' });
    m.succeed('Done', { comment: 'ok' });
    expect(checked(m).States).toEqual({
      Seed: {
        Type: 'Pass',
        InputPath: '$',
        Result: { n: 1 },
        ResultPath: '$.seed',
        OutputPath: '$',
        Next: 'Done',
      },
      Done: { Type: 'Succeed', Comment: 'ok' },
    });
  });

  it('renders Parameters with intrinsic functions', () => {
    const m = stateMachine({ input: Input });
    m.pass('Shape', {
      parameters: ({ input, ctx }) => ({
        greeting: States.Format('Hello {} from {}', input.accounts[0].id, ctx.Execution.Name),
        regions: States.ArrayLength(input.accounts[0].regions),
        id: States.UUID(),
        literal: [1, 2],
      }),
      end: true,
    });
    expect(checked(m).States.Shape).toEqual({
      Type: 'Pass',
      Parameters: {
        'greeting.$': "States.Format('Hello {} from {}', $.accounts[0].id, $$.Execution.Name)",
        'regions.$': 'States.ArrayLength($.accounts[0].regions)',
        'id.$': 'States.UUID()',
        literal: [1, 2],
      },
      End: true,
    });
  });

  it('renders Output in a JSONata state inside a JSONPath machine', () => {
    const m = stateMachine({ input: Input });
    m.pass('Count', {
      queryLanguage: 'JSONata',
      output: ({ input }) => ({ count: jsonata.number`$count(${input.accounts})` }),
      end: true,
    });
    expect(checked(m).States.Count).toEqual({
      Type: 'Pass',
      QueryLanguage: 'JSONata',
      Output: { count: '{% $count($states.input.accounts) %}' },
      End: true,
    });
  });
});

describe('Choice', () => {
  it('renders every operator family, Path forms, And/Or/Not and Default', () => {
    const m = stateMachine({ input: Input, variables: { limit: z.number() } });
    m.pass('Set limit', { assign: { limit: 3 }, next: 'Route' });
    m.choice('Route', {
      choices: ({ input, vars }) => [
        {
          when: cond.and(
            cond.stringEquals(input.bucket, 'b'),
            cond.numericGreaterThanEquals(input.wait, vars.limit),
            cond.not(cond.isNull(input.roleArn)),
          ),
          next: 'A',
        },
        {
          when: cond.or(cond.stringMatches(input.bucket, 'log-*'), cond.booleanEquals('$.flag', true)),
          next: 'A',
          comment: 'logs',
        },
        { when: cond.timestampLessThan(input.bucket, '2026-01-01T00:00:00Z'), next: 'A' },
        { when: cond.numericLessThan(input.wait, '$.max'), next: 'A' },
        { when: cond.isPresent(input.accounts, false), next: 'A' },
      ],
      default: 'B',
    });
    m.succeed('A');
    m.succeed('B');
    expect(checked(m).States.Route).toEqual({
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.bucket', StringEquals: 'b' },
            { Variable: '$.wait', NumericGreaterThanEqualsPath: '$limit' },
            { Not: { Variable: '$.roleArn', IsNull: true } },
          ],
          Next: 'A',
        },
        {
          Or: [
            { Variable: '$.bucket', StringMatches: 'log-*' },
            { Variable: '$.flag', BooleanEquals: true },
          ],
          Next: 'A',
          Comment: 'logs',
        },
        { Variable: '$.bucket', TimestampLessThan: '2026-01-01T00:00:00Z', Next: 'A' },
        { Variable: '$.wait', NumericLessThanPath: '$.max', Next: 'A' },
        { Variable: '$.accounts', IsPresent: false, Next: 'A' },
      ],
      Default: 'B',
    });
  });

  it('renders JSONata conditions with Assign and Output per rule', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata', variables: { mode: z.string() } });
    m.choice('Route', {
      choices: ({ input }) => [
        {
          condition: jsonata.boolean`$count(${input.accounts}) > 10`,
          assign: { mode: 'batch' },
          output: { large: true },
          next: 'A',
        },
        { condition: '{% $states.input.wait = 0 %}', next: 'A' },
      ],
      default: 'A',
    });
    m.succeed('A');
    expect(checked(m).States.Route).toEqual({
      Type: 'Choice',
      Choices: [
        {
          Condition: '{% $count($states.input.accounts) > 10 %}',
          Assign: { mode: 'batch' },
          Output: { large: true },
          Next: 'A',
        },
        { Condition: '{% $states.input.wait = 0 %}', Next: 'A' },
      ],
      Default: 'A',
    });
  });
});

describe('Wait, Succeed, Fail', () => {
  it('renders literal and Path forms', () => {
    const m = stateMachine({ input: Input });
    m.wait('Pause', { seconds: 10, next: 'Until' });
    m.wait('Until', { timestamp: '2026-11-21T12:00:00Z', next: 'Dynamic' });
    m.wait('Dynamic', { seconds: m.ref((i) => i.wait), next: 'Stop' });
    m.fail('Stop', { error: m.ref((i) => i.bucket), cause: 'bad bucket' });
    expect(checked(m).States).toEqual({
      Pause: { Type: 'Wait', Seconds: 10, Next: 'Until' },
      Until: { Type: 'Wait', Timestamp: '2026-11-21T12:00:00Z', Next: 'Dynamic' },
      Dynamic: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Stop' },
      Stop: { Type: 'Fail', ErrorPath: '$.bucket', Cause: 'bad bucket' },
    });
  });

  it('renders JSONata Wait and Fail expressions', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    m.wait('Pause', { seconds: m.ref((i) => i.wait), next: 'Stop' });
    m.fail('Stop', { error: jsonata.string`'E' & ${m.ref((i) => i.bucket)}` });
    expect(checked(m).States).toEqual({
      Pause: { Type: 'Wait', Seconds: '{% $states.input.wait %}', Next: 'Stop' },
      Stop: { Type: 'Fail', Error: "{% 'E' & $states.input.bucket %}" },
    });
  });
});

describe('Parallel', () => {
  it('renders branches with their own states, ResultSelector and Retry', () => {
    const m = stateMachine({ input: Input });
    m.parallel('Both', {
      branches: [
        (b) => {
          b.pass('Left', { end: true });
        },
        (b) => {
          b.wait('Right wait', { seconds: 1, next: 'Right' });
          b.succeed('Right');
        },
      ],
      resultSelector: ({ result }) => ({ left: result[0] }),
      resultPath: '$.both',
      retry: [{ errors: [PredefinedErrors.BranchFailed], maxAttempts: 1 }],
      end: true,
    });
    expect(checked(m).States.Both).toEqual({
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        {
          StartAt: 'Right wait',
          States: {
            'Right wait': { Type: 'Wait', Seconds: 1, Next: 'Right' },
            Right: { Type: 'Succeed' },
          },
        },
      ],
      ResultSelector: { 'left.$': '$[0]' },
      ResultPath: '$.both',
      Retry: [{ ErrorEquals: ['States.BranchFailed'], MaxAttempts: 1 }],
      End: true,
    });
  });
});

describe('Map', () => {
  it('renders an inline Map with ItemsPath, ItemSelector and MaxConcurrency', () => {
    const m = stateMachine({ input: Input });
    m.map('Each account', {
      itemsPath: ({ input }) => input.accounts,
      itemSelector: ({ ctx, input }) => ({
        account: ctx.Map.Item.Value.id,
        bucket: input.bucket,
        index: ctx.Map.Item.Index,
      }),
      maxConcurrency: 5,
      processor: (items) => {
        items.task('Deploy account', {
          resource: LAMBDA,
          parameters: ({ input }) => ({ id: input.account, at: input.index }),
          end: true,
        });
      },
      resultPath: null,
      next: 'Done',
    });
    m.succeed('Done');
    expect(checked(m).States['Each account']).toEqual({
      Type: 'Map',
      ItemsPath: '$.accounts',
      ItemSelector: {
        'account.$': '$$.Map.Item.Value.id',
        'bucket.$': '$.bucket',
        'index.$': '$$.Map.Item.Index',
      },
      MaxConcurrency: 5,
      ItemProcessor: {
        StartAt: 'Deploy account',
        States: {
          'Deploy account': {
            Type: 'Task',
            Resource: LAMBDA,
            Parameters: { 'id.$': '$.account', 'at.$': '$.index' },
            End: true,
          },
        },
      },
      ResultPath: null,
      Next: 'Done',
    });
  });

  it('renders a Distributed Map with ItemReader, ItemBatcher, ResultWriter, thresholds and Label', () => {
    const m = stateMachine({ input: Input });
    m.map('Fan out', {
      mode: 'DISTRIBUTED',
      executionType: 'EXPRESS',
      itemSchema: Account,
      itemReader: {
        resource: resources.integration('s3', 'getObject'),
        readerConfig: { inputType: 'JSONL', maxItems: m.ref((i) => i.wait) },
        parameters: ({ input }) => ({ Bucket: input.bucket, Key: 'accounts.jsonl' }),
      },
      itemBatcher: { maxItemsPerBatch: 10, maxInputBytesPerBatch: 1024, batchInput: { run: 'x' } },
      resultWriter: {
        resource: resources.integration('s3', 'putObject'),
        parameters: ({ input }) => ({ Bucket: input.bucket, Prefix: 'results' }),
        writerConfig: { outputType: 'JSONL', transformation: 'COMPACT' },
      },
      maxConcurrency: m.ref((i) => i.wait),
      toleratedFailurePercentage: 12.5,
      toleratedFailureCount: m.ref((i) => i.wait),
      label: 'fanout',
      processor: (items) => {
        items.pass('Item', { end: true });
      },
      end: true,
    });
    expect(checked(m).States['Fan out']).toEqual({
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL', MaxItemsPath: '$.wait' },
        Parameters: { 'Bucket.$': '$.bucket', Key: 'accounts.jsonl' },
      },
      ItemBatcher: { MaxItemsPerBatch: 10, MaxInputBytesPerBatch: 1024, BatchInput: { run: 'x' } },
      MaxConcurrencyPath: '$.wait',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Item',
        States: { Item: { Type: 'Pass', End: true } },
      },
      ToleratedFailureCountPath: '$.wait',
      ToleratedFailurePercentage: 12.5,
      Label: 'fanout',
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { 'Bucket.$': '$.bucket', Prefix: 'results' },
        WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' },
      },
      End: true,
    });
  });

  it('renders a JSONata Map with Items and Output', () => {
    const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
    m.map('Each', {
      items: ({ input }) => input.accounts,
      itemSelector: ({ ctx }) => ({ id: ctx.Map.Item.Value.id }),
      processor: (items) => {
        items.pass('Item', { output: ({ input }) => ({ seen: input.id }), end: true });
      },
      output: ({ result }) => ({ all: result }),
      end: true,
    });
    expect(checked(m).States.Each).toEqual({
      Type: 'Map',
      Items: '{% $states.input.accounts %}',
      ItemSelector: { id: '{% $states.context.Map.Item.Value.id %}' },
      ItemProcessor: {
        StartAt: 'Item',
        States: { Item: { Type: 'Pass', Output: { seen: '{% $states.input.id %}' }, End: true } },
      },
      Output: { all: '{% $states.result %}' },
      End: true,
    });
  });
});

describe('machine', () => {
  it('renders Comment, QueryLanguage, TimeoutSeconds and Version, and toAsl is deterministic JSON', () => {
    const build = () => {
      const m = stateMachine({
        comment: 'c',
        queryLanguage: 'JSONPath',
        timeoutSeconds: 3600,
        version: '1.0',
      });
      m.succeed('Done');
      return m;
    };
    expect(build().toModel()).toEqual({
      Comment: 'c',
      QueryLanguage: 'JSONPath',
      StartAt: 'Done',
      States: { Done: { Type: 'Succeed' } },
      TimeoutSeconds: 3600,
      Version: '1.0',
    });
    expect(build().toAsl()).toBe(build().toAsl());
    expect(JSON.parse(build().toAsl())).toEqual(build().toModel());
  });
});
