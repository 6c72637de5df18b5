import {
  type CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import {
  awsErrorMessage,
  type CrossAccountDeps,
  callAws,
  roleArnFor,
  type Sleep,
} from '@stackset-lite/tasks';
import { finishOperation, type QueueDeps } from './operation-queue.js';
import type { OperationResult, StackDriftStatus, StackInstance } from './stack-set-model.js';
import type { StackSetStore } from './stack-set-store.js';

/** What drift detection needs: the cross-account plumbing of the tasks, and its own limits. */
export interface DriftDetectionDeps extends CrossAccountDeps {
  sleep: Sleep;
  deployRole: { roleName: string; externalId?: string };
  /** Stacks checked at once. @default 20 */
  concurrency?: number;
  /** Wait between DescribeStackDriftDetectionStatus calls. @default 10 000 ms */
  pollMs?: number;
  /** Give up on one stack's detection after this long (its drift is then UNKNOWN). @default 15 min */
  timeoutMs?: number;
  /**
   * Start no new detection after this time (epoch ms): a Lambda stops before its own timeout and
   * continues in a new invocation, which skips the instances already recorded. @default none
   */
  deadlineMs?: number;
}

interface Detected {
  drift: StackDriftStatus;
  reason?: string;
}

/**
 * DetectStackDrift on one instance's stack, then DescribeStackDriftDetectionStatus until it is no
 * longer DETECTION_IN_PROGRESS: DRIFTED or IN_SYNC when complete; UNKNOWN when detection failed, timed
 * out, or the stack could not be reached (with the reason).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackDrift.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackDriftDetectionStatus.html
 */
async function detectOne(
  instance: StackInstance,
  stackName: string,
  deps: DriftDetectionDeps,
): Promise<Detected> {
  let cfn: CloudFormationClient;
  try {
    const credentials = await deps.assumeRole({
      roleArn: roleArnFor(instance.account, deps.deployRole.roleName, instance.region),
      ...(deps.deployRole.externalId && { externalId: deps.deployRole.externalId }),
      sessionName: 'stackset-lite-drift',
      region: instance.region,
    });
    cfn = deps.clients.cloudFormation({ region: instance.region, credentials });
    const started = await callAws('cloudformation:DetectStackDrift', () =>
      cfn.send(new DetectStackDriftCommand({ StackName: stackName })),
    );
    const id = started.StackDriftDetectionId;
    if (!id) return { drift: 'UNKNOWN', reason: 'DetectStackDrift returned no detection id' };
    const deadline = deps.clock.now() + (deps.timeoutMs ?? 15 * 60_000);
    for (;;) {
      await deps.sleep(deps.pollMs ?? 10_000);
      const status = await callAws('cloudformation:DescribeStackDriftDetectionStatus', () =>
        cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id })),
      );
      if (status.DetectionStatus === 'DETECTION_COMPLETE') {
        return status.StackDriftStatus === 'DRIFTED' || status.StackDriftStatus === 'IN_SYNC'
          ? { drift: status.StackDriftStatus }
          : { drift: 'UNKNOWN', reason: `detection complete with drift status ${status.StackDriftStatus}` };
      }
      if (status.DetectionStatus === 'DETECTION_FAILED') {
        return {
          drift: 'UNKNOWN',
          reason: `drift detection failed: ${status.DetectionStatusReason ?? 'no reason given'}`,
        };
      }
      if (deps.clock.now() >= deadline)
        return { drift: 'UNKNOWN', reason: 'drift detection did not finish in time' };
    }
  } catch (error) {
    return { drift: 'UNKNOWN', reason: awsErrorMessage(error) };
  }
}

/**
 * Runs a DETECT_DRIFT operation: detects drift on every instance of the stack set (or the operation's
 * accounts and regions) at bounded concurrency, records each instance's drift status as results
 * arrive (batched), then ends the operation — SUCCEEDED when every detection completed, FAILED when
 * some ended UNKNOWN — and starts the next queued operation.
 */
export async function detectStackSetDrift(
  store: StackSetStore,
  ref: { name: string; operationId: string },
  deps: DriftDetectionDeps & QueueDeps,
): Promise<{ drifted: number; inSync: number; unknown: number; complete: boolean }> {
  const operation = await store.getOperation(ref.name, ref.operationId);
  const stackSet = await store.getStackSet(ref.name);
  if (!operation || !stackSet) throw new Error(`no operation ${ref.operationId} on stack set ${ref.name}`);
  const scope = operation.scope;
  // A continuation skips the instances an earlier invocation already recorded.
  const done = new Set(
    (await store.listResults(ref.name, ref.operationId)).map((r) => `${r.account}/${r.region}`),
  );
  const instances = (await store.listInstances(ref.name)).filter(
    (i) =>
      (!scope?.accounts || scope.accounts.includes(i.account)) &&
      (!scope?.regions || scope.regions.includes(i.region)) &&
      !done.has(`${i.account}/${i.region}`),
  );
  let stoppedEarly = false;
  const counts = { drifted: 0, inSync: 0, unknown: 0 };
  let pending: { result: OperationResult; instance: StackInstance }[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length) {
      await store.recordResults(ref.name, ref.operationId, {
        results: batch.map((b) => b.result),
        instances: batch.map((b) => b.instance),
      });
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < instances.length) {
      if (deps.deadlineMs !== undefined && deps.clock.now() >= deps.deadlineMs) {
        stoppedEarly = true;
        return;
      }
      const instance = instances[next++]!;
      const detected = await detectOne(instance, stackSet.stackName, deps);
      if (detected.drift === 'DRIFTED') counts.drifted++;
      else if (detected.drift === 'IN_SYNC') counts.inSync++;
      else counts.unknown++;
      const now = new Date(deps.clock.now()).toISOString();
      pending.push({
        result: {
          account: instance.account,
          region: instance.region,
          status: detected.drift === 'UNKNOWN' ? 'FAILED' : 'SUCCEEDED',
          ...(detected.reason && { statusReason: detected.reason.slice(0, 2048) }),
          instanceStatusBefore: instance.status,
          instanceStatusAfter: instance.status,
        },
        instance: { ...instance, driftStatus: detected.drift, lastDriftCheckTimestamp: now, updatedAt: now },
      });
      // Results reach the store as they arrive, 25 at a time (one BatchWriteItem).
      if (pending.length >= 25) await flush();
    }
  };
  const workers = Math.max(1, Math.min(deps.concurrency ?? 20, instances.length));
  await Promise.all(Array.from({ length: workers }, worker));
  await flush();
  if (stoppedEarly) return { ...counts, complete: false };
  const byStatus: Partial<Record<OperationResult['status'], number>> = {};
  const drift: Partial<Record<StackDriftStatus, number>> = {};
  for (const i of await store.listInstances(ref.name)) {
    if (i.lastDriftCheckTimestamp) drift[i.driftStatus] = (drift[i.driftStatus] ?? 0) + 1;
  }
  for (const r of await store.listResults(ref.name, ref.operationId))
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  await finishOperation(
    store,
    ref.name,
    ref.operationId,
    {
      status: (byStatus.FAILED ?? 0) > 0 ? 'FAILED' : 'SUCCEEDED',
      statusReason: `${drift.DRIFTED ?? 0} drifted, ${drift.IN_SYNC ?? 0} in sync, ${drift.UNKNOWN ?? 0} unknown`,
      counts: byStatus,
    },
    deps,
  );
  return { ...counts, complete: true };
}
