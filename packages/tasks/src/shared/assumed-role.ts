import { AssumeRoleCommand, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import type { AwsClients, AwsCredentials } from './aws-clients.js';
import { awsErrorMessage, awsErrorName, callAws, isAccessDenied } from './aws-error.js';
import type { Clock } from './clock.js';

/** The role a handler assumes before calling into another account. */
export interface RoleToAssume {
  roleArn: string;
  externalId?: string;
  /** Shows in the target account's CloudTrail; keep it traceable to the execution. */
  sessionName: string;
  /** Region of the STS endpoint (regional endpoints keep working when us-east-1 has trouble). */
  region: string;
}

/** Raised when the target account's role refused us: the target is FAILED with this reason, not retried. */
export class AssumeRoleDenied extends Error {
  override readonly name = 'AssumeRoleDenied';
}

/** Hands out credentials for a role, assuming it only when the cached credentials are near expiry. */
export type AssumeRole = (role: RoleToAssume) => Promise<AwsCredentials>;

/** Credentials are refreshed this long before they expire, so a call never starts with nearly-dead keys. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Assumes roles through STS and caches the credentials per role, external ID and region until five minutes
 * before expiry (bounded to `cacheSize` roles). Credentials are never logged.
 */
export function createAssumeRole(clients: AwsClients, clock: Clock, cacheSize = 256): AssumeRole {
  const cache = new Map<string, { credentials: AwsCredentials; expiresAt: number }>();
  return async (role) => {
    const key = `${role.roleArn}|${role.externalId ?? ''}|${role.region}`;
    const hit = cache.get(key);
    if (hit && hit.expiresAt - REFRESH_MARGIN_MS > clock.now()) return hit.credentials;
    const sts = clients.sts({ region: role.region });
    let response: AssumeRoleCommandOutput;
    try {
      response = await callAws(`sts:AssumeRole ${role.roleArn}`, () =>
        sts.send(
          new AssumeRoleCommand({
            RoleArn: role.roleArn,
            RoleSessionName: role.sessionName.slice(0, 64),
            ...(role.externalId ? { ExternalId: role.externalId } : {}),
          }),
        ),
      );
    } catch (error) {
      if (awsErrorName(error) === 'RegionDisabledException') {
        const account = role.roleArn.split(':')[4] ?? 'the role';
        throw new AssumeRoleDenied(
          `cannot assume ${role.roleArn} through STS in ${role.region}: the region is not enabled in account ${account} ` +
            '(an opt-in region must be enabled in the target account too): enable it there or leave the region out',
        );
      }
      if (isAccessDenied(error)) {
        throw new AssumeRoleDenied(
          `cannot assume ${role.roleArn}: ${awsErrorName(error)}: ${awsErrorMessage(error)} ` +
            '(check that the role exists, trusts the orchestrator and the external ID matches)',
        );
      }
      throw error;
    }
    const issued = response.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) {
      throw new Error(`sts:AssumeRole ${role.roleArn} returned no credentials`);
    }
    const credentials: AwsCredentials = {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
      ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
    };
    const expiresAt = issued.Expiration ? issued.Expiration.getTime() : clock.now() + 15 * 60_000;
    cache.set(key, { credentials, expiresAt });
    if (cache.size > cacheSize) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return credentials;
  };
}

/** `arn:<partition>:iam::<account>:role/<name>` — the partition follows the region (aws-cn, aws-us-gov). */
export function roleArnFor(accountId: string, roleName: string, region: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  const name = roleName.replace(/^\/+/, '');
  return `arn:${partition}:iam::${accountId}:role/${name}`;
}
