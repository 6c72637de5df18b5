/**
 * A user's program against the installed packages. The user-path test compiles it with tsc (strict,
 * `module: nodenext` as ESM `.mts` and as CommonJS `.cts`, and `moduleResolution: bundler`), runs the
 * output with Node and checks the JSON line it prints. No top-level await, so the same text is a
 * CommonJS module: CommonJS users load our ESM-only packages with `require` (Node >= 22.12).
 */
import { resources, stateMachine, taskLookup, validate } from '@stackset-lite/asl-dsl';
import { handlerFor, startExecution } from '@stackset-lite/asl-local';
import { parseRolloutInput, samTemplate, stacksetMachine } from '@stackset-lite/stackset-workflow';
import { DeployStackInput } from '@stackset-lite/tasks';
import { z } from 'zod';

async function main(): Promise<string> {
  const m = stateMachine({ input: z.object({ n: z.number() }) });
  const double = m.task('Double', {
    resource: resources.lambdaInvoke(),
    inputSchema: z.object({ FunctionName: z.string(), Payload: z.object({ n: z.number() }) }),
    outputSchema: z.object({ Payload: z.object({ doubled: z.number() }), StatusCode: z.number() }),
    parameters: ({ input }) => ({ FunctionName: 'doubler', Payload: { n: input.n } }),
    resultSelector: ({ result }) => ({ doubled: result.Payload.doubled }),
    end: true,
  });
  const definition = m.toModel();
  const tasks = taskLookup(double);
  const run = await startExecution({
    definition,
    input: { n: 21 },
    // Keyed by the Lambda function's name: the handler gets the Payload and returns the function's result.
    handlers: { doubler: handlerFor(tasks.handle('Double'), (payload) => ({ doubled: payload.n * 2 })) },
  });
  const sam = samTemplate(stacksetMachine()) as { Resources: Record<string, { Type: string }> };
  const rollout = parseRolloutInput({
    stackName: 'stackset-lite-consumer',
    template: { bucket: 'my-templates', key: 'app.yaml' },
    targets: { organizationalUnits: ['ou-ab12-cdef3456'], regions: ['eu-west-1'] },
  });
  return JSON.stringify({
    status: run.status,
    output: run.output,
    errors: validate(definition).filter((d) => d.severity === 'ERROR').length,
    functions: Object.values(sam.Resources).filter((r) => r.Type === 'AWS::Serverless::Function').length,
    stackName: rollout.stackName,
    deployInputIsSchema: typeof DeployStackInput.safeParse === 'function',
  });
}

main().then(
  (line) => console.log(line),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
