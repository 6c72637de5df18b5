import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/input/input-error.js';
import { MemoryStackSetStore } from '../../src/stack-set/memory-stack-set-store.js';
import {
  createStackSet,
  requestOperation,
  stopOperation,
  updateStackSet,
} from '../../src/stack-set/stack-set-requests.js';
import { account, instance } from './store-contract.js';

const NOW = Date.parse('2026-01-05T09:00:00.000Z');
const definition = {
  name: 'baseline',
  stackName: 'stackset-lite-baseline',
  template: { bucket: 'templates', key: 'baseline.yaml', version: 'v1' },
  targets: { organizationalUnits: ['ou-ab12-cdef3456'], regions: ['eu-west-1', 'us-east-1'] },
};

async function withStackSet() {
  const store = new MemoryStackSetStore();
  await createStackSet(store, definition, NOW);
  await store.putInstances([instance('baseline', 1, 'eu-west-1'), instance('baseline', 1, 'us-east-1')]);
  return store;
}

/** What the store holds, to show a refused request changed nothing. */
async function snapshot(store: MemoryStackSetStore) {
  return {
    writes: store.metrics.itemWrites,
    stackSets: await store.listStackSets(),
    instances: await store.listInstances('baseline'),
    operations: await store.listOperations('baseline'),
  };
}

async function refusal(attempt: Promise<unknown>): Promise<InvalidInputError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('bad stack set requests are refused with the field named, and change nothing', () => {
  it('conflicting targets: accounts and OUs without a filter type (StackSets would ignore the accounts)', async () => {
    const store = new MemoryStackSetStore();
    const error = await refusal(
      createStackSet(
        store,
        { ...definition, targets: { ...definition.targets, accounts: [account(1)] } },
        NOW,
      ),
    );
    expect(error.problems).toEqual([
      { pointer: '/targets/accountFilterType', message: expect.stringMatching(/accounts would be ignored/) },
    ]);
    expect(await store.listStackSets()).toEqual([]);
    expect(store.metrics.itemWrites).toBe(0);
  });

  it('conflicting targets: an account or OU listed twice, a region twice', async () => {
    const store = new MemoryStackSetStore();
    const error = await refusal(
      createStackSet(
        store,
        {
          ...definition,
          targets: {
            accounts: [account(1), account(1)],
            organizationalUnits: ['ou-ab12-cdef3456'],
            accountFilterType: 'UNION',
            regions: ['eu-west-1', 'eu-west-1'],
          },
        },
        NOW,
      ),
    );
    expect(error.problems.map((p) => p.pointer).sort()).toEqual([
      '/targets/accounts/1',
      '/targets/regions/1',
    ]);
    expect(store.metrics.itemWrites).toBe(0);
  });

  it('overrides for accounts outside the operation’s targets, or regions outside the stack set', async () => {
    const store = await withStackSet();
    const before = await snapshot(store);
    const error = await refusal(
      requestOperation(
        store,
        'baseline',
        {
          action: 'DEPLOY',
          accounts: [account(1)],
          parameterOverrides: [
            {
              accounts: [account(1), account(7)],
              regions: ['eu-west-1', 'ap-south-1'],
              parameters: { Size: 'L' },
            },
          ],
        },
        { nowMs: NOW, idSuffix: 'a' },
      ),
    );
    expect(error.problems).toEqual([
      {
        pointer: '/parameterOverrides/0/accounts/1',
        message: expect.stringMatching(/not a target of this operation/),
      },
      {
        pointer: '/parameterOverrides/0/regions/1',
        message: expect.stringMatching(/not a region of this operation/),
      },
    ]);
    expect(await snapshot(store)).toEqual(before);
  });

  it('an import of a stack that does not exist names the account, and queues nothing', async () => {
    const store = await withStackSet();
    const before = await snapshot(store);
    const error = await refusal(
      requestOperation(
        store,
        'baseline',
        { action: 'IMPORT', accounts: [account(2), account(3)], regions: ['eu-west-1'] },
        { nowMs: NOW, idSuffix: 'a', stackExists: async (a) => a === account(2) },
      ),
    );
    expect(error.problems).toEqual([
      {
        pointer: '/accounts/1',
        message: `no stack named stackset-lite-baseline in ${account(3)}/eu-west-1: there is nothing to import`,
      },
    ]);
    expect(await snapshot(store)).toEqual(before);
  });

  it('a stop for an operation that is not running names /operationId, whatever its status', async () => {
    const store = await withStackSet();
    const queued = await requestOperation(
      store,
      'baseline',
      { action: 'DEPLOY' },
      { nowMs: NOW, idSuffix: 'a' },
    );
    const before = await snapshot(store);
    const notRunning = await refusal(
      stopOperation(store, { stackSetName: 'baseline', operationId: queued.operationId }),
    );
    expect(notRunning.problems).toEqual([
      {
        pointer: '/operationId',
        message: `operation ${queued.operationId} is QUEUED: only a RUNNING operation can be stopped`,
      },
    ]);
    const missing = await refusal(
      stopOperation(store, { stackSetName: 'baseline', operationId: 'no-such-op' }),
    );
    expect(missing.problems[0]).toEqual({
      pointer: '/operationId',
      message: 'no operation no-such-op on stack set baseline',
    });
    expect(await snapshot(store)).toEqual(before);
  });

  it('other bad requests: unknown stack set, DELETE without accounts, retainStacks on a deploy, a region the stack set lacks', async () => {
    const store = await withStackSet();
    const before = await snapshot(store);
    const ctx = { nowMs: NOW, idSuffix: 'a' };
    expect(
      (await refusal(requestOperation(store, 'nope', { action: 'DEPLOY' }, ctx))).problems[0]?.pointer,
    ).toBe('/stackSetName');
    expect(
      (await refusal(requestOperation(store, 'baseline', { action: 'DELETE' }, ctx))).problems[0]?.pointer,
    ).toBe('/accounts');
    expect(
      (await refusal(requestOperation(store, 'baseline', { action: 'DEPLOY', retainStacks: true }, ctx)))
        .problems[0]?.pointer,
    ).toBe('/retainStacks');
    expect(
      (await refusal(requestOperation(store, 'baseline', { action: 'DEPLOY', regions: ['ap-south-1'] }, ctx)))
        .problems[0]?.pointer,
    ).toBe('/regions/0');
    expect(
      (await refusal(requestOperation(store, 'baseline', { action: 'DEPLOY', acounts: [] }, ctx))).problems[0]
        ?.pointer,
    ).toBe('');
    expect(await snapshot(store)).toEqual(before);
  });
});

