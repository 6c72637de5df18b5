import type { Logger } from '@aws-lambda-powertools/logger';
import { type AssumeRole, createAssumeRole } from './assumed-role.js';
import { type AwsClients, createAwsClients } from './aws-clients.js';
import { type Clock, systemClock } from './clock.js';
import { createLogger } from './logger.js';

/** What every task that assumes a role in another account depends on (listTargets, deployStack, pollStack). */
export interface CrossAccountDeps {
  clients: AwsClients;
  assumeRole: AssumeRole;
  logger: Logger;
  clock: Clock;
}

/**
 * Those dependencies with the real defaults for what `overrides` leaves out: AWS SDK clients, the system
 * clock, role assumption over both, and the task's structured logger. Only the defaults needed are built.
 */
export function crossAccountDeps(overrides: Partial<CrossAccountDeps>, taskName: string): CrossAccountDeps {
  const clients = overrides.clients ?? createAwsClients();
  const clock = overrides.clock ?? systemClock;
  return {
    clients,
    clock,
    assumeRole: overrides.assumeRole ?? createAssumeRole(clients, clock),
    logger: overrides.logger ?? createLogger(taskName),
  };
}
