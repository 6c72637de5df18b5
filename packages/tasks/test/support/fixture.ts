import { createDeployStackHandler, createPollStackHandler, createSilentLogger } from '@stackset-lite/tasks';
import { type EstateOptions, SimulatedEstate } from '@stackset-lite/tasks/testing';
import type { DeployStackEvent, PollStackEvent } from '../../src/index.js';

/** An installed estate with handlers wired to it (silent logs, no real sleeping). */
export function setupEstate(options: EstateOptions = {}) {
  const estate = new SimulatedEstate(options).install();
  const logger = createSilentLogger();
  const clock = estate.clock;
  const deploy = createDeployStackHandler({
    logger,
    clock,
    sleep: async () => {},
    templateBucket: TEMPLATE_BUCKET,
  });
  const poll = createPollStackHandler({ logger, clock });
  return { estate, deploy, poll };
}

/** The installation's template bucket (deployStack's TEMPLATE_BUCKET_NAME/TEMPLATE_BUCKET_REGION). */
export const TEMPLATE_BUCKET = { name: 'templates', region: 'eu-west-1' } as const;
export const TEMPLATE_URL = 'https://templates.s3.eu-west-1.amazonaws.com/baseline/v1.yaml';

/** A deployStack event for one target. */
export function deployEvent(
  accountId: string,
  overrides: Partial<{
    region: string;
    action: 'DEPLOY' | 'DELETE';
    executionId: string;
    templateUrl: string;
  }> &
    Partial<Pick<DeployStackEvent, 'repairs' | 'stack' | 'target'>> = {},
): DeployStackEvent {
  return {
    operation: {
      name: 'baseline',
      executionId: overrides.executionId ?? 'exec-1',
      action: overrides.action ?? 'DEPLOY',
    },
    target: { accountId, region: overrides.region ?? 'eu-west-1', ...overrides.target },
    stack: {
      name: 'baseline',
      templateUrl: overrides.templateUrl ?? TEMPLATE_URL,
      parameters: { Env: 'prod' },
      serviceRoleName: 'stackset-lite-cloudformation',
      ...overrides.stack,
    },
    deployRole: { roleName: 'stackset-lite-deploy' },
    ...(overrides.repairs ? { repairs: overrides.repairs } : {}),
  };
}

/** The pollStack event that follows a deployStack result. */
export function pollEvent(
  accountId: string,
  deployed: { stackId?: string; clientRequestToken?: string },
  overrides: Partial<{ region: string; action: 'DEPLOY' | 'DELETE'; attempt: number }> = {},
): PollStackEvent {
  return {
    operation: { name: 'baseline', executionId: 'exec-1', action: overrides.action ?? 'DEPLOY' },
    target: { accountId, region: overrides.region ?? 'eu-west-1' },
    stackName: 'baseline',
    ...(deployed.stackId ? { stackId: deployed.stackId } : {}),
    ...(deployed.clientRequestToken ? { clientRequestToken: deployed.clientRequestToken } : {}),
    attempt: overrides.attempt ?? 0,
    deployRole: { roleName: 'stackset-lite-deploy' },
  };
}
