import { describe, expect, it } from 'vitest';
import {
  newOperationId,
  type Operation,
  type OperationResult,
  type StackInstance,
  type StackSet,
} from '../../src/stack-set/stack-set-model.js';
import {
  OperationStatusConflictError,
  StackSetConflictError,
  type StackSetStore,
} from '../../src/stack-set/stack-set-store.js';

/**
 * The contract every StackSetStore keeps, run against the in-memory store and against the DynamoDB
 * store on moto's DynamoDB: the same assertions, so `simulate` (memory) behaves like AWS (DynamoDB).
 */

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

export function stackSet(name: string, revision = 1, overrides: Partial<StackSet> = {}): StackSet {
  return {
    name,
    stackName: 'stackset-lite-bucket',
    template: { url: 'https://templates.s3.amazonaws.com/bucket.yaml', version: `v${revision}` },
    parameters: { BucketPurpose: 'logs' },
    capabilities: [],
    targets: {
      organizationalUnits: ['ou-ab12-cdef3456'],
      regions: ['eu-west-1', 'us-east-1'],
      accountFilterType: 'NONE',
      includeManagementAccount: false,
    },
    preferences: { regionConcurrency: 'SEQUENTIAL', concurrencyMode: 'STRICT', waves: ['100%'] },
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    tags: { team: 'platform' },
    revision,
    createdAt: iso(T0),
    updatedAt: iso(T0 + revision),
    ...overrides,
  };
}

export function account(i: number): string {
  return String(200_000_000_000 + i);
}

export function instance(
  stackSetName: string,
  i: number,
  region: string,
  extra: Partial<StackInstance> = {},
) {
  const record: StackInstance = {
    stackSetName,
    account: account(i),
    region,
    status: 'CURRENT',
    detailedStatus: 'SUCCEEDED',
    stackId: `arn:aws:cloudformation:${region}:${account(i)}:stack/stackset-lite-bucket/00000000-0000-4000-8000-000000000001`,
    deployedRevision: 1,
    driftStatus: 'NOT_CHECKED',
    parameterOverrides: {},
    updatedAt: iso(T0),
    ...extra,
  };
  return record;
}

export function operation(stackSetName: string, n: number, extra: Partial<Operation> = {}): Operation {
  return {
    stackSetName,
    operationId: newOperationId(T0 + n * 1_000, `op${n}`),
    action: 'UPDATE',
    status: 'QUEUED',
    stackSetRevision: 1,
    origin: 'USER',
    parameterOverrides: [],
    retainStacks: false,
    creationTimestamp: iso(T0 + n * 1_000),
    ...extra,
  };
}

function sortedKeys(list: { account: string; region: string }[]) {
  return list.map((i) => `${i.account}/${i.region}`);
}

