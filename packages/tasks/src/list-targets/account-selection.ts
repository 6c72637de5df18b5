import type { DeploymentTargets } from './schemas.js';

/**
 * Combines OU accounts with the account list the way StackSets' AccountFilterType does:
 * NONE = the OU accounts; INTERSECTION = listed accounts that are in the OUs; DIFFERENCE = OU accounts not
 * listed; UNION (the default) = OU accounts plus the listed ones. Without OUs the list is the selection.
 * Returns account ids in a stable order (OU discovery order, then listed extras).
 */
export function selectAccounts(targets: DeploymentTargets, ouAccountIds: readonly string[]): string[] {
  const listed = targets.accounts ?? [];
  if (!targets.organizationalUnitIds?.length) return unique(listed);
  const filter = targets.accountFilterType ?? 'UNION';
  const inOus = unique(ouAccountIds);
  const listedSet = new Set(listed);
  switch (filter) {
    case 'NONE':
      return inOus;
    case 'INTERSECTION':
      return inOus.filter((id) => listedSet.has(id));
    case 'DIFFERENCE':
      return inOus.filter((id) => !listedSet.has(id));
    case 'UNION':
      return unique([...inOus, ...listed]);
  }
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
