import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { crossAccountDeps, realSleep } from '@stackset-lite/tasks';
import { z } from 'zod';
import { detectStackSetDrift } from '../stack-set/stack-set-drift.js';
import { stackSetDepsFromEnvironment } from '../stack-set/stack-set-environment.js';
import { parseTaskEvent } from '../tasks/task-event.js';

const EventSchema = z.object({ stackSetName: z.string().min(1), operationId: z.string().min(1) });
const EnvironmentSchema = z.object({
  DEPLOY_ROLE_NAME: z.string().min(1),
  EXTERNAL_ID: z.string().min(2).optional(),
});

/**
 * The detectDrift Lambda entry point: runs a DETECT_DRIFT operation at bounded concurrency. It stops
 * starting detections two minutes before its own timeout and invokes itself again for the rest (the
 * next invocation skips what is recorded), so any number of instances is covered.
 */
export const handler = async (
  event: unknown,
  context?: { getRemainingTimeInMillis?: () => number; functionName?: string },
) => {
  const ref = parseTaskEvent(EventSchema, event);
  const stackSets = stackSetDepsFromEnvironment();
  if (!stackSets) throw new Error('detectDrift needs the stack set table: set STACK_SET_TABLE');
  const env = EnvironmentSchema.parse(process.env);
  const remaining = context?.getRemainingTimeInMillis?.() ?? 15 * 60_000;
  const deps = crossAccountDeps({}, 'detectDrift');
  const outcome = await detectStackSetDrift(
    stackSets.store,
    { name: ref.stackSetName, operationId: ref.operationId },
    {
      ...deps,
      ...stackSets.queue,
      sleep: realSleep,
      deployRole: { roleName: env.DEPLOY_ROLE_NAME, ...(env.EXTERNAL_ID && { externalId: env.EXTERNAL_ID }) },
      deadlineMs: Date.now() + remaining - 120_000,
    },
  );
  if (!outcome.complete && context?.functionName) {
    await new LambdaClient({}).send(
      new InvokeCommand({
        FunctionName: context.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(ref)),
      }),
    );
  }
  return outcome;
};
