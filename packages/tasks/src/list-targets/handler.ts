import { type CrossAccountDeps, crossAccountDeps } from '../shared/cross-account-deps.js';
import { InvalidInput } from '../shared/errors.js';
import { parseEvent } from '../shared/parse-event.js';
import { readAccountListFile } from './account-list-file.js';
import { selectAccounts } from './account-selection.js';
import { regionsNotEnabled } from './enabled-regions.js';
import { type OrganizationAccount, OrganizationReader } from './organization-reader.js';
import { ListTargetsInput, type ListTargetsOutput, type Target } from './schemas.js';
import { storeTargetList } from './target-list-store.js';

/** What listTargets depends on; every field has a real default. */
export interface ListTargetsDeps extends CrossAccountDeps {
  /** Region of this Lambda (for S3). @default AWS_REGION, else us-east-1 */
  region: string;
}

/** Up to this many listed accounts are looked up one by one; more, and the whole organization is listed. */
const DESCRIBE_ONE_BY_ONE_LIMIT = 20;

/** Builds the listTargets handler over the given dependencies (defaults: real AWS clients). */
export function createListTargetsHandler(overrides: Partial<ListTargetsDeps> = {}) {
  const deps: ListTargetsDeps = {
    ...crossAccountDeps(overrides, 'listTargets'),
    region: overrides.region ?? process.env.AWS_REGION ?? 'us-east-1',
  };
  return async function listTargets(event: unknown): Promise<ListTargetsOutput> {
    const input = parseEvent(ListTargetsInput, event, 'listTargets');
    // Refused before anything is listed or deployed: a region the orchestrator's account has not enabled.
    const disabled = await regionsNotEnabled(deps.clients, input.regions);
    if (disabled.length > 0) {
      throw new InvalidInput(
        `listTargets (targets.regions): ${disabled.join(', ')} ${disabled.length > 1 ? 'are' : 'is an'} opt-in region${disabled.length > 1 ? 's' : ''} not enabled in the orchestrator's account: enable ${disabled.length > 1 ? 'them' : 'it'} there (and in every target account) or leave ${disabled.length > 1 ? 'them' : 'it'} out`,
        disabled.map((region) => ({
          path: `/regions/${input.regions.indexOf(region)}`,
          message: `${region} is not enabled in the orchestrator's account (STS in an opt-in region needs it enabled in both accounts)`,
        })),
      );
    }
    const orgRegion = input.managementAccount.region ?? deps.region;
    const credentials = await deps.assumeRole({
      roleArn: input.managementAccount.roleArn,
      externalId: input.managementAccount.externalId,
      sessionName: `stackset-lite-list-${input.operation.name}`.replace(/[^\w+=,.@-]/g, '-'),
      region: orgRegion,
    });
    const organization = new OrganizationReader(
      deps.clients.organizations({ region: orgRegion, credentials }),
    );
    const managementAccountId = await organization.managementAccountId();
    const targetsWithFile = input.targets.accountsLocation
      ? {
          ...input.targets,
          accounts: [
            ...(input.targets.accounts ?? []),
            ...(await readAccountListFile(
              deps.clients.s3({ region: deps.region }),
              input.targets.accountsLocation,
            )),
          ],
        }
      : input.targets;
    const accounts = await resolveAccounts(organization, targetsWithFile);

    const perRegion: Omit<Target, 'region' | 'regionIndex'>[] = [];
    const listedIds = new Set(targetsWithFile.accounts ?? []);
    for (const { id, account } of accounts) {
      const explicitlyListed = listedIds.has(id);
      if (id === managementAccountId && !input.includeManagementAccount && !explicitlyListed) continue;
      const overrides = input.parameterOverrides?.[id];
      const common = {
        accountId: id,
        ...(account?.name ? { accountName: account.name } : {}),
        ...(overrides ? { parameterOverrides: overrides } : {}),
      };
      if (id === managementAccountId && !input.includeManagementAccount) {
        // Listed by id: say why it is left out rather than dropping it silently.
        perRegion.push({
          ...common,
          status: 'SKIPPED',
          reason: 'the management account is only deployed to with includeManagementAccount: true',
        });
      } else if (!account) {
        perRegion.push({
          ...common,
          status: 'SKIPPED',
          reason: 'account is not a member of the organization',
        });
      } else if (account.state !== 'ACTIVE') {
        perRegion.push({ ...common, status: 'SKIPPED', reason: `account is ${account.state}` });
      } else {
        perRegion.push({ ...common, status: 'PENDING' });
      }
    }
    const targets: Target[] = input.regions.flatMap((region, regionIndex) =>
      perRegion.map((target) => ({ ...target, region, regionIndex })),
    );
    const skippedCount = targets.filter((target) => target.status === 'SKIPPED').length;
    const counts = {
      count: targets.length,
      pendingCount: targets.length - skippedCount,
      skippedCount,
      regions: input.regions,
    };
    deps.logger.info('targets listed', { operation: input.operation.name, ...counts });
    if (targets.length <= input.inlineLimit) return { storage: 'INLINE', ...counts, targets };
    if (!input.targetListBucket) {
      throw new InvalidInput(
        `listTargets found ${targets.length} targets, more than inlineLimit ${input.inlineLimit}: set targetListBucket ` +
          'so the list can go to S3 (a Step Functions payload is limited to 256 KiB)',
        [{ path: '/targetListBucket', message: 'required when the target list exceeds inlineLimit' }],
      );
    }
    const location = await storeTargetList(
      deps.clients.s3({ region: deps.region }),
      input.targetListBucket,
      input.targetListKeyPrefix,
      input.operation.executionId,
      targets,
    );
    return { storage: 'S3', ...counts, ...location };
  };
}

/** The selected accounts with their details (undefined details: not in the organization). */
async function resolveAccounts(
  organization: OrganizationReader,
  targets: ListTargetsInput['targets'],
): Promise<{ id: string; account: OrganizationAccount | undefined }[]> {
  const listed = targets.accounts ?? [];
  const ous = targets.organizationalUnitIds ?? [];
  if (ous.length === 0 && listed.length === 0) {
    return (await organization.allAccounts()).map((account) => ({ id: account.id, account }));
  }
  const known = new Map<string, OrganizationAccount>();
  const ouAccountIds: string[] = [];
  for (const ou of ous) {
    for (const account of await organization.accountsUnder(ou)) {
      known.set(account.id, account);
      ouAccountIds.push(account.id);
    }
  }
  const selected = selectAccounts(targets, ouAccountIds);
  const missing = selected.filter((id) => !known.has(id));
  if (missing.length > DESCRIBE_ONE_BY_ONE_LIMIT) {
    for (const account of await organization.allAccounts()) known.set(account.id, account);
  } else {
    for (const id of missing) {
      const account = await organization.account(id);
      if (account) known.set(id, account);
    }
  }
  return selected.map((id) => ({ id, account: known.get(id) }));
}

/** The Lambda entry point, wired to real AWS. */
export const handler = createListTargetsHandler();
