import type { SimulatedStack } from '@stackset-lite/tasks/simulated-estate';
import { InvalidInputError } from '../input/input-error.js';
import type { Operation, StackInstance } from '../stack-set/stack-set-model.js';
import { createStackSet, stopOperation, updateStackSet } from '../stack-set/stack-set-requests.js';
import createAccountResult from './organizations-events/create-account-result.json' with { type: 'json' };
import moveAccount from './organizations-events/move-account.json' with { type: 'json' };
import removeAccount from './organizations-events/remove-account-from-organization.json' with {
  type: 'json',
};
import { SIMULATED_INSTALLATION } from './simulated-rollout.js';
import { StackSetSimulation } from './stack-set-simulation.js';

/** One named check of the story: computed from the store and the simulated estate. */
export interface StoryStep {
  name: string;
  ok: boolean;
  detail: string;
}

/** What the lifecycle story found. */
export interface LifecycleStoryResult {
  story: 'lifecycle';
  /** The stack set's instances at the end, by status. */
  instances: Record<string, number>;
  steps: StoryStep[];
  ok: boolean;
}

const STACK_SET = 'platform-baseline';
const STACK_NAME = 'stackset-lite-baseline';
const REGIONS = ['eu-west-1', 'us-east-1'];
const BUCKET = SIMULATED_INSTALLATION.templateBucket;

/** A template version: a bucket whose configuration changes from version to version. */
function template(version: number): string {
  return [
    'Parameters:',
    '  BucketPurpose:',
    '    Type: String',
    'Resources:',
    '  Bucket:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    `      Tags: [{ Key: baseline-version, Value: "v${version}" }]`,
    '',
  ].join('\n');
}

function withAccount(event: unknown, path: readonly string[], accountId: string): unknown {
  const copy = structuredClone(event) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]!] = accountId;
  return copy;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const SETTLED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

/**
 * The stack set's lifecycle on the simulated organization, with the real machine, handlers and the
 * in-memory store: nine steps in order, each a named check computed from the store and the estate
 * (never asserted by the story itself). `onStep` sees each check as it is made.
 */