/** Runs the contract against a store from `make` (a fresh, empty store each test). */
export function stackSetStoreContract(
  make: () => Promise<StackSetStore>,
  options: {
    instances: number;
    /**
     * Why concurrent conditional writes cannot be checked on this backend (absent: they are). DynamoDB
     * applies a conditional write atomically — of several racing writers only one sees its condition
     * true (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate).
     */
    racesUnchecked?: string;
  },
) {
  const scale = options;
  const racing = options.racesUnchecked ? it.skip : it;
  if (options.racesUnchecked)
    console.warn(`not checking concurrent conditional writes: ${options.racesUnchecked}`);
  describe('stack sets', () => {
    it('creates a stack set once; a second create is refused and changes nothing', async () => {
      const store = await make();
      await store.putStackSet(stackSet('alpha'), { expectedRevision: 0 });
      await expect(
        store.putStackSet(stackSet('alpha', 1, { description: 'other' }), { expectedRevision: 0 }),
      ).rejects.toBeInstanceOf(StackSetConflictError);
      expect(await store.getStackSet('alpha')).toEqual(stackSet('alpha'));
    });

    it('updates only from the revision the writer read (optimistic locking)', async () => {
      const store = await make();
      await store.putStackSet(stackSet('alpha'), { expectedRevision: 0 });
      await store.putStackSet(stackSet('alpha', 2), { expectedRevision: 1 });
      // A writer that read revision 1 and did not see revision 2 loses, naming the current revision.
      await expect(store.putStackSet(stackSet('alpha', 2), { expectedRevision: 1 })).rejects.toThrow(
        /at revision 2, not 1/,
      );
      await expect(store.putStackSet(stackSet('ghost', 2), { expectedRevision: 1 })).rejects.toThrow(
        /ghost does not exist/,
      );
      expect((await store.getStackSet('alpha'))?.template.version).toBe('v2');
      expect(await store.getStackSet('ghost')).toBeUndefined();
    });

    it('lists stack sets by name', async () => {
      const store = await make();
      for (const name of ['gamma', 'alpha', 'beta'])
        await store.putStackSet(stackSet(name), { expectedRevision: 0 });
      expect((await store.listStackSets()).map((s) => s.name)).toEqual(['alpha', 'beta', 'gamma']);
    });
  });

  describe('stack instances', () => {
    it(`writes ${scale.instances} instances in batches of at most 25 and lists them by account then region`, async () => {
      const store = await make();
      const before = { ...store.metrics };
      const instances = Array.from({ length: scale.instances / 2 }, (_, i) => [
        instance('alpha', i, 'us-east-1'),
        instance('alpha', i, 'eu-west-1'),
      ]).flat();
      await store.putInstances(instances);
      const listed = await store.listInstances('alpha');
      expect(listed).toHaveLength(scale.instances);
      expect(sortedKeys(listed)).toEqual(sortedKeys(instances).sort((a, b) => (a < b ? -1 : 1)));
      expect(store.metrics.itemWrites - before.itemWrites).toBe(scale.instances);
      // BatchWriteItem takes 25 requests per call: never more, and no more calls than needed.
      expect(store.metrics.writeRequests - before.writeRequests).toBe(Math.ceil(scale.instances / 25));
      // Each instance item is under 1 KB: one write request unit each.
      expect(store.metrics.writeUnits - before.writeUnits).toBe(scale.instances);
    });

    it('keeps per account × region parameter overrides and optional fields as written', async () => {
      const store = await make();
      const withOverride = instance('alpha', 1, 'eu-west-1', {
        parameterOverrides: { RetentionDays: '365' },
        status: 'OUTDATED',
        statusReason: 'the stack set changed (revision 2); not yet deployed',
        driftStatus: 'DRIFTED',
        lastDriftCheckTimestamp: iso(T0 + 5),
        organizationalUnitId: 'ou-ab12-cdef3456',
      });
      const bare = instance('alpha', 1, 'us-east-1', { stackId: undefined, deployedRevision: undefined });
      delete bare.stackId;
      delete bare.deployedRevision;
      await store.putInstances([withOverride, bare]);
      expect(await store.getInstance('alpha', { account: account(1), region: 'eu-west-1' })).toEqual(
        withOverride,
      );
      const readBare = await store.getInstance('alpha', { account: account(1), region: 'us-east-1' });
      expect(readBare).toEqual(bare);
      expect(readBare && 'stackId' in readBare).toBe(false);
      expect(await store.getInstance('alpha', { account: account(2), region: 'us-east-1' })).toBeUndefined();
    });

    it('reads many instances by key in batches (BatchGetItem takes 100 keys), skipping absent ones', async () => {
      const store = await make();
      const instances = Array.from({ length: 130 }, (_, i) => instance('alpha', i, 'eu-west-1'));
      await store.putInstances(instances);
      const keys = [
        ...instances.map((i) => ({ account: i.account, region: i.region })),
        { account: account(500), region: 'eu-west-1' },
        { account: account(3), region: 'eu-west-1' },
      ];
      const found = await store.getInstances('alpha', keys);
      expect(sortedKeys(found).sort()).toEqual(sortedKeys(instances).sort());
      expect(await store.getInstances('beta', keys)).toEqual([]);
    });

    it('deletes only the instances named; other stack sets are untouched', async () => {
      const store = await make();
      await store.putInstances([
        instance('alpha', 1, 'eu-west-1'),
        instance('alpha', 1, 'us-east-1'),
        instance('alpha', 2, 'eu-west-1'),
        instance('beta', 1, 'eu-west-1'),
      ]);
      await store.deleteInstances('alpha', [
        { account: account(1), region: 'eu-west-1' },
        { account: account(1), region: 'us-east-1' },
        { account: account(9), region: 'us-east-1' },
      ]);
      expect(sortedKeys(await store.listInstances('alpha'))).toEqual([`${account(2)}/eu-west-1`]);
      expect(sortedKeys(await store.listInstances('beta'))).toEqual([`${account(1)}/eu-west-1`]);
    });

    it('a caller changing what it read does not change the store', async () => {
      const store = await make();
      await store.putInstances([instance('alpha', 1, 'eu-west-1')]);
      const read = await store.getInstance('alpha', { account: account(1), region: 'eu-west-1' });
      if (read) read.parameterOverrides.Injected = 'x';
      expect(
        (await store.getInstance('alpha', { account: account(1), region: 'eu-west-1' }))?.parameterOverrides,
      ).toEqual({});
    });
  });

  describe('operations', () => {
    it('records operations once and lists them oldest first', async () => {
      const store = await make();
      await store.createOperation(operation('alpha', 2));
      await store.createOperation(operation('alpha', 1));
      await store.createOperation(operation('beta', 3));
      await expect(store.createOperation(operation('alpha', 1, { action: 'DELETE' }))).rejects.toBeInstanceOf(
        StackSetConflictError,
      );
      const listed = await store.listOperations('alpha');
      expect(listed.map((o) => o.operationId)).toEqual([
        operation('alpha', 1).operationId,
        operation('alpha', 2).operationId,
      ]);
      expect(listed[0]?.action).toBe('UPDATE');
    });

    it('moves an operation through QUEUED → RUNNING → STOPPING → STOPPED only from the statuses allowed', async () => {
      const store = await make();
      const op = operation('alpha', 1);
      await store.createOperation(op);
      const running = await store.transitionOperation('alpha', op.operationId, ['QUEUED'], {
        status: 'RUNNING',
        startTimestamp: iso(T0 + 10),
        executionName: 'alpha-1',
      });
      expect(running).toMatchObject({
        status: 'RUNNING',
        startTimestamp: iso(T0 + 10),
        executionName: 'alpha-1',
      });
      await store.transitionOperation('alpha', op.operationId, ['RUNNING'], { status: 'STOPPING' });
      const stopped = await store.transitionOperation('alpha', op.operationId, ['STOPPING'], {
        status: 'STOPPED',
        endTimestamp: iso(T0 + 20),
        counts: { SUCCEEDED: 3, CANCELLED: 5 },
      });
      expect(stopped.counts).toEqual({ SUCCEEDED: 3, CANCELLED: 5 });
      expect(await store.getOperation('alpha', op.operationId)).toEqual(stopped);
    });

    it('refuses a transition from another status, naming the status it has, and changes nothing', async () => {
      const store = await make();
      const op = operation('alpha', 1, { status: 'SUCCEEDED', endTimestamp: iso(T0 + 5) });
      await store.createOperation(op);
      const refused = store.transitionOperation('alpha', op.operationId, ['RUNNING'], { status: 'STOPPING' });
      await expect(refused).rejects.toBeInstanceOf(OperationStatusConflictError);
      await expect(refused).rejects.toThrow(`operation ${op.operationId} is SUCCEEDED, not RUNNING`);
      expect(await store.getOperation('alpha', op.operationId)).toEqual(op);
      await expect(
        store.transitionOperation('alpha', 'no-such-op', ['RUNNING'], { status: 'STOPPING' }),
      ).rejects.toThrow('operation no-such-op does not exist');
      expect(await store.getOperation('alpha', 'no-such-op')).toBeUndefined();
    });

    racing('two concurrent transitions from the same status: exactly one wins', async () => {
      const store = await make();
      const op = operation('alpha', 1);
      await store.createOperation(op);
      const outcomes = await Promise.allSettled(
        ['run-a', 'run-b', 'run-c'].map((executionName) =>
          store.transitionOperation('alpha', op.operationId, ['QUEUED'], {
            status: 'RUNNING',
            executionName,
          }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    });

    it('records results and the instances they changed in one batched write', async () => {
      const store = await make();
      const op = operation('alpha', 1);
      await store.createOperation(op);
      await store.putInstances([instance('alpha', 0, 'eu-west-1'), instance('alpha', 1, 'eu-west-1')]);
      const results: OperationResult[] = Array.from({ length: 30 }, (_, i) => ({
        account: account(i),
        region: 'eu-west-1',
        status: i === 7 ? 'FAILED' : 'SUCCEEDED',
        ...(i === 7 && { statusReason: 'ROLLBACK_COMPLETE: Bucket (AWS::S3::Bucket): already exists' }),
        instanceStatusAfter: i === 7 ? 'OUTDATED' : 'CURRENT',
      }));
      const before = { ...store.metrics };
      await store.recordResults('alpha', op.operationId, {
        results,
        instances: results
          .slice(2)
          .map((r) => instance('alpha', Number(r.account) - 200_000_000_000, r.region)),
        deletedInstances: [{ account: account(0), region: 'eu-west-1' }],
      });
      // 30 results + 28 instances + 1 delete = 59 writes, in 3 BatchWriteItem calls.
      expect(store.metrics.itemWrites - before.itemWrites).toBe(59);
      expect(store.metrics.writeRequests - before.writeRequests).toBe(3);
      const listed = await store.listResults('alpha', op.operationId);
      expect(listed).toHaveLength(30);
      expect(listed.find((r) => r.account === account(7))).toEqual(results[7]);
      const instances = await store.listInstances('alpha');
      expect(instances).toHaveLength(29);
      expect(instances.some((i) => i.account === account(0))).toBe(false);
      expect(await store.listResults('alpha', operation('alpha', 2).operationId)).toEqual([]);
    });
  });

  describe('the lease (one operation at a time per stack set)', () => {
    const TTL = 60_000;

    it('is held by one operation until released or expired; never by two', async () => {
      const store = await make();
      expect(await store.acquireLease('alpha', 'op-a', T0, TTL)).toBe(true);
      expect(await store.acquireLease('alpha', 'op-b', T0 + 1_000, TTL)).toBe(false);
      // The holder renews it.
      expect(await store.acquireLease('alpha', 'op-a', T0 + 30_000, TTL)).toBe(true);
      expect(await store.acquireLease('alpha', 'op-b', T0 + 61_000, TTL)).toBe(false);
      expect((await store.getLease('alpha'))?.expiresAtMs).toBe(T0 + 30_000 + TTL);
      // Another stack set has its own lease.
      expect(await store.acquireLease('beta', 'op-b', T0 + 1_000, TTL)).toBe(true);
      expect(await store.releaseLease('alpha', 'op-b')).toBe(false);
      expect(await store.releaseLease('alpha', 'op-a')).toBe(true);
      expect(await store.getLease('alpha')).toBeUndefined();
      expect(await store.acquireLease('alpha', 'op-b', T0 + 40_000, TTL)).toBe(true);
    });

    it('is taken over once it expires (its holder crashed), and the crashed holder cannot release it', async () => {
      const store = await make();
      expect(await store.acquireLease('alpha', 'op-crashed', T0, TTL)).toBe(true);
      expect(await store.acquireLease('alpha', 'op-next', T0 + TTL - 1, TTL)).toBe(false);
      expect(await store.acquireLease('alpha', 'op-next', T0 + TTL, TTL)).toBe(true);
      expect(await store.releaseLease('alpha', 'op-crashed')).toBe(false);
      expect((await store.getLease('alpha'))?.holder).toBe('op-next');
    });

    racing('of several concurrent takers exactly one wins', async () => {
      const store = await make();
      const wins = await Promise.all(
        ['op-1', 'op-2', 'op-3', 'op-4', 'op-5'].map((holder) =>
          store.acquireLease('alpha', holder, T0, TTL),
        ),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      const lease = await store.getLease('alpha');
      expect(lease?.holder).toBe(['op-1', 'op-2', 'op-3', 'op-4', 'op-5'][wins.indexOf(true)]);
    });
  });
}
