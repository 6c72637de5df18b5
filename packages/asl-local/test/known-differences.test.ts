import type { StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

/*
 * The README's table "Where asl-local knowingly differs from AWS": each row that no other test pins is pinned
 * here, under the row's name, so a change of behaviour shows up as a failing row (and the table gets updated).
 * Rows pinned elsewhere: the execution nothing can move on and activities (bounded-execution.test.ts), the
 * Lambda rows (lambda-limits.test.ts; the error cause in aws-recorded.test.ts), the JSONata budget
 * (bounded-execution.test.ts), $$.Execution.RedriveCount on EXPRESS and States.MathRandom with decimal bounds
 * (aws-recorded.test.ts), previousEventId (engine-basics.test.ts).
 */

describe('README differences table, pinned', () => {
  it('$$.State.RetryCount in Parallel/Map: present (AWS records it for Task, not for Pass)', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Parameters: { 'state.$': '$$.State' },
            Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
            Next: 'M',
          },
          M: {
            Type: 'Map',
            ItemsPath: '$',
            ItemSelector: { 'state.$': '$$.State' },
            ItemProcessor: { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      options: { startTime: '2024-01-01T00:00:00Z' },
    });
    const entered = '2024-01-01T00:00:00.000Z';
    expect(r.output).toEqual([{ state: { Name: 'M', EnteredTime: entered, RetryCount: 0 } }]);
    const parallel = await startExecution({
      definition: {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Parameters: { 'state.$': '$$.State' },
            Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
            End: true,
          },
        },
      },
      options: { startTime: '2024-01-01T00:00:00Z' },
    });
    expect(parallel.output).toEqual([{ state: { Name: 'P', EnteredTime: entered, RetryCount: 0 } }]);
  });

  it('an intrinsic argument path that selects nothing: States.Runtime, worded as for a Parameters path', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'P',
        States: { P: { Type: 'Pass', Parameters: { 'x.$': "States.Format('{}', $.nope)" }, End: true } },
      },
      input: {},
    });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.nope' specified for the field 'x.$' could not be found in the input '{}'",
    );
  });

  it('ToleratedFailure* on an inline JSONata Map: accepted, but a failing iteration still fails the Map', async () => {
    const r = await startExecution({
      definition: {
        QueryLanguage: 'JSONata',
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Items: '{% [1, 2] %}',
            ToleratedFailureCount: 5,
            ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Boom', Cause: 'item' } } },
            End: true,
          },
        },
      },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Boom');
  });

  it("causes AWS has not recorded are asl-local's own sentence (here: States.NoChoiceMatched)", async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: 1, Next: 'D' }] },
          D: { Type: 'Succeed' },
        },
      },
      input: { a: 2 },
    });
    expect(r.error).toBe('States.NoChoiceMatched');
    expect(r.cause).toBe("No Choice Rules matched the input in the Choice state 'C' and there is no Default");
  });

  it("EvaluationFailed in a Parallel state's own fields: EvaluationFailed only (a Map adds MapStateFailed)", async () => {
    const run = (state: StateMachineDefinition['States'][string]) =>
      startExecution({ definition: { QueryLanguage: 'JSONata', StartAt: 'S', States: { S: state } } });
    const branch: StateMachineDefinition = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    const parallel = await run({ Type: 'Parallel', Arguments: '{% $nope %}', Branches: [branch], End: true });
    expect(parallel.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'EvaluationFailed',
      'ExecutionFailed',
    ]);
    const map = await run({
      Type: 'Map',
      Items: '{% [1] %}',
      ItemSelector: { v: '{% $nope %}' },
      ItemProcessor: branch,
      End: true,
    });
    expect(map.history.map((e) => e.type).slice(-3)).toEqual([
      'EvaluationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  it('concurrent Map iterations: deterministic order, an iteration that never waits runs to its end first', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: {
              StartAt: 'A',
              States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      },
      input: { items: [1, 2] },
    });
    const steps = r.history
      .filter((e) => e.type === 'PassStateEntered' || e.type.startsWith('MapIteration'))
      .map((e) => e.stateEnteredEventDetails?.name ?? e.type);
    expect(steps).toEqual([
      'MapIterationStarted',
      'A',
      'B',
      'MapIterationSucceeded',
      'MapIterationStarted',
      'A',
      'B',
      'MapIterationSucceeded',
    ]);
  });

  it(".sync integrations are request-response: the handler's return is the job result", async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::ecs:runTask.sync',
            Parameters: { Cluster: 'c' },
            End: true,
          },
        },
      },
      handlers: { 'ecs:runTask': (x) => ({ job: x }) },
    });
    expect(r.output).toEqual({ job: { Cluster: 'c' } });
    expect(r.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });
});
