import {
  type Account,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { awsErrorName, callAws } from '../shared/aws-error.js';

/** An account as listTargets needs it. */
export interface OrganizationAccount {
  id: string;
  name?: string;
  /** `State`, or the legacy `Status` where State is absent. */
  state: string;
}

/** Reads accounts and OUs from Organizations (management account or delegated admin credentials). */
export class OrganizationReader {
  constructor(private readonly client: OrganizationsClient) {}

  /** The management account's id. */
  async managementAccountId(): Promise<string> {
    const response = await callAws('organizations:DescribeOrganization', () =>
      this.client.send(new DescribeOrganizationCommand({})),
    );
    const id = response.Organization?.MasterAccountId;
    if (!id) throw new Error('organizations:DescribeOrganization returned no management account id');
    return id;
  }

  /** Every account, paging until NextToken is absent (a page may be empty and still have a NextToken). */
  async allAccounts(): Promise<OrganizationAccount[]> {
    const accounts: OrganizationAccount[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws('organizations:ListAccounts', () =>
        this.client.send(new ListAccountsCommand(nextToken ? { NextToken: nextToken } : {})),
      );
      for (const account of page.Accounts ?? []) accounts.push(toAccount(account));
      nextToken = page.NextToken;
    } while (nextToken);
    return accounts;
  }

  /** One account by id; undefined when it is not in the organization. */
  async account(id: string): Promise<OrganizationAccount | undefined> {
    try {
      const response = await callAws('organizations:DescribeAccount', () =>
        this.client.send(new DescribeAccountCommand({ AccountId: id })),
      );
      return response.Account ? toAccount(response.Account) : undefined;
    } catch (error) {
      if (awsErrorName(error) === 'AccountNotFoundException') return undefined;
      throw error;
    }
  }

  /**
   * Every account under the OU or root, its child OUs included (recursively, breadth first). Throws naming
   * the OU when it does not exist.
   */
  async accountsUnder(parentId: string): Promise<OrganizationAccount[]> {
    const accounts: OrganizationAccount[] = [];
    const queue = [parentId];
    const visited = new Set<string>();
    while (queue.length > 0) {
      const unit = queue.shift()!;
      if (visited.has(unit)) continue;
      visited.add(unit);
      let nextToken: string | undefined;
      do {
        const page = await callAws('organizations:ListAccountsForParent', () =>
          this.client.send(
            new ListAccountsForParentCommand({
              ParentId: unit,
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          ),
        ).catch((error: unknown) => {
          if (awsErrorName(error) === 'ParentNotFoundException') {
            throw new OrganizationalUnitNotFound(
              `organizational unit ${unit} does not exist in the organization`,
            );
          }
          throw error;
        });
        for (const account of page.Accounts ?? []) accounts.push(toAccount(account));
        nextToken = page.NextToken;
      } while (nextToken);
      do {
        const page = await callAws('organizations:ListChildren', () =>
          this.client.send(
            new ListChildrenCommand({
              ParentId: unit,
              ChildType: 'ORGANIZATIONAL_UNIT',
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          ),
        );
        for (const child of page.Children ?? []) if (child.Id) queue.push(child.Id);
        nextToken = page.NextToken;
      } while (nextToken);
    }
    return accounts;
  }
}

/** A targeted OU is not in the organization. */
export class OrganizationalUnitNotFound extends Error {
  override readonly name = 'OrganizationalUnitNotFound';
}

function toAccount(account: Account): OrganizationAccount {
  if (!account.Id) throw new Error('organizations returned an account without an Id');
  return {
    id: account.Id,
    ...(account.Name ? { name: account.Name } : {}),
    state: account.State ?? account.Status ?? 'UNKNOWN',
  };
}