export async function runLifecycleStory(
  options: {
    seed?: number;
    onStep?: (step: StoryStep) => void;
    /** Run on this simulation (e.g. to read its store afterwards). @default a new one */
    simulation?: StackSetSimulation;
  } = {},
): Promise<LifecycleStoryResult> {
  // Organizations events as AWS delivers them (see organizations-events/SOURCES.md); the simulated
  // organization's ids are put in, every other field stays as recorded.
  const fixtures = { createAccountResult, moveAccount, removeAccount };
  const sim = options.simulation ?? new StackSetSimulation({ seed: options.seed ?? 1 });
  const { estate, store } = sim;
  const org = estate.organization;
  const workloads = org.addOrganizationalUnit({ name: 'workloads' });
  const legacy = org.addOrganizationalUnit({ name: 'legacy' });
  const accounts = estate.addAccounts(20, { parentId: workloads });
  for (const v of [1, 2, 3, 4]) estate.s3.put(BUCKET, `baseline-v${v}.yaml`, template(v));
  const steps: StoryStep[] = [];
  const check = (name: string, ok: boolean, detail: string) => {
    const step = { name, ok, detail };
    steps.push(step);
    options.onStep?.(step);
  };
  const instances = () => store.listInstances(STACK_SET);
  const stackOf = (i: { account: string; region: string }): SimulatedStack | undefined =>
    estate.cloudFormation.stack(i.account, i.region, STACK_NAME);
  const live = (list: readonly StackInstance[]) => list.filter((i) => SETTLED.has(stackOf(i)?.status ?? ''));
  const statuses = (list: readonly StackInstance[]) => countBy(list, (i) => i.status);
  const fmt = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ') || 'none';
  const templateVersionOf = (i: StackInstance) => /v(\d)/.exec(stackOf(i)?.spec.templateBody ?? '')?.[1];
  const operations = () => store.listOperations(STACK_SET);
  const now = () => sim.clock.now();

  await createStackSet(
    store,
    {
      name: STACK_SET,
      stackName: STACK_NAME,
      template: { bucket: BUCKET, key: 'baseline-v1.yaml', version: 'v1' },
      parameters: { BucketPurpose: 'logs' },
      targets: { organizationalUnits: [workloads], regions: REGIONS },
      preferences: { regionConcurrency: 'PARALLEL', maxConcurrentCount: 4, concurrencyMode: 'STRICT' },
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      tags: { team: 'platform' },
    },
    now(),
  );

  // 1. initial-deploy
  {
    const op = await sim.request(STACK_SET, { action: 'DEPLOY' });
    await sim.runUntilIdle();
    const list = await instances();
    const current = list.filter((i) => i.status === 'CURRENT');
    const ended = await store.getOperation(STACK_SET, op.operationId);
    check(
      'initial-deploy',
      list.length === 40 &&
        current.length === 40 &&
        live(list).length === 40 &&
        ended?.status === 'SUCCEEDED',
      `OU of 20 accounts × 2 regions: ${fmt(statuses(list))}; ${live(list).length} stacks deployed; operation ${ended?.status}`,
    );
  }

  // 2. auto-deploy-new-accounts
  {
    const before = (await operations()).length;
    const joined: string[] = [];
    for (let n = 0; n < 3; n++) {
      const account = org.addAccount({ parentId: workloads }).id;
      joined.push(account);
      await sim.deliver(
        withAccount(
          fixtures.createAccountResult,
          ['detail', 'serviceEventDetails', 'createAccountStatus', 'accountId'],
          account,
        ),
      );
    }
    await sim.runUntilIdle();
    const list = await instances();
    const added = (await operations()).slice(before);
    const newOnes = list.filter((i) => joined.includes(i.account));
    check(
      'auto-deploy-new-accounts',
      list.filter((i) => i.status === 'CURRENT').length === 46 &&
        live(newOnes).length === 6 &&
        added.length === 3 &&
        added.every((o) => o.origin === 'AUTO_DEPLOYMENT' && o.status === 'SUCCEEDED'),
      `3 accounts joined the OU (CreateAccountResult): ${added.length} auto-deployment operations (${added.map((o) => o.status).join(', ')}), no manual one; ${fmt(statuses(list))}`,
    );
  }

  // 3. update-marks-outdated-then-current
  {
    await updateStackSet(
      store,
      STACK_SET,
      { template: { bucket: BUCKET, key: 'baseline-v2.yaml', version: 'v2' } },
      now(),
    );
    const afterUpdate = statuses(await instances());
    const midRun: Record<string, number>[] = [];
    await sim.request(STACK_SET, { action: 'DEPLOY' });
    await sim.runUntilIdle({
      onStage: async () => {
        midRun.push(statuses(await instances()));
      },
    });
    const list = await instances();
    const mixed = midRun.find((c) => (c.CURRENT ?? 0) > 0 && (c.OUTDATED ?? 0) > 0);
    check(
      'update-marks-outdated-then-current',
      afterUpdate.OUTDATED === 46 &&
        mixed !== undefined &&
        list.every((i) => i.status === 'CURRENT' && templateVersionOf(i) === '2'),
      `template v2: ${fmt(afterUpdate)} right after the update; mid-run ${mixed ? fmt(mixed) : 'never mixed'}; after: ${fmt(statuses(list))}, ${list.filter((i) => templateVersionOf(i) === '2').length} stacks on v2`,
    );
  }

  // 4. second-operation-queued
  {
    await updateStackSet(store, STACK_SET, { parameters: { BucketPurpose: 'central-logs' } }, now());
    const first = await sim.request(STACK_SET, { action: 'DEPLOY' });
    let second: Operation | undefined;
    let secondStatusAtRequest: string | undefined;
    await sim.runUntilIdle({
      onStage: async (_p, running) => {
        if (second || running.operationId !== first.operationId) return;
        second = await sim.request(STACK_SET, { action: 'DEPLOY', regions: ['us-east-1'] });
        secondStatusAtRequest = (await store.getOperation(STACK_SET, second.operationId))?.status;
      },
    });
    const a = await store.getOperation(STACK_SET, first.operationId);
    const b = second && (await store.getOperation(STACK_SET, second.operationId));
    const ordered = !!(a?.endTimestamp && b?.startTimestamp && b.startTimestamp >= a.endTimestamp);
    check(
      'second-operation-queued',
      secondStatusAtRequest === 'QUEUED' &&
        ordered &&
        a?.status === 'SUCCEEDED' &&
        b?.status === 'SUCCEEDED' &&
        !(await store.getLease(STACK_SET)),
      `second operation asked while the first ran: ${secondStatusAtRequest}; first ran ${a?.startTimestamp} → ${a?.endTimestamp}, second started ${b?.startTimestamp} (${ordered ? 'after' : 'NOT after'} the first ended); both ${a?.status}/${b?.status}`,
    );
  }

  // 5. drift-detected
  {
    const list = await instances();
    const changed = [list[3]!, list[17]!];
    for (const i of changed) estate.drift.driftStack(i.account, i.region, STACK_NAME);
    await sim.request(STACK_SET, { action: 'DETECT_DRIFT' });
    await sim.runUntilIdle();
    const after = await instances();
    const drifted = after.filter((i) => i.driftStatus === 'DRIFTED');
    const expected = new Set(changed.map((i) => `${i.account}/${i.region}`));
    check(
      'drift-detected',
      drifted.length === 2 &&
        drifted.every((i) => expected.has(`${i.account}/${i.region}`)) &&
        after.filter((i) => i.driftStatus === 'IN_SYNC').length === after.length - 2,
      `2 stacks changed out of band: drift ${fmt(countBy(after, (i) => i.driftStatus))} (${drifted.map((i) => `${i.account}/${i.region}`).join(', ')})`,
    );
  }

  // 6. account-removed
  {
    const opsBefore = (await operations()).length;
    // Moved out of the targeted OU (MoveAccount): auto-deployment deletes its stacks, or detaches them.
    const leave = async (account: string) => {
      org.moveAccount(account, legacy);
      const event = withAccount(
        fixtures.moveAccount,
        ['detail', 'requestParameters', 'accountId'],
        account,
      ) as {
        detail: { requestParameters: Record<string, string> };
      };
      event.detail.requestParameters.sourceParentId = workloads;
      event.detail.requestParameters.destinationParentId = legacy;
      await sim.deliver(event);
      await sim.runUntilIdle();
    };
    const deleted = accounts[5]!;
    await leave(deleted);
    // Removed from the organization (RemoveAccountFromOrganization), with the stack set still saying
    // "delete": the orchestrator may assume roles only in its organization's accounts (the
    // OrchestratorRole's aws:ResourceOrgID condition), so the stacks cannot be reached and are
    // detached, as with retainStacksOnAccountRemoval, saying so.
    const removed = accounts[7]!;
    org.removeAccount(removed);
    await sim.deliver(
      withAccount(fixtures.removeAccount, ['detail', 'requestParameters', 'accountId'], removed),
    );
    await sim.runUntilIdle();
    const current = await store.getStackSet(STACK_SET);
    await updateStackSet(
      store,
      STACK_SET,
      { autoDeployment: { ...current!.autoDeployment, retainStacksOnAccountRemoval: true } },
      now(),
    );
    const retained = accounts[6]!;
    await leave(retained);
    const list = await instances();
    const stacksOf = (account: string) =>
      REGIONS.map((region) => stackOf({ account, region })).filter(Boolean).length;
    const auto = (await operations()).slice(opsBefore);
    const forAccount = (account: string) => auto.find((o) => o.scope?.accounts?.includes(account));
    const [onDeleted, onRemoved, onRetained] = [deleted, removed, retained].map(forAccount);
    check(
      'account-removed',
      !list.some((i) => [deleted, removed, retained].includes(i.account)) &&
        list.length === 40 &&
        stacksOf(deleted) === 0 &&
        stacksOf(removed) === 2 &&
        stacksOf(retained) === 2 &&
        auto.length === 3 &&
        auto.every(
          (o) => o.origin === 'AUTO_DEPLOYMENT' && o.action === 'DELETE' && o.status === 'SUCCEEDED',
        ) &&
        onDeleted?.retainStacks === false &&
        onRemoved?.retainStacks === true &&
        onRetained?.retainStacks === true,
      `${deleted} moved out of the OU: instances removed, ${stacksOf(deleted)} stacks left; ${removed} removed from the organization: instances removed, ${stacksOf(removed)} stacks detached (unreachable outside the organization); with retainStacksOnAccountRemoval ${retained} moved out: instances removed, ${stacksOf(retained)} stacks kept; ${list.length} instances left`,
    );
  }

  // 7. graceful-stop
  {
    await updateStackSet(
      store,
      STACK_SET,
      { template: { bucket: BUCKET, key: 'baseline-v3.yaml', version: 'v3' } },
      now(),
    );
    const messagesBefore = sim.notifications.length;
    const op = await sim.request(STACK_SET, { action: 'DEPLOY' });
    let deployCalls = 0;
    let statusWhenStopped: string | undefined;
    await sim.runUntilIdle({
      onTaskCall: async (task, running) => {
        if (task !== 'deployStack' || running.operationId !== op.operationId) return;
        // Stop while the second round's stacks are being started: they are in flight.
        if (++deployCalls === 12)
          statusWhenStopped = (
            await stopOperation(store, { stackSetName: STACK_SET, operationId: op.operationId })
          ).status;
      },
    });
    const ended = await store.getOperation(STACK_SET, op.operationId);
    const results = await store.listResults(STACK_SET, op.operationId);
    const byStatus = countBy(results, (r) => r.status);
    const list = await instances();
    const cancelledKeys = new Set(
      results.filter((r) => r.status === 'CANCELLED').map((r) => `${r.account}/${r.region}`),
    );
    const untouched = list.filter(
      (i) => cancelledKeys.has(`${i.account}/${i.region}`) && templateVersionOf(i) === '2',
    ).length;
    const messages = sim.notifications.slice(messagesBefore);
    check(
      'graceful-stop',
      statusWhenStopped === 'STOPPING' &&
        ended?.status === 'STOPPED' &&
        results.length === list.length &&
        (byStatus.CANCELLED ?? 0) > 0 &&
        (byStatus.SUCCEEDED ?? 0) >= 12 &&
        (byStatus.FAILED ?? 0) === 0 &&
        untouched === cancelledKeys.size &&
        messages.length === 1,
      `stopped during the second round: operation ${ended?.status}; ${fmt(byStatus)} (in-flight settled, ${untouched} cancelled stacks untouched on v2); ${messages.length} notification`,
    );
  }

  // 8. import-existing-stack
  {
    const owner = org.addAccount({ parentId: legacy }).id;
    const existing = estate.cloudFormation.putStack({
      accountId: owner,
      region: 'eu-west-1',
      stackName: STACK_NAME,
      status: 'CREATE_COMPLETE',
      templateUrl: `https://${BUCKET}.s3.amazonaws.com/baseline-v1.yaml`,
      parameters: { BucketPurpose: 'logs' },
      // The account's owner marks the stack as adoptable (the deploy role's opt-in for imports).
      tags: { 'stackset-lite:import': 'allowed', owner: 'legacy-team' },
    });
    const { stackId, creationTime } = existing;
    let refused = '';
    const opsBefore = (await operations()).length;
    try {
      await sim.request(STACK_SET, { action: 'IMPORT', accounts: [owner] });
    } catch (error) {
      if (error instanceof InvalidInputError) refused = error.message;
    }
    const unchanged = (await operations()).length === opsBefore;
    await sim.request(STACK_SET, { action: 'IMPORT', accounts: [owner], regions: ['eu-west-1'] });
    await sim.runUntilIdle();
    const after = stackOf({ account: owner, region: 'eu-west-1' });
    const instance = await store.getInstance(STACK_SET, { account: owner, region: 'eu-west-1' });
    const managed = after?.spec.tags.some((t) => t.Key === 'ManagedBy' && t.Value === 'stackset-lite');
    const deletedOnce = after?.events.some((e) => e.ResourceStatus?.startsWith('DELETE')) ?? true;
    check(
      'import-existing-stack',
      instance?.status === 'CURRENT' &&
        after?.stackId === stackId &&
        after.creationTime.getTime() === creationTime.getTime() &&
        !deletedOnce &&
        !!managed &&
        refused.includes('nothing to import') &&
        unchanged,
      `${owner}/eu-west-1: instance ${instance?.status}; stack ${after?.stackId === stackId ? 'kept (same id, never deleted)' : 'REPLACED'}, ${after?.status}, ManagedBy ${managed ? 'set' : 'missing'}; importing both regions was refused (${refused.replace(/^invalid input: /, '') || 'not refused'})`,
    );
  }

  // 9. per-region-override-persisted
  {
    const account = accounts[0]!;
    const at = (region: string) =>
      stackOf({ account, region })?.spec.parameters.find((p) => p.ParameterKey === 'BucketPurpose')
        ?.ParameterValue;
    await sim.request(STACK_SET, {
      action: 'DEPLOY',
      accounts: [account],
      parameterOverrides: [
        { accounts: [account], regions: ['eu-west-1'], parameters: { BucketPurpose: 'audit' } },
      ],
    });
    await sim.runUntilIdle();
    const first = { eu: at('eu-west-1'), us: at('us-east-1') };
    await updateStackSet(
      store,
      STACK_SET,
      { template: { bucket: BUCKET, key: 'baseline-v4.yaml', version: 'v4' } },
      now(),
    );
    await sim.request(STACK_SET, { action: 'DEPLOY' });
    await sim.runUntilIdle();
    const second = { eu: at('eu-west-1'), us: at('us-east-1') };
    const kept = (await store.getInstance(STACK_SET, { account, region: 'eu-west-1' }))?.parameterOverrides;
    const euInstance = await store.getInstance(STACK_SET, { account, region: 'eu-west-1' });
    check(
      'per-region-override-persisted',
      first.eu === 'audit' &&
        first.us === 'central-logs' &&
        second.eu === 'audit' &&
        second.us === 'central-logs' &&
        euInstance !== undefined &&
        templateVersionOf(euInstance) === '4' &&
        kept?.BucketPurpose === 'audit',
      `${account}: eu-west-1 ${first.eu} / us-east-1 ${first.us}; after v4 deployed without the override: eu-west-1 ${second.eu} / us-east-1 ${second.us}; kept on the instance: ${JSON.stringify(kept)}`,
    );
  }

  const final = await instances();
  return {
    story: 'lifecycle',
    instances: statuses(final),
    steps,
    ok: steps.length === 9 && steps.every((s) => s.ok),
  };
}
