/**
 * Amazon Resource Names, parsed so their partition, region and account can be checked before an ARN
 * reaches an AWS call. Format: `arn:partition:service:region:account-id:resource` (IAM User Guide,
 * "IAM identifiers" / AWS General Reference, "Amazon Resource Names (ARNs)").
 */
import { partitionById, partitionOfRegion } from './aws-partitions.js';

/** The fields of an ARN. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM). */
  readonly region: string;
  /** Empty for resources without an account (S3 buckets). */
  readonly accountId: string;
  readonly resource: string;
}

/** Longest ARN accepted (IAM's own limit on an ARN in a policy is 2,048 characters). */
export const MAX_ARN_LENGTH = 2048;

/**
 * Parses `text` as an ARN of `service`, or returns why it is not one: an unknown partition, a region
 * that is not one of that partition's, an account that is not 12 digits.
 */
export function parseArn(
  text: string,
  service: string,
): { ok: true; arn: Arn } | { ok: false; problem: string } {
  const shown = JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
  if (text.length > MAX_ARN_LENGTH)
    return { ok: false, problem: `the ARN is over ${MAX_ARN_LENGTH} characters` };
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return { ok: false, problem: `${shown} is not an ARN` };
  const [, partition = '', arnService = '', region = '', accountId = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!partitionById(partition)) return { ok: false, problem: `${shown} names an unknown partition` };
  if (arnService !== service) return { ok: false, problem: `${shown} is not a ${service} ARN` };
  if (region !== '') {
    const regionPartition = partitionOfRegion(region);
    if (!regionPartition) return { ok: false, problem: `${shown} names an unknown region` };
    if (regionPartition.id !== partition) {
      return {
        ok: false,
        problem: `${shown} names region ${region}, which is not in partition ${partition}`,
      };
    }
  }
  if (accountId !== '' && !/^\d{12}$/.test(accountId)) {
    return { ok: false, problem: `${shown} has no 12-digit account id` };
  }
  if (resource === '') return { ok: false, problem: `${shown} names no resource` };
  return { ok: true, arn: { partition, service: arnService, region, accountId, resource } };
}
