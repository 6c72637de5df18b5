import {
  createListTargetsHandler,
  createSilentLogger,
  type ListTargetsEvent,
  type Target,
} from '@stackset-lite/tasks';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, describe, expect, it } from 'vitest';

let estate: SimulatedEstate;
afterEach(() => estate.uninstall());

function setup(options: ConstructorParameters<typeof SimulatedEstate>[0] = {}) {
  estate = new SimulatedEstate(options).install();
  const listTargets = createListTargetsHandler({
    logger: createSilentLogger(),
    clock: estate.clock,
    region: 'eu-west-1',
  });
  return { estate, listTargets };
}

function event(overrides: Partial<ListTargetsEvent> = {}): ListTargetsEvent {
  return {
    operation: { name: 'baseline', executionId: 'arn:aws:states:eu-west-1:111111111111:execution:ssl:run-1' },
    managementAccount: {
      roleArn: 'arn:aws:iam::111111111111:role/stackset-lite-lister',
      externalId: 'ext-id',
    },
    regions: ['eu-west-1'],
    ...overrides,
  };
}

const ids = (targets: Target[]) => targets.map((t) => t.accountId);

describe('listTargets: the whole organization', () => {
  it('pages ListAccounts through empty pages until NextToken is absent', async () => {
    const { estate, listTargets } = setup({ pageSize: 3, emptyPagesBeforeEachPage: 2 });
    const accounts = estate.addAccounts(10);
    const out = await listTargets(event());
    expect(out.storage).toBe('INLINE');
    if (out.storage !== 'INLINE') return;
    expect(ids(out.targets).sort()).toEqual([...accounts].sort());
    // 11 accounts (management included) in pages of 3 = 4 real pages, each preceded by 2 empty ones.
    expect(estate.calls.get('organizations:ListAccounts')).toBe(12);
  });

  it('leaves out the management account unless asked, and includes it when asked', async () => {
    const { estate, listTargets } = setup();
    estate.addAccounts(2);
    const without = await listTargets(event());
    expect(without.count).toBe(2);
    const withIt = await listTargets(event({ includeManagementAccount: true }));
    expect(withIt.storage === 'INLINE' && ids(withIt.targets)).toContain('111111111111');
    const listed = await listTargets(event({ targets: { accounts: ['111111111111'] } }));
    expect(listed.storage === 'INLINE' && listed.targets).toEqual([
      expect.objectContaining({
        accountId: '111111111111',
        status: 'SKIPPED',
        reason: 'the management account is only deployed to with includeManagementAccount: true',
      }),
    ]);
  });

  it('turns suspended, closed and pending accounts into SKIPPED targets with the reason', async () => {
    const { estate, listTargets } = setup();
    const [active, suspended, closed, pending] = estate.addAccounts(4);
    estate.organization.setAccountState(suspended!, 'SUSPENDED');
    estate.organization.setAccountState(closed!, 'CLOSED');
    estate.organization.setAccountState(pending!, 'PENDING_CLOSURE');
    const out = await listTargets(event());
    if (out.storage !== 'INLINE') throw new Error('expected inline');
    const byId = Object.fromEntries(out.targets.map((t) => [t.accountId, t]));
    expect(byId[active!]).toMatchObject({ status: 'PENDING' });
    expect(byId[suspended!]).toMatchObject({ status: 'SKIPPED', reason: 'account is SUSPENDED' });
    expect(byId[closed!]).toMatchObject({ status: 'SKIPPED', reason: 'account is CLOSED' });
    expect(byId[pending!]).toMatchObject({ status: 'SKIPPED', reason: 'account is PENDING_CLOSURE' });
    expect(out).toMatchObject({ count: 4, pendingCount: 1, skippedCount: 3 });
  });

  it('multiplies by regions in the requested order, with per-account overrides', async () => {
    const { estate, listTargets } = setup();
    const [a, b] = estate.addAccounts(2);
    const out = await listTargets(
      event({ regions: ['us-east-1', 'eu-west-1'], parameterOverrides: { [a!]: { Env: 'dev' } } }),
    );
    if (out.storage !== 'INLINE') throw new Error('expected inline');
    expect(out.targets.map((t) => `${t.region}/${t.regionIndex}/${t.accountId}`)).toEqual([
      `us-east-1/0/${a}`,
      `us-east-1/0/${b}`,
      `eu-west-1/1/${a}`,
      `eu-west-1/1/${b}`,
    ]);
    expect(out.targets[0]!.parameterOverrides).toEqual({ Env: 'dev' });
    expect(out.targets[1]!.parameterOverrides).toBeUndefined();
  });
});

