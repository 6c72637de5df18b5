import { isValidResult, serializeDefinition, validate } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';
import deployAccounts from './deploy-accounts.js';
import inventoryDistributedMap from './inventory-distributed-map.js';
import pollStackDeployment from './poll-stack-deployment.js';
import waitForStack from './wait-for-stack.js';

describe('example machines', () => {
  it('are valid and serialize deterministically', () => {
    for (const machine of [deployAccounts, waitForStack, inventoryDistributedMap, pollStackDeployment]) {
      const model = machine.toModel();
      expect(validate(model).filter((d) => d.severity === 'ERROR')).toEqual([]);
      expect(isValidResult(validate(model))).toBe(true);
      expect(machine.toAsl()).toBe(serializeDefinition(machine.toModel()));
    }
  });

  it('(a) deploys with an inline Map whose task has Retry and Catch', () => {
    const map = deployAccounts.toModel().States['Deploy each account'];
    expect(map?.Type).toBe('Map');
    if (map?.Type !== 'Map') return;
    expect(map.ItemProcessor?.ProcessorConfig?.Mode ?? 'INLINE').toBe('INLINE');
    const task = map.ItemProcessor?.States['Deploy stack'];
    expect(task?.Type).toBe('Task');
    if (task?.Type !== 'Task') return;
    expect(task.Retry?.[0]?.ErrorEquals).toContain('Lambda.TooManyRequestsException');
    expect(task.Catch?.map((c) => c.Next)).toEqual(['Record rollback', 'Record failure']);
    expect(task.Catch?.at(-1)?.ErrorEquals).toEqual(['States.ALL']);
  });

  it('(b) is a JSONata machine that assigns and reads variables in a poll loop', () => {
    const model = waitForStack.toModel();
    expect(model.QueryLanguage).toBe('JSONata');
    const json = serializeDefinition(model);
    expect(json).not.toMatch(/"(InputPath|Parameters|ResultPath|OutputPath|ResultSelector)"/);
    expect(model.States['Remember stack']).toMatchObject({ Assign: { polls: 0 } });
    expect(model.States.Pause).toMatchObject({ Type: 'Wait', Next: 'Describe stack' });
    expect(json).toContain('{% $polls + 1 %}');
  });

  it('(c) reads items from S3 in a Distributed Map and writes results with ResultWriter', () => {
    const map = inventoryDistributedMap.toModel().States['Check accounts'];
    expect(map?.Type).toBe('Map');
    if (map?.Type !== 'Map') return;
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    expect(map.ItemReader?.Resource).toBe('arn:aws:states:::s3:getObject');
    expect(map.ItemReader?.ReaderConfig).toMatchObject({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' });
    expect(map.ResultWriter?.Resource).toBe('arn:aws:states:::s3:putObject');
    expect(map.ToleratedFailurePercentage).toBe(5);
  });

  it('(d) polls in a loop whose states are typed by what flows into them, counting polls', () => {
    const states = pollStackDeployment.toModel().States;
    expect(states['Wait before next poll']).toMatchObject({
      SecondsPath: '$.poll.nextPollSeconds',
      Next: 'Poll stack',
    });
    expect(states['Count poll']).toMatchObject({
      Parameters: { 'count.$': 'States.MathAdd($.polls.count, 1)' },
      ResultPath: '$.polls',
    });
    expect(states['Too many polls?']).toMatchObject({
      Choices: [{ Variable: '$.polls.count', NumericGreaterThanEqualsPath: '$.maxPolls' }],
    });
    // Both Lambda tasks send their failures to the one notification, with the error beside the input.
    // lambdaTask: AWS's retrier for Lambda's transient errors first, then the function's own.
    for (const name of ['Start deployment', 'Poll stack']) {
      expect(states[name]).toMatchObject({
        Retry: [
          {
            ErrorEquals: expect.arrayContaining(['Lambda.ServiceException']),
            IntervalSeconds: 2,
            MaxAttempts: 6,
          },
          { ErrorEquals: ['Throttled'], JitterStrategy: 'FULL' },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Notify failure' }],
      });
    }
    // pick: each field under its own name.
    expect(states['Start deployment']).toMatchObject({
      Parameters: {
        'stackName.$': '$.stackName',
        'templateUrl.$': '$.templateUrl',
        'parameters.$': '$.parameters',
      },
    });
  });
});
