import { createDeployStackHandler, createPollStackHandler, createSilentLogger } from '@stackset-lite/tasks';
import { type EstateOptions, SimulatedEstate } from '@stackset-lite/tasks/testing';
import type {
  DeployStackEvent,
  DeployStackOutput,
  PollStackEvent,
  PollStackOutput,
} from '../../src/index.js';

/**
 * An installed estate with handlers wired to it (silent logs). Durations are exact here (no variation,
 * change sets computed at once) unless a test asks otherwise, so a test can say "after 60 s the stack is
 * CREATE_COMPLETE"; the realistic, varying defaults are exercised by the conformance tests and rollouts.
 */
export function setupEstate(options: EstateOptions = {}) {
  const estate = new SimulatedEstate({
    ...options,
    latencies: { variation: 0, changeSet: 0, ...options.latencies },
  }).install();
  const logger = createSilentLogger();
  const clock = estate.clock;
  const deploy = createDeployStackHandler({ logger, clock, templateBucket: TEMPLATE_BUCKET });
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

/** The pollStack event the machine sends after a deployStack result (and pollStack's previous answer). */
export function followEvent(
  event: DeployStackEvent,
  deploy: DeployStackOutput,
  previous?: PollStackOutput,
): PollStackEvent {
  return {
    operation: event.operation,
    target: event.target,
    stackName: event.stack.name,
    deployRole: event.deployRole,
    deploy,
    ...(previous && { previous }),
  };
}

/**
 * Runs one target's deployment the way the state machine does: deployStack, then pollStack after each
 * Wait, deployStack again on REDEPLOY, until pollStack's answer is final. Returns every step.
 */
export async function deployToEnd(
  env: ReturnType<typeof setupEstate>,
  event: DeployStackEvent,
): Promise<{ deploy: DeployStackOutput; poll: PollStackOutput; polls: PollStackOutput[] }> {
  const clock = env.estate.virtualClock;
  let deploy = await env.deploy(event);
  let wait = deploy.waitSeconds;
  let previous: PollStackOutput | undefined;
  const polls: PollStackOutput[] = [];
  for (let step = 0; step < 200; step++) {
    clock.advance(wait * 1000);
    const poll = await env.poll(followEvent(event, deploy, previous));
    polls.push(poll);
    previous = poll;
    if (poll.progress === 'REDEPLOY') {
      deploy = await env.deploy(event);
      wait = deploy.waitSeconds;
    } else if (poll.progress === 'IN_PROGRESS') {
      wait = poll.nextPollSeconds;
    } else {
      return { deploy, poll, polls };
    }
  }
  throw new Error('the deployment did not settle in 200 steps');
}

/**
 * deployStack, and for an update the pollStack look that executes the computed change set (as the
 * machine does after its Wait): the stack operation has started when this returns.
 */
export async function startDeployment(
  env: Pick<ReturnType<typeof setupEstate>, 'estate' | 'deploy' | 'poll'>,
  event: DeployStackEvent,
): Promise<DeployStackOutput> {
  const deploy = await env.deploy(event);
  if (deploy.outcome !== 'CHANGE_SET_CREATED') return deploy;
  env.estate.virtualClock.advance(deploy.waitSeconds * 1000);
  const poll = await env.poll(followEvent(event, deploy));
  if (poll.progress !== 'IN_PROGRESS' || poll.phase !== 'STACK') {
    throw new Error(`the change set did not execute: ${JSON.stringify(poll)}`);
  }
  return {
    ...deploy,
    outcome: 'STARTED',
    ...(poll.stackId && { stackId: poll.stackId }),
    ...(poll.clientRequestToken && { clientRequestToken: poll.clientRequestToken }),
  };
}