describe('listTargets: OUs and AccountFilterType', () => {
  function organization() {
    const { estate, listTargets } = setup({ pageSize: 2 });
    const prod = estate.organization.addOrganizationalUnit({ name: 'prod' });
    const prodEu = estate.organization.addOrganizationalUnit({ name: 'prod-eu', parentId: prod });
    const prodEuDeep = estate.organization.addOrganizationalUnit({ name: 'prod-eu-deep', parentId: prodEu });
    const dev = estate.organization.addOrganizationalUnit({ name: 'dev' });
    const p = estate.addAccounts(3, { parentId: prod });
    const pe = estate.addAccounts(2, { parentId: prodEu });
    const ped = estate.addAccounts(1, { parentId: prodEuDeep });
    const d = estate.addAccounts(2, { parentId: dev });
    return { listTargets, prod, dev, p, pe, ped, d };
  }
  const sorted = (list: string[]) => [...list].sort();

  it('resolves an OU recursively through its child OUs (NONE ignores the account list)', async () => {
    const { listTargets, prod, p, pe, ped, d } = organization();
    const out = await listTargets(
      event({ targets: { organizationalUnitIds: [prod], accounts: [d[0]!], accountFilterType: 'NONE' } }),
    );
    if (out.storage !== 'INLINE') throw new Error('expected inline');
    expect(sorted(ids(out.targets))).toEqual(sorted([...p, ...pe, ...ped]));
  });

  it('INTERSECTION keeps only listed accounts that are in the OUs', async () => {
    const { listTargets, prod, p, ped, d } = organization();
    const out = await listTargets(
      event({
        targets: {
          organizationalUnitIds: [prod],
          accounts: [p[0]!, ped[0]!, d[0]!],
          accountFilterType: 'INTERSECTION',
        },
      }),
    );
    if (out.storage !== 'INLINE') throw new Error('expected inline');
    expect(sorted(ids(out.targets))).toEqual(sorted([p[0]!, ped[0]!]));
  });

  it('DIFFERENCE removes the listed accounts from the OUs', async () => {
    const { listTargets, prod, p, pe, ped } = organization();
    const out = await listTargets(
      event({
        targets: {
          organizationalUnitIds: [prod],
          accounts: [p[0]!, pe[1]!],
          accountFilterType: 'DIFFERENCE',
        },
      }),
    );
    if (out.storage !== 'INLINE') throw new Error('expected inline');
    expect(sorted(ids(out.targets))).toEqual(sorted([p[1]!, p[2]!, pe[0]!, ped[0]!]));
  });

  it('UNION (the default) adds listed accounts from elsewhere in the organization', async () => {
    const { listTargets, dev, d, ped } = organization();
    const out = await listTargets(event({ targets: { organizationalUnitIds: [dev], accounts: [ped[0]!] } }));
    if (out.storage !== 'INLINE') throw new Error('expected inline');
    expect(sorted(ids(out.targets))).toEqual(sorted([...d, ped[0]!]));
  });

  it('an account list alone is exactly those accounts; unknown ones are SKIPPED', async () => {
    const { listTargets, d } = organization();
    const out = await listTargets(event({ targets: { accounts: [d[1]!, '999999999999'] } }));
    if (out.storage !== 'INLINE') throw new Error('expected inline');
    expect(out.targets).toEqual([
      expect.objectContaining({ accountId: d[1], status: 'PENDING' }),
      expect.objectContaining({
        accountId: '999999999999',
        status: 'SKIPPED',
        reason: 'account is not a member of the organization',
      }),
    ]);
  });

  it('names a missing OU', async () => {
    const { listTargets } = organization();
    await expect(
      listTargets(event({ targets: { organizationalUnitIds: ['ou-sim0-99999999'] } })),
    ).rejects.toMatchObject({
      name: 'OrganizationalUnitNotFound',
      message: expect.stringContaining('ou-sim0-99999999'),
    });
  });
});

