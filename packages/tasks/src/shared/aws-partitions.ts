import { AWS_PARTITIONS } from './aws-partitions-data.js';

/** An AWS partition: the ARN prefix (`arn:<id>:…`), its DNS suffix and its regions. */
export interface AwsPartition {
  /** `aws`, `aws-cn`, `aws-us-gov`, … — the second field of every ARN in the partition. */
  readonly id: string;
  /** Service endpoints end with it: `amazonaws.com`, `amazonaws.com.cn`, … */
  readonly dnsSuffix: string;
  readonly regions: readonly string[];
}

const BY_REGION = new Map<string, AwsPartition>(
  AWS_PARTITIONS.flatMap((partition) => partition.regions.map((region) => [region, partition] as const)),
);
const BY_ID = new Map<string, AwsPartition>(AWS_PARTITIONS.map((partition) => [partition.id, partition]));

/** Every partition with its regions (see aws-partitions-data.ts for the source). */
export const awsPartitions: readonly AwsPartition[] = AWS_PARTITIONS;

/** The partition `region` belongs to, or undefined for a region AWS does not have (as far as we know). */
export function partitionOfRegion(region: string): AwsPartition | undefined {
  return BY_REGION.get(region);
}

/** The partition named `id` (`aws`, `aws-cn`, …), or undefined. */
export function partitionById(id: string): AwsPartition | undefined {
  return BY_ID.get(id);
}

/** True for a region listed in one of the partitions. */
export function isKnownRegion(region: string): boolean {
  return BY_REGION.has(region);
}

/**
 * Why `region` cannot be used, or undefined when it can: an unknown region is refused by name, and
 * (given `partition`) so is a region of another partition, since IAM roles and S3 buckets never
 * cross partitions.
 */
export function regionProblem(region: string, partition?: string): string | undefined {
  const found = BY_REGION.get(region);
  if (!found) {
    return `${JSON.stringify(region.slice(0, 64))} is not a known AWS region (known: the regions of partitions ${AWS_PARTITIONS.map((p) => p.id).join(', ')})`;
  }
  if (partition !== undefined && found.id !== partition) {
    return `region ${region} is in partition ${found.id}, not ${partition}: roles and buckets cannot be used across partitions`;
  }
  return undefined;
}
