import { createAwsClients, systemClock } from '@stackset-lite/tasks';
import { z } from 'zod';
import { handleOrganizationsEvent } from '../stack-set/auto-deployment.js';
import { handleExecutionEnded } from '../stack-set/execution-ended.js';
import { startNextOperation } from '../stack-set/operation-queue.js';
import { createOrganizationLookup } from '../stack-set/organization-lookup.js';
import { OrganizationsEventSchema } from '../stack-set/organizations-event.js';
import { stackSetDepsFromEnvironment } from '../stack-set/stack-set-environment.js';

const EnvironmentSchema = z.object({
  MANAGEMENT_ROLE_ARN: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\//, 'must be a role ARN'),
  EXTERNAL_ID: z.string().min(2).optional(),
  AWS_REGION: z.string().default('us-east-1'),
});

/**
 * The autoDeployment Lambda entry point, for three EventBridge rules: Organizations events (an account
 * created in, moved into or out of a targeted OU, or removed) queue operations for just that account;
 * an execution of the machine that ended FAILED, TIMED_OUT or ABORTED ends its operation at once
 * (every target with a final result) and starts the next; the schedule ends operations whose lease
 * expired (an execution lost without an event) and starts queued ones (managed execution's recovery).
 */
export const handler = async (event: unknown) => {
  const stackSets = stackSetDepsFromEnvironment();
  if (!stackSets) throw new Error('autoDeployment needs the stack set table: set STACK_SET_TABLE');
  const { store, queue } = stackSets;
  if ((event as { 'detail-type'?: unknown })?.['detail-type'] === 'Scheduled Event') {
    const started: string[] = [];
    for (const stackSet of await store.listStackSets()) {
      const operation = await startNextOperation(store, stackSet.name, queue);
      if (operation) started.push(operation.operationId);
    }
    return { started };
  }
  if ((event as { source?: unknown })?.source === 'aws.states') {
    const outcome = await handleExecutionEnded(event, { ...queue, store });
    return 'ignored' in outcome
      ? outcome
      : { ended: outcome.ended.operationId, started: outcome.started?.operationId };
  }
  // Only the three rules' events reach this function: anything else is a wiring mistake, refused
  // naming the fields, never acknowledged as if it had been handled.
  const parsed = OrganizationsEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new Error(
      `autoDeployment: neither the QueuedOperations schedule, an execution's status change nor an Organizations event via CloudTrail: ${parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ')}`,
    );
  }
  const environment = EnvironmentSchema.safeParse(process.env);
  if (!environment.success) {
    throw new Error(
      `autoDeployment environment: ${environment.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`,
    );
  }
  const env = environment.data;
  const organization = createOrganizationLookup({
    clients: createAwsClients(),
    clock: systemClock,
    managementRole: {
      roleArn: env.MANAGEMENT_ROLE_ARN,
      ...(env.EXTERNAL_ID && { externalId: env.EXTERNAL_ID }),
    },
    region: env.AWS_REGION,
  });
  let n = 0;
  const outcome = await handleOrganizationsEvent(event, {
    ...queue,
    store,
    organization,
    idSuffix: () => `auto${Date.now().toString(36)}${n++}`,
  });
  return { change: outcome.change, queued: outcome.queued.map((o) => o.operationId) };
};
