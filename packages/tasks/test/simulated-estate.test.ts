import { createDeployStackHandler, createSilentLogger } from '@stackset-lite/tasks';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { deployEvent, pollEvent, setupEstate, startDeployment, TEMPLATE_BUCKET } from './support/fixture.js';

let current: SimulatedEstate | undefined;
afterEach(() => {
  current?.uninstall();
  current = undefined;
});
function env(options: Parameters<typeof setupEstate>[0] = {}) {
  const created = setupEstate(options);
  current = created.estate;
  return created;
}

/** Statuses a stack goes through, sampled every `step` ms of virtual time. */
function timeline(estate: SimulatedEstate, accountId: string, until: number, step = 5_000): string[] {
  const seen: string[] = [];
  for (let t = 0; t <= until; t += step) {
    const status = estate.cloudFormation.stack(accountId, 'eu-west-1', 'baseline')?.status ?? 'GONE';
    if (seen.at(-1) !== status) seen.push(status);
    estate.virtualClock.advance(step);
  }
  return seen;
}

describe('simulated estate: CloudFormation timelines on the virtual clock', () => {
  it('create then update follow CloudFormation status sequences with the configured latencies', async () => {
    const handlers = env({ latencies: { create: 20_000, update: 10_000, cleanup: 5_000 } });
    const { estate, deploy } = handlers;
    const account = estate.organization.addAccount().id;
    await deploy(deployEvent(account));
    expect(timeline(estate, account, 30_000)).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    await startDeployment(
      handlers,
      deployEvent(account, { executionId: 'e2', templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml' }),
    );
    expect(timeline(estate, account, 30_000)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_COMPLETE',
    ]);
  });

  it('counts stacks by status, deleted ones included', async () => {
    const { estate, deploy } = env({ latencies: { create: 20_000, delete: 10_000 } });
    const [a, b, c] = estate.addAccounts(3);
    for (const account of [a!, b!, c!]) await deploy(deployEvent(account));
    estate.virtualClock.advance(20_000);
    await deploy(deployEvent(c!, { action: 'DELETE', executionId: 'del' }));
    expect(estate.cloudFormation.countByStatus('baseline')).toEqual({
      CREATE_COMPLETE: 2,
      DELETE_IN_PROGRESS: 1,
    });
    estate.virtualClock.advance(10_000);
    expect(estate.cloudFormation.countByStatus()).toEqual({ CREATE_COMPLETE: 2, DELETE_COMPLETE: 1 });
  });

  it('a failed update can end UPDATE_ROLLBACK_FAILED, a failed create ROLLBACK_FAILED', async () => {
    const handlers = env({ latencies: { create: 20_000, update: 20_000, rollback: 10_000 } });
    const { estate, deploy } = handlers;
    const [a, b] = estate.addAccounts(2);
    estate.faults.failCreate({ accountId: b }, { rollback: 'ROLLBACK_FAILED' });
    await deploy(deployEvent(a!));
    await deploy(deployEvent(b!));
    expect(timeline(estate, b!, 30_000)).toEqual([
      'CREATE_IN_PROGRESS',
      'ROLLBACK_IN_PROGRESS',
      'ROLLBACK_FAILED',
    ]);
    estate.faults.failUpdate({ accountId: a }, { rollback: 'UPDATE_ROLLBACK_FAILED' });
    await startDeployment(
      handlers,
      deployEvent(a!, { executionId: 'e2', templateUrl: 'https://templates.s3.amazonaws.com/v2.yaml' }),
    );
    expect(timeline(estate, a!, 30_000)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_ROLLBACK_IN_PROGRESS',
      'UPDATE_ROLLBACK_FAILED',
    ]);
  });

  it('follows an external clock (e.g. the engine’s virtual clock)', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    const { estate, deploy, poll } = env({ clock: { now: () => now } });
    const account = estate.organization.addAccount().id;
    const started = await deploy(deployEvent(account));
    now += 59_000;
    expect((await poll(pollEvent(account, started))).stackStatus).toBe('CREATE_IN_PROGRESS');
    now += 1_000;
    expect((await poll(pollEvent(account, started))).stackStatus).toBe('CREATE_COMPLETE');
    expect(() => estate.virtualClock).toThrow(/external clock/);
  });
});