describe('stack set changes', () => {
  it('a new template makes every CURRENT instance OUTDATED until deployed; other changes do not', async () => {
    const store = await withStackSet();
    await updateStackSet(store, 'baseline', { tags: { team: 'x' } }, NOW + 1);
    expect((await store.listInstances('baseline')).map((i) => i.status)).toEqual(['CURRENT', 'CURRENT']);
    const next = await updateStackSet(
      store,
      'baseline',
      { template: { bucket: 'templates', key: 'baseline-v2.yaml', version: 'v2' } },
      NOW + 2,
    );
    expect(next.revision).toBe(3);
    const instances = await store.listInstances('baseline');
    expect(instances.map((i) => i.status)).toEqual(['OUTDATED', 'OUTDATED']);
    expect(instances[0]?.statusReason).toMatch(/revision 3/);
  });

  it('a deploy of instances that do not exist yet is a CREATE operation, of existing ones an UPDATE', async () => {
    const store = await withStackSet();
    const ctx = { nowMs: NOW, idSuffix: 'a' };
    expect(
      (await requestOperation(store, 'baseline', { action: 'DEPLOY', accounts: [account(9)] }, ctx)).action,
    ).toBe('CREATE');
    expect(
      (
        await requestOperation(
          store,
          'baseline',
          { action: 'DEPLOY', accounts: [account(1)] },
          { ...ctx, idSuffix: 'b' },
        )
      ).action,
    ).toBe('UPDATE');
  });
});
