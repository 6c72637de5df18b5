import { createServer } from 'node:net';
import {
  type GenericContainer as Container,
  getContainerRuntimeClient,
  type StartedTestContainer,
} from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnStepFunctionsLocal } from '../src/local/local-run.js';

/**
 * The Step Functions Local tier: the INLINE-stage machine on amazon/aws-stepfunctions-local:2.0.0,
 * Lambda tasks served from this process by the Invoke shim, AWS APIs from a pinned moto server.
 * Skipped, with the reason printed, where no container runtime exists.
 */
const STEP_FUNCTIONS_LOCAL_IMAGE = 'amazon/aws-stepfunctions-local:2.0.0';
const MOTO_IMAGE = 'motoserver/moto:5.2.1'; // the pin of docker-compose.yml and the moto tiers

let noDocker: string | undefined;
try {
  await getContainerRuntimeClient();
} catch (error) {
  noDocker = (error as Error).message;
  console.log(`Step Functions Local tier skipped: no container runtime (${noDocker})`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

describe.skipIf(noDocker !== undefined)('StackSets-lite on Step Functions Local + moto', () => {
  let sfn: StartedTestContainer;
  let moto: StartedTestContainer;
  let shimPort: number;

  beforeAll(async () => {
    const { GenericContainer, TestContainers, Wait } = await import('testcontainers');
    shimPort = await freePort();
    await TestContainers.exposeHostPorts(shimPort);
    const motoContainer: Container = new GenericContainer(MOTO_IMAGE).withExposedPorts(5000);
    moto = await motoContainer.start();
    sfn = await new GenericContainer(STEP_FUNCTIONS_LOCAL_IMAGE)
      .withExposedPorts(8083)
      .withEnvironment({
        AWS_ACCOUNT_ID: '123456789012',
        AWS_DEFAULT_REGION: 'us-east-1',
        WAIT_TIME_SCALE: '0',
        LAMBDA_ENDPOINT: `http://host.testcontainers.internal:${shimPort}`,
      })
      .withWaitStrategy(Wait.forLogMessage(/Starting server on port 8083/))
      .start();
  }, 300_000);

  afterAll(async () => {
    await sfn?.stop();
    await moto?.stop();
  });

  const endpoints = () => ({
    stepFunctions: `http://${sfn.getHost()}:${sfn.getMappedPort(8083)}`,
    moto: `http://${moto.getHost()}:${moto.getMappedPort(5000)}`,
    shimPort,
  });

  it('happy path: every account deployed, one notification', async () => {
    const result = await runOnStepFunctionsLocal(endpoints(), { accounts: 3 });
    expect(result.status).toBe('SUCCEEDED');
    const targets = result.report?.targets ?? [];
    expect(targets.filter((t) => t.status === 'SUCCEEDED').length).toBeGreaterThanOrEqual(3);
    const total = Object.values(result.report?.summary ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBe(targets.length);
    expect(result.invocations['stackset-lite-notify']).toBe(1);
  }, 300_000);

  it('a template that cannot be read fails the targets and the rollout past the tolerance', async () => {
    const result = await runOnStepFunctionsLocal(endpoints(), {
      accounts: 2,
      input: { template: { bucket: 'stackset-lite-templates', key: 'missing.yaml' } },
    });
    expect(result.status).toBe('FAILED');
    expect(result.report?.summary.FAILED).toBeGreaterThan(0);
  }, 300_000);

  it('invalid input is rejected before anything is deployed', async () => {
    const result = await runOnStepFunctionsLocal(endpoints(), { rawInput: { stackName: 'bad name' } });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('InvalidInput');
    expect(result.invocations['stackset-lite-deployStack']).toBeUndefined();
  }, 300_000);
});