describe('simulated estate: faults', () => {
  it('refuses AssumeRole into suspended and closed accounts and where denied', async () => {
    const { estate, deploy } = env();
    const [suspended, closed, denied] = estate.addAccounts(3);
    estate.organization.setAccountState(suspended!, 'SUSPENDED');
    estate.organization.setAccountState(closed!, 'CLOSED');
    estate.faults.denyAssumeRole(denied!);
    for (const account of [suspended!, closed!, denied!]) {
      const out = await deploy(deployEvent(account));
      expect(out).toMatchObject({ outcome: 'FAILED', reason: expect.stringContaining('AccessDenied') });
    }
  });

  it('enforces the external ID when one is configured', async () => {
    const { estate, deploy } = env({ externalId: 'secret-ext' });
    const account = estate.organization.addAccount().id;
    expect((await deploy(deployEvent(account))).outcome).toBe('FAILED');
    const withId = deployEvent(account);
    withId.deployRole = { roleName: 'stackset-lite-deploy', externalId: 'secret-ext' };
    expect((await deploy(withId)).outcome).toBe('STARTED');
  });

  it('throttles AssumeRole as STS does, surfaced as Throttled', async () => {
    const { estate, deploy } = env();
    const account = estate.organization.addAccount().id;
    estate.faults.throttle({ service: 'sts', times: 1 });
    await expect(deploy(deployEvent(account))).rejects.toMatchObject({ name: 'Throttled' });
  });

  it('rate-limits per account and region on the virtual clock', async () => {
    const { estate, poll } = env();
    const [a, b] = estate.addAccounts(2);
    estate.faults.rateLimit({
      service: 'cloudformation',
      operation: 'DescribeStacks',
      perSecond: 2,
      burst: 3,
    });
    const burst = (account: string, n: number) =>
      Promise.allSettled(Array.from({ length: n }, () => poll(pollEvent(account, {}, { action: 'DELETE' }))));
    const first = await burst(a!, 5);
    expect(first.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    expect(first[3]).toMatchObject({ reason: { name: 'Throttled' } });
    // Another account has its own bucket; the first one refills with time.
    expect((await burst(b!, 3)).every((r) => r.status === 'fulfilled')).toBe(true);
    estate.virtualClock.advance(1_000);
    expect((await burst(a!, 3)).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });

  it('replays the same random failures from the same seed', async () => {
    async function failedAccounts(seed: number): Promise<string[]> {
      const estate = new SimulatedEstate({ seed }).install();
      try {
        estate.faults.setRandomFailureRate(0.2);
        const deploy = createDeployStackHandler({
          logger: createSilentLogger(),
          clock: estate.clock,
          templateBucket: TEMPLATE_BUCKET,
        });
        const accounts = estate.addAccounts(60);
        for (const account of accounts) await deploy(deployEvent(account));
        estate.virtualClock.advance(300_000);
        return accounts.filter(
          (a) => estate.cloudFormation.stack(a, 'eu-west-1', 'baseline')?.status === 'ROLLBACK_COMPLETE',
        );
      } finally {
        estate.uninstall();
      }
    }
    const first = await failedAccounts(7);
    expect(first.length).toBeGreaterThan(3);
    expect(first.length).toBeLessThan(25);
    expect(await failedAccounts(7)).toEqual(first);
    expect(await failedAccounts(8)).not.toEqual(first);
  });
});

describe('simulated estate: concurrency and installation', () => {
  it.each([
    ['real SDK clients', false],
    ['estate.clients', true],
  ])(
    'keeps hundreds of concurrent calls into different accounts and regions apart (%s)',
    async (_, light) => {
      const { estate } = env();
      const deploy = createDeployStackHandler({
        logger: createSilentLogger(),
        clock: estate.clock,
        templateBucket: TEMPLATE_BUCKET,
        ...(light ? { clients: estate.clients } : {}),
      });
      const accounts = estate.addAccounts(150);
      const regions = ['eu-west-1', 'us-east-1'];
      const results = await Promise.all(
        accounts.flatMap((accountId) =>
          regions.map((region) =>
            deploy(
              deployEvent(accountId, {
                region,
                target: { accountId, region, parameterOverrides: { Owner: accountId } },
              }),
            ),
          ),
        ),
      );
      expect(results.every((r) => r.outcome === 'STARTED')).toBe(true);
      for (const r of results) {
        const stack = estate.cloudFormation.stack(r.accountId, r.region, 'baseline')!;
        expect(stack.stackId).toBe(r.stackId);
        expect(stack.stackId).toContain(`:${r.region}:${r.accountId}:`);
        expect(stack.spec.parameters).toContainEqual({ ParameterKey: 'Owner', ParameterValue: r.accountId });
      }
      expect(estate.calls.get('cloudformation:CreateStack')).toBe(300);
    },
  );

  it('refuses a second installed estate and restores the clients on uninstall', () => {
    env();
    expect(() => new SimulatedEstate().install()).toThrow(/another SimulatedEstate is installed/);
    current!.uninstall();
    const next = new SimulatedEstate().install();
    next.uninstall();
  });
});
