import { type QueueDeps, startNextOperation } from './operation-queue.js';
import { type AccountChange, accountChangeOf } from './organizations-event.js';
import type { Operation, StackSet } from './stack-set-model.js';
import { requestOperation } from './stack-set-requests.js';
import type { StackSetStore } from './stack-set-store.js';

/** Where things sit in the organization (Organizations ListParents, walked up to the root). */
export interface OrganizationLookup {
  /** The OU and root ids above an account or OU, nearest first. */
  ancestorsOf(id: string): Promise<string[]>;
}

/** What auto-deployment did with one event. */
export interface AutoDeploymentOutcome {
  change: AccountChange | { ignored: string };
  /** Operations queued, per stack set. */
  queued: Operation[];
}

function targetedBy(stackSet: StackSet, accountId: string, chain: readonly string[]): boolean {
  const ous = stackSet.targets.organizationalUnits ?? [];
  const inOu = ous.some((ou) => chain.includes(ou));
  const listed = (stackSet.targets.accounts ?? []).includes(accountId);
  switch (stackSet.targets.accountFilterType) {
    case 'INTERSECTION':
      return inOu && listed;
    case 'DIFFERENCE':
      return inOu && !listed;
    case 'UNION':
      return inOu || listed;
    case 'NONE':
      return ous.length ? inOu : listed;
  }
}

/**
 * Auto-deployment (StackSets' AutoDeployment) from one Organizations event: for every stack set with
 * auto-deployment on, an account that arrives in a targeted OU gets a queued deploy of just its
 * instances; one that leaves gets a queued delete of its instances — with the stacks detached instead
 * when the stack set says `retainStacksOnAccountRemoval`. An account removed from the organization
 * can no longer be reached (the orchestrator may assume roles only in accounts of its organization),
 * so its instances are always detached, saying so. Each queued operation starts when the stack set
 * is free (managed execution).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export async function handleOrganizationsEvent(
  event: unknown,
  deps: QueueDeps & { store: StackSetStore; organization: OrganizationLookup; idSuffix: () => string },
): Promise<AutoDeploymentOutcome> {
  const change = accountChangeOf(event);
  const queued: Operation[] = [];
  if ('ignored' in change) return { change, queued };
  const { store } = deps;
  const chainOf = async (id: string) => [id, ...(await deps.organization.ancestorsOf(id))];
  let before: string[] = [];
  let after: string[] = [];
  if (change.kind === 'MOVED') {
    before = await chainOf(change.from);
    after = await chainOf(change.to);
  } else if (change.kind === 'JOINED') {
    after = await deps.organization.ancestorsOf(change.accountId);
  }
  for (const stackSet of await store.listStackSets()) {
    if (!stackSet.autoDeployment.enabled) continue;
    const hasInstances = (await store.listInstances(stackSet.name)).some(
      (i) => i.account === change.accountId,
    );
    const was =
      change.kind === 'JOINED'
        ? false
        : change.kind === 'REMOVED'
          ? hasInstances
          : targetedBy(stackSet, change.accountId, before);
    const is = change.kind === 'REMOVED' ? false : targetedBy(stackSet, change.accountId, after);
    let request: Record<string, unknown> | undefined;
    if (is && !was) {
      request = { action: 'DEPLOY', accounts: [change.accountId], origin: 'AUTO_DEPLOYMENT' };
    } else if (was && !is && hasInstances) {
      const retain = change.kind === 'REMOVED' || stackSet.autoDeployment.retainStacksOnAccountRemoval;
      request = {
        action: 'DELETE',
        accounts: [change.accountId],
        retainStacks: retain,
        origin: 'AUTO_DEPLOYMENT',
      };
    }
    if (!request) continue;
    queued.push(
      await requestOperation(store, stackSet.name, request, {
        nowMs: deps.nowMs(),
        idSuffix: deps.idSuffix(),
      }),
    );
    await startNextOperation(store, stackSet.name, deps);
  }
  return { change, queued };
}
