import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import { startExecution } from '@stackset-lite/asl-local';
import { type LambdaInvokeShim, startLambdaInvokeShim } from '@stackset-lite/asl-local/testing';
import {
  GenericContainer,
  getContainerRuntimeClient,
  type StartedTestContainer,
  TestContainers,
  Wait,
} from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlersFromMocks } from '../src/cli/mocks-file.js';
import type { TaskHandlerFunction } from '../src/handlers/task-handler.js';
import { DOC_SCENARIOS } from './scenarios/aws-doc-scenarios.js';

// Step Functions Local runs only JSONPath machines with Lambda tasks: the scenarios marked lambdaOnly.
const scenarios = DOC_SCENARIOS.filter((s) => s.lambdaOnly);

let noDocker: string | undefined;
try {
  await getContainerRuntimeClient();
} catch (e) {
  noDocker = (e as Error).message;
  console.log(`Step Functions Local tier skipped: no container runtime (${noDocker})`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a call while Step Functions Local is still warming up (socket hang-ups for ~10 s). */
async function withWarmup<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt >= 20) throw e;
      await sleep(500);
    }
  }
}

describe.skipIf(noDocker !== undefined)('Step Functions Local tier (same scenario table)', () => {
  let shim: LambdaInvokeShim;
  let container: StartedTestContainer;
  let sfn: SFNClient;
  // Scenarios run one after another; the shim forwards to the current scenario's mocks.
  let current: TaskHandlerFunction = () => null;

  beforeAll(async () => {
    shim = await startLambdaInvokeShim({
      functions: { HelloFunction: (event) => current(event, undefined as never) },
    });
    await TestContainers.exposeHostPorts(shim.port);
    container = await new GenericContainer('amazon/aws-stepfunctions-local:2.0.0')
      .withExposedPorts(8083)
      .withEnvironment({
        AWS_ACCOUNT_ID: '123456789012',
        AWS_DEFAULT_REGION: 'us-east-1',
        WAIT_TIME_SCALE: '0',
        LAMBDA_ENDPOINT: `http://host.testcontainers.internal:${shim.port}`,
      })
      .withWaitStrategy(Wait.forLogMessage('Starting server on port 8083'))
      .start();
    sfn = new SFNClient({
      endpoint: `http://${container.getHost()}:${container.getMappedPort(8083)}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }, 300_000);

  afterAll(async () => {
    await container?.stop();
    await shim?.close();
  });

  it.each(scenarios.map((s, i) => [s.name, s, i] as const))('%s', async (_name, s, i) => {
    const ours = await startExecution({
      definition: s.definition,
      input: s.input,
      handlers: handlersFromMocks({ mocks: s.mocks ?? {} }),
    });
    const mocks = handlersFromMocks({ mocks: s.mocks ?? {} });
    current = mocks.HelloFunction as TaskHandlerFunction;
    const machine = await withWarmup(() =>
      sfn.send(
        new CreateStateMachineCommand({
          name: `scenario-${i}`,
          definition: JSON.stringify(s.definition),
          roleArn: 'arn:aws:iam::123456789012:role/DummyRole',
        }),
      ),
    );
    const started = await withWarmup(() =>
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machine.stateMachineArn,
          input: JSON.stringify(s.input),
        }),
      ),
    );
    let d = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    for (let n = 0; d.status === 'RUNNING' && n < 200; n++) {
      await sleep(100);
      d = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    }
    expect(d.status).toBe(ours.status);
    if (ours.status === 'SUCCEEDED') expect(JSON.parse(d.output ?? 'null') as JsonValue).toEqual(ours.output);
    else expect(d.error).toBe(ours.error);
    expect(ours.status).toBe(s.expect.status);
  });
});
