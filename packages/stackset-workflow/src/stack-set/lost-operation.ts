import type { TargetResult } from '../report/target-result.js';
import { instanceChanges } from './instance-results.js';
import {
  instanceKey,
  type Operation,
  type OperationResultStatus,
  type OperationStatus,
} from './stack-set-model.js';
import { OperationStatusConflictError, type StackSetStore } from './stack-set-store.js';

const ACTIVE: readonly OperationStatus[] = ['RUNNING', 'STOPPING'];
const UNSETTLED: readonly OperationResultStatus[] = ['PENDING', 'RUNNING'];

/**
 * Ends an operation whose execution is gone (it crashed, timed out, was stopped from the console or
 * stopped renewing the stack set's lease) so that no target is lost: every target it planned and
 * had not reported gets a final result — FAILED, "outcome unknown" (its stack may have deployed;
 * an operation run again settles it), and its instance is recorded as such (OUTDATED unless already
 * at this revision; INOPERABLE for a delete) — then the operation ends FAILED with its counts.
 * An operation that never got as far as planning had no target attempted, and says so.
 * @returns the ended operation, or undefined when it had already ended (another caller was first)
 */
export async function endLostOperation(
  store: StackSetStore,
  operation: Operation,
  why: string,
  nowMs: number,
): Promise<Operation | undefined> {
  const { stackSetName, operationId } = operation;
  const results = await store.listResults(stackSetName, operationId);
  const unsettled = results.filter((r) => UNSETTLED.includes(r.status));
  const nowIso = new Date(nowMs).toISOString();
  if (unsettled.length && operation.action !== 'DETECT_DRIFT') {
    const existing = await store.getInstances(stackSetName, unsettled);
    const lost: TargetResult[] = unsettled.map((r) => ({
      account: r.account,
      region: r.region,
      status: 'FAILED',
      reason: `outcome unknown: ${why} before this target reported; its stack may have deployed: check it and run the operation again`,
    }));
    const changes = instanceChanges(
      operation,
      new Map(existing.map((i) => [instanceKey(i), i])),
      lost,
      nowIso,
    );
    await store.recordResults(stackSetName, operationId, changes);
  } else if (unsettled.length) {
    // Drift detection changes no stack: an unchecked instance keeps its drift status.
    await store.recordResults(stackSetName, operationId, {
      results: unsettled.map((r) => ({
        ...r,
        status: 'FAILED' as const,
        statusReason: `drift not checked: ${why} before this instance was checked`,
      })),
    });
  }
  const counts: Partial<Record<OperationResultStatus, number>> = {};
  for (const r of await store.listResults(stackSetName, operationId)) {
    counts[r.status] = (counts[r.status] ?? 0) + 1;
  }
  const reported = results.length - unsettled.length;
  const statusReason = results.length
    ? `${why}: ${reported} of ${results.length} targets had reported, ${unsettled.length} ended FAILED with their outcome unknown`
    : `${why} before it planned its targets: no target was attempted`;
  try {
    return await store.transitionOperation(stackSetName, operationId, ACTIVE, {
      status: 'FAILED',
      statusReason: statusReason.slice(0, 2048),
      endTimestamp: nowIso,
      counts,
    });
  } catch (error) {
    if (error instanceof OperationStatusConflictError) return undefined;
    throw error;
  }
}
