import type { Account, AccountState, AccountStatus } from '@aws-sdk/client-organizations';

/** An account of the simulated organization. */
export interface SimulatedAccount {
  id: string;
  name: string;
  email: string;
  state: AccountState;
  parentId: string;
}

/** An organizational unit (or the root). */
export interface SimulatedOrganizationalUnit {
  id: string;
  name: string;
  parentId?: string;
}

/**
 * An in-memory AWS Organization: a root, OUs and accounts, with the management account in the root.
 * Account ids are 12 digits from a counter, OU ids look like AWS's (`ou-root-xxxxxxxx`).
 */
export class SimulatedOrganization {
  readonly id = 'o-sim0000001';
  readonly rootId: string;
  readonly managementAccountId: string;
  readonly accounts = new Map<string, SimulatedAccount>();
  readonly units = new Map<string, SimulatedOrganizationalUnit>();
  /** Children of each parent, in creation order. */
  readonly #childAccounts = new Map<string, string[]>();
  readonly #childUnits = new Map<string, string[]>();
  #nextAccount = 0;
  #nextUnit = 0;

  /** @param rootId the root's id, e.g. the one a user's rollout input targets (`r-` + 4-32 of [0-9a-z]) */
  constructor(managementAccountId = '111111111111', rootId = 'r-sim0') {
    if (!/^r-[0-9a-z]{4,32}$/.test(rootId)) throw new Error(`${rootId} is not a root id (r-…)`);
    this.rootId = rootId;
    this.units.set(this.rootId, { id: this.rootId, name: 'Root' });
    this.managementAccountId = managementAccountId;
    this.addAccount({ id: managementAccountId, name: 'management' });
  }

  /** Adds an account (ACTIVE in the root unless told otherwise) and returns it. */
  addAccount(
    options: { id?: string; name?: string; state?: AccountState; parentId?: string } = {},
  ): SimulatedAccount {
    const id = options.id ?? String(200_000_000_000 + this.#nextAccount++);
    if (this.accounts.has(id)) throw new Error(`account ${id} already exists in the simulated organization`);
    const parentId = options.parentId ?? this.rootId;
    if (!this.units.has(parentId)) throw new Error(`no OU ${parentId} in the simulated organization`);
    const account: SimulatedAccount = {
      id,
      name: options.name ?? `account-${id}`,
      email: `aws+${id}@example.com`,
      state: options.state ?? 'ACTIVE',
      parentId,
    };
    this.accounts.set(id, account);
    push(this.#childAccounts, parentId, id);
    return account;
  }

  /**
   * Adds an OU under `parentId` (default the root) and returns its id: `id` when given (e.g. one a
   * user's rollout input targets), else a generated one.
   */
  addOrganizationalUnit(options: { id?: string; name?: string; parentId?: string } = {}): string {
    const parentId = options.parentId ?? this.rootId;
    if (!this.units.has(parentId)) throw new Error(`no OU ${parentId} in the simulated organization`);
    const id = options.id ?? `ou-sim0-${String(this.#nextUnit++).padStart(8, '0')}`;
    // Organizations' OU id pattern (CreateOrganizationalUnit's Id).
    if (!/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/.test(id)) throw new Error(`${id} is not an OU id (ou-…)`);
    if (this.units.has(id)) throw new Error(`OU ${id} already exists in the simulated organization`);
    this.units.set(id, { id, name: options.name ?? id, parentId });
    push(this.#childUnits, parentId, id);
    return id;
  }

  /** Changes an account's state (SUSPENDED, CLOSED, …). */
  setAccountState(accountId: string, state: AccountState): void {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`no account ${accountId} in the simulated organization`);
    account.state = state;
  }

  /**
   * Moves an account to another OU or the root (Organizations' MoveAccount).
   * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html
   */
  moveAccount(accountId: string, destinationParentId: string): void {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`no account ${accountId} in the simulated organization`);
    if (!this.units.has(destinationParentId))
      throw new Error(`no OU ${destinationParentId} in the simulated organization`);
    const siblings = this.#childAccounts.get(account.parentId) ?? [];
    siblings.splice(siblings.indexOf(accountId), 1);
    account.parentId = destinationParentId;
    push(this.#childAccounts, destinationParentId, accountId);
  }

  /** Removes an account from the organization (RemoveAccountFromOrganization): it is no longer a member. */
  removeAccount(accountId: string): void {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`no account ${accountId} in the simulated organization`);
    const siblings = this.#childAccounts.get(account.parentId) ?? [];
    siblings.splice(siblings.indexOf(accountId), 1);
    this.accounts.delete(accountId);
  }

  /** The parent (OU or root) of an account or OU (ListParents: each has exactly one), or undefined. */
  parentOf(childId: string): string | undefined {
    return this.accounts.get(childId)?.parentId ?? this.units.get(childId)?.parentId;
  }

  /** Account ids directly under a parent. */
  accountsOf(parentId: string): readonly string[] {
    return this.#childAccounts.get(parentId) ?? [];
  }

  /** OU ids directly under a parent. */
  unitsOf(parentId: string): readonly string[] {
    return this.#childUnits.get(parentId) ?? [];
  }

  /** The account as Organizations' API returns it (State, and the legacy Status). */
  describe(account: SimulatedAccount): Account {
    const legacyStatus: AccountStatus | undefined =
      account.state === 'ACTIVE' || account.state === 'SUSPENDED' || account.state === 'PENDING_CLOSURE'
        ? account.state
        : account.state === 'CLOSED'
          ? 'SUSPENDED'
          : undefined;
    return {
      Id: account.id,
      Arn: `arn:aws:organizations::${this.managementAccountId}:account/${this.id}/${account.id}`,
      Name: account.name,
      Email: account.email,
      State: account.state,
      ...(legacyStatus ? { Status: legacyStatus } : {}),
      JoinedMethod: 'CREATED',
    };
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
