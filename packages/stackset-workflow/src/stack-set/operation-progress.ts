import type { TargetResult } from '../report/target-result.js';
import { describeStatusChanges, instanceChanges, operationOverridesFor } from './instance-results.js';
import { finishOperation, LEASE_TTL_MS, type QueueDeps } from './operation-queue.js';
import {
  type InstanceKey,
  instanceKey,
  type Operation,
  type OperationResultStatus,
} from './stack-set-model.js';
import type { StackSetStore } from './stack-set-store.js';

/** The stack set operation an execution runs (the input's `stackSet`). */
export interface StackSetRef {
  name: string;
  operationId: string;
}

async function operationOf(store: StackSetStore, ref: StackSetRef): Promise<Operation> {
  const operation = await store.getOperation(ref.name, ref.operationId);
  if (!operation) throw new Error(`stack set ${ref.name} has no operation ${ref.operationId}`);
  return operation;
}

/**
 * Parameter overrides per target: the instance's kept overrides, replaced by the ones given with the
 * operation for that account × region. Targets without any are absent.
 */
export async function overridesForTargets(
  store: StackSetStore,
  ref: StackSetRef,
  targets: readonly InstanceKey[],
): Promise<Map<string, Record<string, string>>> {
  const operation = await operationOf(store, ref);
  const instances = await store.getInstances(ref.name, targets);
  const byKey = new Map(instances.map((i) => [instanceKey(i), i.parameterOverrides]));
  const overrides = new Map<string, Record<string, string>>();
  for (const t of targets) {
    const values = {
      ...(byKey.get(instanceKey(t)) ?? {}),
      ...operationOverridesFor(operation.parameterOverrides, t),
    };
    if (Object.keys(values).length) overrides.set(instanceKey(t), values);
  }
  return overrides;
}

/**
 * Records a round's target results on the operation and its instances as they arrive (one batched
 * write), renews the operation's lease, and says whether a stop was asked for meanwhile.
 */
export async function recordProgress(
  store: StackSetStore,
  ref: StackSetRef,
  results: readonly TargetResult[],
  nowMs: number,
): Promise<{ stopRequested: boolean }> {
  const operation = await operationOf(store, ref);
  if (results.length) {
    const existing = await store.getInstances(ref.name, results);
    const changes = instanceChanges(
      operation,
      new Map(existing.map((i) => [instanceKey(i), i])),
      results,
      new Date(nowMs).toISOString(),
    );
    await store.recordResults(ref.name, ref.operationId, changes);
  }
  await store.acquireLease(ref.name, ref.operationId, nowMs, LEASE_TTL_MS);
  const now = await operationOf(store, ref);
  return { stopRequested: now.status === 'STOPPING' };
}

/**
 * Records what an operation is about to do, as soon as it is planned: the targets it will deploy as
 * PENDING results (so `operations` shows them, and an execution that is lost leaves no target
 * unaccounted for: see endLostOperation) and the targets already settled (skipped, retained) with
 * their final results and instances.
 */
export async function recordPlanned(
  store: StackSetStore,
  ref: StackSetRef,
  planned: { settled: readonly TargetResult[]; pending: readonly InstanceKey[] },
  nowMs: number,
): Promise<void> {
  if (planned.pending.length) {
    const existing = new Map(
      (await store.getInstances(ref.name, planned.pending)).map((i) => [instanceKey(i), i.status]),
    );
    await store.recordResults(ref.name, ref.operationId, {
      results: planned.pending.map((k) => {
        const before = existing.get(instanceKey(k));
        return {
          account: k.account,
          region: k.region,
          status: 'PENDING' as const,
          ...(before && { instanceStatusBefore: before }),
        };
      }),
    });
  }
  await recordProgress(store, ref, planned.settled, nowMs);
}

/** Whether a stop was asked for. */
export async function stopRequested(store: StackSetStore, ref: StackSetRef): Promise<boolean> {
  return (await operationOf(store, ref)).status === 'STOPPING';
}

/**
 * Ends the operation: records the targets not yet recorded (cancelled, skipped, retained), ends the
 * operation SUCCEEDED, FAILED or STOPPED with its counts, gives the lease up and starts the next
 * queued operation. Returns the instance status changes for the notification.
 */
export async function completeOperation(
  store: StackSetStore,
  ref: StackSetRef,
  finalResults: readonly TargetResult[],
  outcome: { stopped: boolean; failed: boolean; cause: string },
  deps: QueueDeps,
): Promise<{ status: 'SUCCEEDED' | 'FAILED' | 'STOPPED'; statusChanges: string[] }> {
  const operation = await operationOf(store, ref);
  // PENDING results were written at planning: only final ones count as recorded.
  const recorded = new Set(
    (await store.listResults(ref.name, ref.operationId))
      .filter((r) => r.status !== 'PENDING' && r.status !== 'RUNNING')
      .map(instanceKey),
  );
  const missing = finalResults.filter((r) => !recorded.has(instanceKey(r)));
  if (missing.length) await recordProgress(store, ref, missing, deps.nowMs());
  const results = await store.listResults(ref.name, ref.operationId);
  const counts: Partial<Record<OperationResultStatus, number>> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const status = outcome.stopped ? 'STOPPED' : outcome.failed ? 'FAILED' : 'SUCCEEDED';
  if (operation.status === 'RUNNING' || operation.status === 'STOPPING') {
    await finishOperation(
      store,
      ref.name,
      ref.operationId,
      { status, ...(outcome.cause && { statusReason: outcome.cause }), counts },
      deps,
    );
  }
  return { status, statusChanges: describeStatusChanges(results) };
}
