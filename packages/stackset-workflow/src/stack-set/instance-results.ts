import type { TargetResult } from '../report/target-result.js';
import {
  type InstanceKey,
  instanceKey,
  type Operation,
  type OperationResult,
  type OperationResultStatus,
  type ParameterOverride,
  type StackInstance,
  type StackInstanceDetailedStatus,
  type StackInstanceStatus,
} from './stack-set-model.js';

/** What an operation's results change in the store. */
export interface InstanceChanges {
  results: OperationResult[];
  instances: StackInstance[];
  deletedInstances: InstanceKey[];
}

/** The override parameters an operation gives for one account × region (later entries win). */
export function operationOverridesFor(
  overrides: readonly ParameterOverride[],
  key: InstanceKey,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const o of overrides) {
    if (o.accounts.includes(key.account) && o.regions.includes(key.region))
      Object.assign(values, o.parameters);
  }
  return values;
}

const RESULT_STATUS: Record<TargetResult['status'], OperationResultStatus> = {
  SUCCEEDED: 'SUCCEEDED',
  NO_CHANGES: 'SUCCEEDED',
  FAILED: 'FAILED',
  // StackSets has no SKIPPED result: a suspended account's target is not attempted.
  SKIPPED: 'CANCELLED',
  CANCELLED: 'CANCELLED',
};

/**
 * Turns targets' final results into the operation's results and the instances' new records, with
 * StackSets' meanings: a deploy that succeeded makes the instance CURRENT at the operation's
 * revision; one that failed, was cancelled or skipped leaves it OUTDATED unless it already was at
 * that revision; a delete that succeeded removes the instance (with retainStacks the stack stays:
 * the instance is only detached); a delete that failed leaves it INOPERABLE. Overrides given with
 * the operation are kept on the instance.
 */
export function instanceChanges(
  operation: Operation,
  existing: ReadonlyMap<string, StackInstance>,
  targets: readonly TargetResult[],
  nowIso: string,
): InstanceChanges {
  const changes: InstanceChanges = { results: [], instances: [], deletedInstances: [] };
  for (const t of targets) {
    const key = { account: t.account, region: t.region };
    const before = existing.get(instanceKey(key));
    const status = RESULT_STATUS[t.status];
    const reason = t.rootCause ? `${t.reason ?? t.status}; root cause: ${t.rootCause}` : t.reason;
    const result: OperationResult = {
      ...key,
      status,
      ...(reason !== undefined && { statusReason: reason.slice(0, 2048) }),
      ...(before && { instanceStatusBefore: before.status }),
    };
    if (operation.action === 'DELETE') {
      if (status === 'SUCCEEDED') {
        changes.deletedInstances.push(key);
      } else if (before) {
        const failed = status === 'FAILED';
        const instance: StackInstance = {
          ...before,
          status: failed ? 'INOPERABLE' : before.status,
          detailedStatus: failed ? 'INOPERABLE' : 'CANCELLED',
          ...(reason !== undefined && { statusReason: reason.slice(0, 1024) }),
          lastOperationId: operation.operationId,
          updatedAt: nowIso,
        };
        changes.instances.push(instance);
        result.instanceStatusAfter = instance.status;
      }
      changes.results.push(result);
      continue;
    }
    if (operation.action === 'DETECT_DRIFT') {
      throw new Error('drift detection results are recorded by detectStackSetDrift, not from deploy results');
    }
    const succeeded = status === 'SUCCEEDED';
    const deployedRevision = succeeded ? operation.stackSetRevision : before?.deployedRevision;
    const current = deployedRevision !== undefined && deployedRevision >= operation.stackSetRevision;
    const instanceStatus: StackInstanceStatus = current ? 'CURRENT' : 'OUTDATED';
    const detailed: StackInstanceDetailedStatus = succeeded
      ? 'SUCCEEDED'
      : t.status === 'SKIPPED'
        ? 'SKIPPED_SUSPENDED_ACCOUNT'
        : status === 'FAILED'
          ? operation.action === 'IMPORT'
            ? 'FAILED_IMPORT'
            : 'FAILED'
          : 'CANCELLED';
    const overrides = {
      ...(before?.parameterOverrides ?? {}),
      ...operationOverridesFor(operation.parameterOverrides, key),
    };
    const instance: StackInstance = {
      stackSetName: operation.stackSetName,
      ...key,
      ...(before?.organizationalUnitId && { organizationalUnitId: before.organizationalUnitId }),
      ...(before?.stackId && { stackId: before.stackId }),
      status: instanceStatus,
      ...(!succeeded && reason !== undefined && { statusReason: reason.slice(0, 1024) }),
      detailedStatus: detailed,
      lastOperationId: operation.operationId,
      ...(deployedRevision !== undefined && { deployedRevision }),
      driftStatus: succeeded ? 'NOT_CHECKED' : (before?.driftStatus ?? 'NOT_CHECKED'),
      ...(!succeeded &&
        before?.lastDriftCheckTimestamp && { lastDriftCheckTimestamp: before.lastDriftCheckTimestamp }),
      parameterOverrides: overrides,
      updatedAt: nowIso,
    };
    changes.instances.push(instance);
    result.instanceStatusAfter = instance.status;
    changes.results.push(result);
  }
  return changes;
}

/** One line per kind of status change (`OUTDATED → CURRENT: 40 instances (…)`), for the notification. */
export function describeStatusChanges(results: readonly OperationResult[], limit = 20): string[] {
  const groups = new Map<string, string[]>();
  for (const r of results) {
    const before = r.instanceStatusBefore ?? 'NEW';
    const after = r.instanceStatusAfter ?? (r.status === 'SUCCEEDED' ? 'REMOVED' : before);
    if (before === after) continue;
    const label = `${before} → ${after}`;
    const list = groups.get(label) ?? [];
    list.push(`${r.account}/${r.region}`);
    groups.set(label, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, keys]) => {
      const shown = keys.slice(0, limit).join(', ');
      return `${label}: ${keys.length} instance${keys.length === 1 ? '' : 's'} (${shown}${keys.length > limit ? `, … ${keys.length - limit} more` : ''})`;
    });
}
