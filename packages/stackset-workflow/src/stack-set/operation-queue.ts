import type { z } from 'zod';
import { endLostOperation } from './lost-operation.js';
import type { Operation, OperationCountsSchema, OperationStatus, StackSet } from './stack-set-model.js';
import { OperationStatusConflictError, type StackSetStore } from './stack-set-store.js';

/**
 * How long an operation's lease lasts without renewal. The machine renews it at every stage; an
 * execution that crashed (or was stopped from the console) stops renewing, and after this long the
 * next operation may take the stack set over.
 */
export const LEASE_TTL_MS = 2 * 60 * 60 * 1000;

/** Starts the execution that runs an operation (the state machine in AWS, asl-local in `simulate`). */
export interface OperationLauncher {
  launch(operation: Operation, stackSet: StackSet): Promise<void>;
}

/** What managed execution needs besides the store. */
export interface QueueDeps {
  nowMs: () => number;
  launcher: OperationLauncher;
  leaseTtlMs?: number;
}

const ACTIVE: readonly OperationStatus[] = ['RUNNING', 'STOPPING'];

/**
 * Managed execution (StackSets' ManagedExecution): at most one operation runs per stack set. Starts
 * the oldest QUEUED operation if the stack set's lease is free: takes the lease (a conditional write,
 * so two callers never both start one), moves the operation to RUNNING and launches it. An operation
 * still RUNNING whose lease expired lost its execution: it is ended first ({@link endLostOperation}:
 * every target it had not reported gets a final result).
 * @returns the operation started, or undefined (one is running, none is queued, or another caller won)
 */
export async function startNextOperation(
  store: StackSetStore,
  stackSetName: string,
  deps: QueueDeps,
): Promise<Operation | undefined> {
  const ttl = deps.leaseTtlMs ?? LEASE_TTL_MS;
  for (;;) {
    const now = deps.nowMs();
    const lease = await store.getLease(stackSetName);
    if (lease && lease.expiresAtMs > now) return undefined;
    const operations = await store.listOperations(stackSetName);
    for (const stale of operations.filter((o) => ACTIVE.includes(o.status))) {
      await endLostOperation(
        store,
        stale,
        'its execution stopped renewing the stack set lease (it crashed, timed out or was stopped outside stackset-lite)',
        now,
      );
    }
    const next = operations.find((o) => o.status === 'QUEUED');
    if (!next) return undefined;
    if (!(await store.acquireLease(stackSetName, next.operationId, now, ttl))) return undefined;
    let running: Operation;
    try {
      running = await store.transitionOperation(stackSetName, next.operationId, ['QUEUED'], {
        status: 'RUNNING',
        startTimestamp: new Date(now).toISOString(),
        executionName: next.operationId,
      });
    } catch (error) {
      await store.releaseLease(stackSetName, next.operationId);
      if (error instanceof OperationStatusConflictError) continue;
      throw error;
    }
    const stackSet = await store.getStackSet(stackSetName);
    try {
      if (!stackSet) throw new Error(`stack set ${stackSetName} no longer exists`);
      await deps.launcher.launch(running, stackSet);
      return running;
    } catch (error) {
      // Never leave a RUNNING operation that nothing runs: end it and try the next one.
      await store.transitionOperation(stackSetName, running.operationId, ACTIVE, {
        status: 'FAILED',
        statusReason: `could not start its execution: ${error instanceof Error ? error.message : String(error)}`,
        endTimestamp: new Date(deps.nowMs()).toISOString(),
      });
      await store.releaseLease(stackSetName, running.operationId);
    }
  }
}

/**
 * Ends a running (or stopping) operation with its final status, gives the lease up and starts the
 * next queued operation, if any.
 */
export async function finishOperation(
  store: StackSetStore,
  stackSetName: string,
  operationId: string,
  outcome: {
    status: 'SUCCEEDED' | 'FAILED' | 'STOPPED';
    statusReason?: string;
    counts: z.output<typeof OperationCountsSchema>;
  },
  deps: QueueDeps,
): Promise<{ finished: Operation; started?: Operation }> {
  const finished = await store.transitionOperation(stackSetName, operationId, ACTIVE, {
    status: outcome.status,
    ...(outcome.statusReason && { statusReason: outcome.statusReason.slice(0, 2048) }),
    endTimestamp: new Date(deps.nowMs()).toISOString(),
    counts: outcome.counts,
  });
  await store.releaseLease(stackSetName, operationId);
  const started = await startNextOperation(store, stackSetName, deps);
  return { finished, ...(started && { started }) };
}
