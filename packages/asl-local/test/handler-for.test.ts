import { resources, stateMachine, taskLookup } from '@stackset-lite/asl-dsl';
import { handlerFor, startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// A lambda:invoke task as the DSL declares it: the payload schema is the Parameters
// ({FunctionName, Payload}), the result schema the Invoke response Step Functions returns
// ({Payload, StatusCode, ...}; https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html).
function doubler() {
  const m = stateMachine({ input: z.object({ n: z.number() }) });
  const double = m.task('Double', {
    resource: resources.lambdaInvoke(),
    inputSchema: z.object({ FunctionName: z.string(), Payload: z.object({ n: z.number() }) }),
    outputSchema: z.object({ Payload: z.object({ doubled: z.number() }), StatusCode: z.number() }),
    parameters: ({ input }) => ({ FunctionName: 'doubler', Payload: { n: input.n } }),
    resultSelector: ({ result }) => ({ doubled: result.Payload.doubled }),
    end: true,
  });
  return { definition: m.toModel(), tasks: taskLookup(double), machine: m };
}

describe('handlerFor a lambda:invoke task', () => {
  it('keyed by FunctionName: the handler is the function (Payload in, result wrapped by the engine)', async () => {
    const { definition, tasks } = doubler();
    const r = await startExecution({
      definition,
      input: { n: 21 },
      handlers: { doubler: handlerFor(tasks.handle('Double'), (payload) => ({ doubled: payload.n * 2 })) },
    });
    expect(r.error).toBeUndefined();
    expect(r.output).toEqual({ doubled: 42 });
  });

  it('keyed by the state name it is still the function (machine.handle lookup)', async () => {
    const { definition, machine } = doubler();
    const r = await startExecution({
      definition,
      input: { n: 4 },
      handlers: {
        Double: handlerFor(machine.handle('Double'), (payload) => ({
          doubled: (payload as { n: number }).n * 2,
        })),
      },
    });
    expect(r.output).toEqual({ doubled: 8 });
  });

  it('a result that breaks the declared Payload schema fails the task naming the state and field', async () => {
    const { definition, tasks } = doubler();
    const r = await startExecution({
      definition,
      input: { n: 1 },
      handlers: { doubler: handlerFor(tasks.handle('Double'), () => ({ doubled: 'two' }) as never) },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.TaskFailed');
    expect(r.cause).toMatch(/Lambda result in state 'Double' does not match its schema at '\/doubled'/);
  });

  it('a lookup of a name the machine does not have names the Task states', () => {
    const { machine, tasks } = doubler();
    expect(() => machine.handle('Dubble')).toThrow(/no Task state named 'Dubble' \(Task states: Double\)/);
    expect(() => tasks.handle('Dubble' as never)).toThrow(/UnknownTaskState/);
  });
});
