import { z } from 'zod';
import { parseArn } from '../shared/arn.js';
import { partitionOfRegion } from '../shared/aws-partitions.js';
import { ExternalId, stacksetLiteRoleNameProblem } from '../shared/iam-names.js';
import { BucketName, KeyPrefix } from '../shared/s3-names.js';
import { AccountId, OperationRef, Region, S3ObjectLocation } from '../shared/schemas.js';

/** An organization root (`r-…`) or OU (`ou-…`) id. */
export const OrganizationalUnitId = z
  .string()
  .regex(
    /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
    'expected a root id (r-…) or OU id (ou-…-…)',
  );

/**
 * How `accounts` combine with the accounts of `organizationalUnitIds`, as StackSets defines it:
 * NONE = every account in the OUs (the account list is ignored); INTERSECTION = only listed accounts that are
 * in the OUs; DIFFERENCE = the OUs' accounts except the listed ones; UNION (default) = the OUs' accounts plus
 * the listed ones.
 */
export const AccountFilterType = z.enum(['NONE', 'INTERSECTION', 'DIFFERENCE', 'UNION']);
/** How `accounts` combine with OU accounts. */
export type AccountFilterType = z.infer<typeof AccountFilterType>;

/**
 * Which accounts to deploy to. Neither accounts nor OUs = the whole organization (ListAccounts).
 * Accounts only = exactly those accounts. OUs (children included, recursively) combine with accounts per
 * `accountFilterType`.
 */
export const DeploymentTargets = z
  .object({
    accounts: z.array(AccountId).optional(),
    /**
     * An S3 object listing more account ids (StackSets' AccountsUrl): a JSON array, or ids separated by
     * commas, spaces or new lines (a CSV column). Added to `accounts`; for lists too long for the input.
     */
    accountsLocation: S3ObjectLocation.optional(),
    organizationalUnitIds: z.array(OrganizationalUnitId).optional(),
    accountFilterType: AccountFilterType.optional(),
  })
  .superRefine((targets, ctx) => {
    const hasOus = (targets.organizationalUnitIds?.length ?? 0) > 0;
    const hasAccounts = (targets.accounts?.length ?? 0) > 0 || targets.accountsLocation !== undefined;
    if (targets.accountFilterType && targets.accountFilterType !== 'NONE' && !hasOus) {
      ctx.addIssue({
        code: 'custom',
        path: ['accountFilterType'],
        message: `${targets.accountFilterType} combines accounts with OUs: give organizationalUnitIds too`,
      });
    }
    if (
      (targets.accountFilterType === 'INTERSECTION' || targets.accountFilterType === 'DIFFERENCE') &&
      !hasAccounts
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['accounts'],
        message: `${targets.accountFilterType} needs the accounts to ${
          targets.accountFilterType === 'INTERSECTION' ? 'keep' : 'leave out'
        }`,
      });
    }
  });
/** Which accounts to deploy to. */
export type DeploymentTargets = z.infer<typeof DeploymentTargets>;

/**
 * CloudFormation parameter values by parameter key: keys are a template's logical parameter names
 * (letters and digits, ≤ 255), values at most 4,096 bytes (CloudFormation quotas, "Parameter value").
 */
export const ParameterValues = z.record(z.string(), z.string()).superRefine((values, ctx) => {
  for (const [key, value] of Object.entries(values)) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(key)) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'expected a parameter name (1-255 letters and digits)',
      });
    } else if (Buffer.byteLength(value, 'utf-8') > 4096) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'a parameter value is at most 4,096 bytes' });
    }
  }
});
/** CloudFormation parameter values by parameter key. */
export type ParameterValues = z.infer<typeof ParameterValues>;

/**
 * The ARN of a role the orchestrator may assume: `arn:<partition>:iam::<12 digits>:role/[path/]stackset-lite-…`
 * in a known partition.
 */
