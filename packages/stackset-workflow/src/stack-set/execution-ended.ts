import { z } from 'zod';
import { endLostOperation } from './lost-operation.js';
import { type QueueDeps, startNextOperation } from './operation-queue.js';
import type { Operation } from './stack-set-model.js';
import type { StackSetStore } from './stack-set-store.js';

/**
 * Step Functions' "Execution Status Change" event as EventBridge delivers it. Only the fields read
 * here are checked; `input`/`output` may be left out of large events (`inputDetails.included`).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html
 */
export const ExecutionStatusChangeSchema = z.looseObject({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.looseObject({
    executionArn: z.string().min(1),
    stateMachineArn: z.string().min(1),
    name: z.string().min(1),
    status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']),
    error: z.string().nullable().optional(),
    cause: z.string().nullable().optional(),
  }),
});

/** The EventBridge rule's pattern: executions of this state machine that ended without finishing. */
export function executionEndedPattern(stateMachineArn: unknown): Record<string, unknown> {
  return {
    source: ['aws.states'],
    'detail-type': ['Step Functions Execution Status Change'],
    detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [stateMachineArn] },
  };
}

/** What {@link handleExecutionEnded} did. */
export type ExecutionEndedOutcome = { ignored: string } | { ended: Operation; started?: Operation };

const ACTIVE = new Set(['RUNNING', 'STOPPING']);

/**
 * An execution of the machine ended without ending its stack set operation (it failed before
 * aggregating — refused input, an uncaught error —, timed out or was stopped from the console): the
 * operation is ended at once instead of when its lease expires — every target it had not reported
 * gets a final result ({@link endLostOperation}) —, the lease is given up and the next queued
 * operation starts. The execution is named after its operation; executions that are not stack set
 * operations (plain rollouts) and operations that already ended are left alone, saying so.
 * @throws naming the field when the event is not an Execution Status Change
 */
export async function handleExecutionEnded(
  event: unknown,
  deps: QueueDeps & { store: StackSetStore },
): Promise<ExecutionEndedOutcome> {
  const parsed = ExecutionStatusChangeSchema.safeParse(event);
  if (!parsed.success) {
    throw new Error(
      `Execution Status Change event: ${parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ')}`,
    );
  }
  const { name, status, error, cause } = parsed.data.detail;
  if (status !== 'FAILED' && status !== 'TIMED_OUT' && status !== 'ABORTED') {
    return { ignored: `execution ${name} is ${status}: a finished execution ends its operation itself` };
  }
  const { store } = deps;
  for (const stackSet of await store.listStackSets()) {
    const operation = await store.getOperation(stackSet.name, name);
    if (!operation) continue;
    if (!ACTIVE.has(operation.status)) {
      return { ignored: `operation ${name} of ${stackSet.name} already ended ${operation.status}` };
    }
    const why = `its execution ended ${status}${error ? ` (${error}${cause ? `: ${cause}` : ''})` : ''}`;
    const ended = await endLostOperation(store, operation, why, deps.nowMs());
    await store.releaseLease(stackSet.name, name);
    const started = await startNextOperation(store, stackSet.name, deps);
    if (!ended) return { ignored: `operation ${name} of ${stackSet.name} ended meanwhile` };
    return { ended, ...(started && { started }) };
  }
  return { ignored: `execution ${name} runs no stack set operation` };
}
