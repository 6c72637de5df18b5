/**
 * The simulated estate's AWS Organizations, held to its API reference and user guide: paging (at most
 * 20 accounts a page, empty pages that still carry a NextToken), account states, missing parents.
 */
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { serviceApiReference } from './aws-sources.js';

let estate: SimulatedEstate | undefined;
afterEach(() => estate?.uninstall());

/** An estate and an Organizations client signed as a role of its management account. */
async function management(options: ConstructorParameters<typeof SimulatedEstate>[0] = {}) {
  estate = new SimulatedEstate(options).install();
  const sts = estate.clients.sts({ region: 'us-east-1' });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${estate.organization.managementAccountId}:role/stackset-lite-target-lister`,
      RoleSessionName: 'conformance',
    }),
  );
  const credentials = {
    accessKeyId: Credentials?.AccessKeyId ?? '',
    secretAccessKey: Credentials?.SecretAccessKey ?? '',
    sessionToken: Credentials?.SessionToken ?? '',
  };
  const org: OrganizationsClient = estate.clients.organizations({ region: 'us-east-1', credentials });
  return { estate, org };
}

/** Every page of ListAccounts, followed by NextToken until it is absent. */
async function allPages(org: OrganizationsClient) {
  const pages: number[] = [];
  let NextToken: string | undefined;
  do {
    const page = await org.send(new ListAccountsCommand({ ...(NextToken && { NextToken }) }));
    pages.push(page.Accounts?.length ?? 0);
    NextToken = page.NextToken;
  } while (NextToken);
  return pages;
}

describe(`paging (${serviceApiReference('organizations', 'ListAccounts')})`, () => {
  it('a page holds at most 20 accounts (MaxResults: "Valid Range: Minimum value of 1. Maximum value of 20")', async () => {
    const { estate, org } = await management();
    estate.addAccounts(44);
    expect(await allPages(org)).toEqual([20, 20, 5]);
  });

  it('a page may be empty and still carry a NextToken ("These operations can occasionally return an empty set of results even when there are more results available. The NextToken response parameter value is null only when there are no more results to display")', async () => {
    const { estate, org } = await management({ emptyPagesBeforeEachPage: 1 });
    estate.addAccounts(21);
    expect(await allPages(org)).toEqual([0, 20, 0, 2]);
  });

  it(`ListAccountsForParent and ListChildren page the same way; an unknown parent is ParentNotFoundException (${serviceApiReference('organizations', 'ListAccountsForParent')})`, async () => {
    const { estate, org } = await management();
    const ou = estate.organization.addOrganizationalUnit();
    estate.addAccounts(25, { parentId: ou });
    const first = await org.send(new ListAccountsForParentCommand({ ParentId: ou }));
    expect(first.Accounts).toHaveLength(20);
    expect(first.NextToken).toEqual(expect.any(String));
    const children = await org.send(
      new ListChildrenCommand({ ParentId: estate.organization.rootId, ChildType: 'ORGANIZATIONAL_UNIT' }),
    );
    expect(children.Children).toEqual([{ Id: ou, Type: 'ORGANIZATIONAL_UNIT' }]);
    await expect(
      org.send(new ListAccountsForParentCommand({ ParentId: 'ou-sim0-99999999' })),
    ).rejects.toMatchObject({ name: 'ParentNotFoundException' });
  });
});

describe('account states (Organizations user guide, orgs_manage_accounts_account_state: PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED)', () => {
  it(`each account carries its State, and the legacy Status where it has one (${serviceApiReference('organizations', 'Account')}: Status is ACTIVE, SUSPENDED or PENDING_CLOSURE)`, async () => {
    const { estate, org } = await management();
    const states = ['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'] as const;
    const ids = states.map((state) => estate.organization.addAccount({ state }).id);
    const listed = (await org.send(new ListAccountsCommand({}))).Accounts ?? [];
    const byId = new Map(listed.map((a) => [a.Id, a]));
    states.forEach((state, i) => {
      const account = byId.get(ids[i]);
      expect(account?.State).toBe(state);
      if (account?.Status !== undefined)
        expect(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']).toContain(account.Status);
    });
    expect(byId.get(ids[1])?.Status).toBe('ACTIVE');
    expect(byId.get(ids[2])?.Status).toBe('SUSPENDED');
  });
});