export const StacksetLiteRoleArn = z.string().superRefine((text, ctx) => {
  const parsed = parseArn(text, 'iam');
  const problem = !parsed.ok
    ? parsed.problem
    : parsed.arn.region !== '' || parsed.arn.accountId === '' || !parsed.arn.resource.startsWith('role/')
      ? 'expected an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)'
      : stacksetLiteRoleNameProblem(parsed.arn.resource.slice('role/'.length));
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** listTargets' event. */
export const ListTargetsInput = z
  .object({
    operation: OperationRef,
    /** The role in the management account that may read the organization. */
    managementAccount: z.object({
      roleArn: StacksetLiteRoleArn,
      externalId: ExternalId.optional(),
      /** Region of the Organizations/STS calls. @default the Lambda's region, else us-east-1 */
      region: Region.optional(),
    }),
    targets: DeploymentTargets.default({}),
    /** Regions in deployment order (StackSets' RegionOrder); each once, all in the role's partition. */
    regions: z.array(Region).min(1),
    /** StackSets never deploys to the management account; we do only when asked. @default false */
    includeManagementAccount: z.boolean().default(false),
    /** Per-account parameter overrides, copied onto that account's targets. */
    parameterOverrides: z.record(AccountId, ParameterValues).optional(),
    /**
     * Above this many targets the list goes to S3 (for a Distributed Map ItemReader) instead of the output,
     * which must stay under Step Functions' 256 KiB. @default 500
     */
    inlineLimit: z.number().int().min(0).default(500),
    /** Where large target lists are written: `<keyPrefix><executionId-safe>/targets.json`. */
    targetListBucket: BucketName.optional(),
    targetListKeyPrefix: KeyPrefix.pipe(z.string().max(512)).default('stackset-lite/targets/'),
  })
  .superRefine((input, ctx) => {
    const seen = new Map<string, number>();
    for (const [i, region] of input.regions.entries()) {
      const first = seen.get(region);
      if (first !== undefined) {
        // Two entries would make two targets for one account and region: two deployments racing.
        ctx.addIssue({
          code: 'custom',
          path: ['regions', i],
          message: `region ${region} is listed twice (also at /regions/${first})`,
        });
      } else seen.set(region, i);
    }
    // Roles never cross partitions: every region must be in the management role's partition.
    const partition = input.managementAccount.roleArn.split(':')[1];
    const regions = [
      ...input.regions.map((region, i) => ({ region, path: ['regions', i] })),
      ...(input.managementAccount.region
        ? [{ region: input.managementAccount.region, path: ['managementAccount', 'region'] }]
        : []),
    ];
    for (const { region, path } of regions) {
      const regionPartition = partitionOfRegion(region)?.id;
      if (regionPartition && regionPartition !== partition) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `region ${region} is in partition ${regionPartition}, the management role in ${partition}: roles cannot be used across partitions`,
        });
      }
    }
  });
/** listTargets' event (as sent; defaults not yet applied). */
export type ListTargetsEvent = z.input<typeof ListTargetsInput>;
/** listTargets' event after parsing. */
export type ListTargetsInput = z.infer<typeof ListTargetsInput>;

/** One account × region to deploy to, or to skip with a reason. */
export const Target = z.object({
  accountId: AccountId,
  accountName: z.string().optional(),
  region: Region,
  /** Position of `region` in the requested region order (0-based): the machine's region waves. */
  regionIndex: z.number().int().min(0),
  /** PENDING = deploy; SKIPPED = do not touch (see `reason`). */
  status: z.enum(['PENDING', 'SKIPPED']),
  reason: z.string().optional(),
  parameterOverrides: ParameterValues.optional(),
});
/** One account × region target. */
export type Target = z.infer<typeof Target>;

const TargetCounts = {
  /** Targets in total, skipped included. */
  count: z.number().int().min(0),
  /** Targets to deploy. */
  pendingCount: z.number().int().min(0),
  /** Targets skipped (suspended, closed, pending accounts). */
  skippedCount: z.number().int().min(0),
  /** Regions in deployment order. */
  regions: z.array(Region),
};

/** listTargets' result: the targets inline, or (above `inlineLimit`) their S3 location. */
export const ListTargetsOutput = z.discriminatedUnion('storage', [
  z.object({ storage: z.literal('INLINE'), ...TargetCounts, targets: z.array(Target) }),
  z.object({ storage: z.literal('S3'), ...TargetCounts, ...S3ObjectLocation.shape }),
]);
/** listTargets' result. */
export type ListTargetsOutput = z.infer<typeof ListTargetsOutput>;