describe('listTargets: account lists in S3 (StackSets AccountsUrl)', () => {
  it('reads a CSV column with a header, and a JSON array', async () => {
    const { estate, listTargets } = setup();
    const accounts = estate.addAccounts(30);
    estate.s3.put('ssl-input', 'accounts.csv', `AccountId\n${accounts.slice(0, 25).join('\n')}\n`);
    const fromCsv = await listTargets(
      event({ targets: { accountsLocation: { bucket: 'ssl-input', key: 'accounts.csv' } } }),
    );
    expect(fromCsv).toMatchObject({ count: 25, pendingCount: 25 });
    // 25 ids > the one-by-one limit: the organization is listed once instead of 25 DescribeAccount calls.
    expect(estate.calls.get('organizations:DescribeAccount')).toBeUndefined();
    estate.s3.put('ssl-input', 'accounts.json', JSON.stringify(accounts.slice(0, 2)));
    const fromJson = await listTargets(
      event({
        targets: {
          accounts: [accounts[29]!],
          accountsLocation: { bucket: 'ssl-input', key: 'accounts.json' },
        },
      }),
    );
    if (fromJson.storage !== 'INLINE') throw new Error('expected inline');
    expect(ids(fromJson.targets)).toEqual([accounts[29], accounts[0], accounts[1]]);
  });

  it('works as the exclusion list of a DIFFERENCE', async () => {
    const { estate, listTargets } = setup();
    const ou = estate.organization.addOrganizationalUnit();
    const accounts = estate.addAccounts(4, { parentId: ou });
    estate.s3.put('ssl-input', 'exclude.txt', `${accounts[0]}, ${accounts[1]}`);
    const out = await listTargets(
      event({
        targets: {
          organizationalUnitIds: [ou],
          accountsLocation: { bucket: 'ssl-input', key: 'exclude.txt' },
          accountFilterType: 'DIFFERENCE',
        },
      }),
    );
    if (out.storage !== 'INLINE') throw new Error('expected inline');
    expect(ids(out.targets)).toEqual([accounts[2], accounts[3]]);
  });

  it('names bad entries by line, and a missing file', async () => {
    const { estate, listTargets } = setup();
    const [a] = estate.addAccounts(1);
    estate.s3.put('ssl-input', 'bad.csv', `${a}\n12345\n${a}\n9999999999999\n`);
    await expect(
      listTargets(event({ targets: { accountsLocation: { bucket: 'ssl-input', key: 'bad.csv' } } })),
    ).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining(
        'has 2 bad entries: line 2: "12345" is not a 12-digit account id; line 4:',
      ),
    });
    await expect(
      listTargets(event({ targets: { accountsLocation: { bucket: 'ssl-input', key: 'nope.csv' } } })),
    ).rejects.toMatchObject({
      name: 'InvalidInput',
      message: 'listTargets: no account list at s3://ssl-input/nope.csv',
    });
  });
});

describe('listTargets: large lists, bad input, throttling', () => {
  it('writes a list above inlineLimit to S3 as a JSON array and returns its location', async () => {
    const { estate, listTargets } = setup();
    estate.addAccounts(30);
    const out = await listTargets(
      event({ regions: ['eu-west-1', 'eu-central-1'], inlineLimit: 50, targetListBucket: 'ssl-targets' }),
    );
    expect(out).toMatchObject({
      storage: 'S3',
      bucket: 'ssl-targets',
      key: 'stackset-lite/targets/run-1/targets.json',
      count: 60,
    });
    const stored = estate.s3.getJson('ssl-targets', 'stackset-lite/targets/run-1/targets.json') as Target[];
    expect(stored).toHaveLength(60);
    expect(stored[0]).toMatchObject({ region: 'eu-west-1', status: 'PENDING' });
  });

  it('refuses a list above inlineLimit without a bucket', async () => {
    const { estate, listTargets } = setup();
    estate.addAccounts(3);
    await expect(listTargets(event({ inlineLimit: 2 }))).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringMatching(/3 targets.*targetListBucket/),
    });
  });

  it('names each bad field', async () => {
    const { listTargets } = setup();
    const error = await listTargets({
      ...event(),
      regions: [],
      targets: { accountFilterType: 'INTERSECTION', organizationalUnitIds: ['ou-bad'] },
    }).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: 'InvalidInput' });
    expect((error as Error).message).toContain('/regions');
    expect((error as Error).message).toContain('/targets/organizationalUnitIds/0');
    expect((error as Error).message).toContain('/targets/accounts');
  });

  it('surfaces Organizations TooManyRequestsException as Throttled', async () => {
    const { estate, listTargets } = setup();
    estate.faults.throttle({ service: 'organizations', operation: 'ListAccounts', times: 1 });
    await expect(listTargets(event())).rejects.toMatchObject({
      name: 'Throttled',
      message: expect.stringContaining('TooManyRequestsException'),
    });
  });
});
