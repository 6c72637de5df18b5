import { BucketName, ObjectKey, parseS3Url, Region, S3HttpsUrl } from '@stackset-lite/tasks';
import { z } from 'zod';

/** A 12-digit AWS account id. */
export const AccountIdSchema = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** An Organizations OU id (`ou-xxxx-yyyyyyyy`) or the root (`r-xxxx`). */
export const OrganizationalUnitIdSchema = z
  .string()
  .regex(
    /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/,
    'must be an OU id (ou-…) or a root id (r-…)',
  );

/** An AWS region such as `eu-west-1`: one AWS has (the tasks package's partitions data), refused by name otherwise. */
export const RegionSchema = Region;

/** A whole percentage 1..100 written as a string, e.g. `"10%"`. */
const PercentSchema = z.string().regex(/^(100|[1-9]\d?)%$/, 'must be a percentage from "1%" to "100%"');

/**
 * One wave's size: a number of accounts or a percentage of all accounts, cumulative (the wave ends once
 * that many accounts have been started).
 */
export const WaveSizeSchema = z.union([z.number().int().positive(), PercentSchema]);

/** CloudFormation stack names: letters, digits, hyphens; start with a letter; ≤ 128 characters. */
export const StackNameSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9-]{0,127}$/,
    'must start with a letter and hold only letters, digits and hyphens (≤ 128)',
  );

/**
 * The deploy role's default stack-name prefix (target-account-roles.yaml's StackNamePrefix): the role
 * may only touch stacks whose names start with it.
 */
export const DEFAULT_STACK_NAME_PREFIX = 'stackset-lite-';

/** A stack-name prefix as the role template allows it (its StackNamePrefix AllowedPattern); empty: any name. */
export const StackNamePrefixSchema = z
  .string()
  .regex(/^([A-Za-z][A-Za-z0-9-]{0,63})?$/, 'must be empty or a letter followed by letters, digits, hyphens');

/**
 * The CloudFormation service role's default name (target-account-roles.yaml's ServiceRoleName): the
 * deploy role may create change sets only when it passes this role to CloudFormation.
 */
export const DEFAULT_SERVICE_ROLE_NAME = 'stackset-lite-cloudformation';

/** An IAM role name (the role templates' AllowedPattern). */
export const RoleNameSchema = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name (1-64 of A-Za-z0-9+=,.@_-)');

/**
 * Where the template is: an S3 HTTPS URL (as CloudFormation's TemplateURL, any documented S3 host form,
 * read by the one S3 URL parser) or an S3 bucket and key.
 */
export const TemplateLocationSchema = z.union([
  z.strictObject({ url: S3HttpsUrl.describe('S3 HTTPS URL of the template') }),
  z.strictObject({ bucket: BucketName, key: ObjectKey }),
]);

/** CloudFormation capabilities a template may need. */
export const CapabilitySchema = z.enum(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);

/** Which accounts and regions to deploy to (StackSets' DeploymentTargets + Regions). */
export const TargetsSchema = z
  .strictObject({
    /** Explicit account ids. */
    accounts: z.array(AccountIdSchema).optional(),
    /** OUs, children included. */
    organizationalUnits: z.array(OrganizationalUnitIdSchema).optional(),
    /**
     * How `accounts` combine with `organizationalUnits` (as StackSets' AccountFilterType).
     * @default "NONE" (OUs alone when OUs are given, else the accounts alone)
     */
    accountFilterType: z.enum(['NONE', 'INTERSECTION', 'DIFFERENCE', 'UNION']).default('NONE'),
    /** Regions to deploy to. */
    regions: z.array(RegionSchema).min(1, 'needs at least one region'),
    /** Order in which regions are visited; regions not listed follow in `regions` order. */
    regionOrder: z.array(RegionSchema).optional(),
    /** StackSets never deploys to the management account; we do only when asked. @default false */
    includeManagementAccount: z.boolean().default(false),
  })
  .superRefine((t, ctx) => {
    if (!t.accounts?.length && !t.organizationalUnits?.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'give accounts or organizationalUnits (or both)',
        path: ['accounts'],
      });
    }
    if (t.accountFilterType !== 'NONE' && !(t.accounts?.length && t.organizationalUnits?.length)) {
      ctx.addIssue({
        code: 'custom',
        message: `accountFilterType ${t.accountFilterType} needs both accounts and organizationalUnits`,
        path: ['accountFilterType'],
      });
    }
    for (const [i, r] of (t.regionOrder ?? []).entries()) {
      if (!t.regions.includes(r)) {
        ctx.addIssue({ code: 'custom', message: `region ${r} is not in regions`, path: ['regionOrder', i] });
      }
    }
    const seen = new Set<string>();
    for (const [i, r] of t.regions.entries()) {
      if (seen.has(r))
        ctx.addIssue({ code: 'custom', message: `region ${r} listed twice`, path: ['regions', i] });
      seen.add(r);
    }
  });

/** How the rollout proceeds (StackSets' OperationPreferences, plus waves). */
export const PreferencesSchema = z
  .strictObject({
    /** @default "SEQUENTIAL" */
    regionConcurrency: z.enum(['SEQUENTIAL', 'PARALLEL']).default('SEQUENTIAL'),
    /** Accounts deployed at once per region. Give this or maxConcurrentPercentage. @default 1 */
    maxConcurrentCount: z.number().int().min(1).optional(),
    /** Percentage of a region's accounts deployed at once; rounds down, never to 0. */
    maxConcurrentPercentage: z.number().int().min(1).max(100).optional(),
    /** Failures tolerated per region before the rollout stops. @default 0 */
    failureToleranceCount: z.number().int().min(0).optional(),
    /** Percentage of a region's accounts allowed to fail; rounds down. */
    failureTolerancePercentage: z.number().int().min(0).max(100).optional(),
    /**
     * STRICT: concurrency starts at min(maxConcurrent, tolerance + 1) and drops as failures accumulate;
     * SOFT: always maxConcurrent. @default "STRICT"
     */
    concurrencyMode: z.enum(['STRICT', 'SOFT']).default('STRICT'),
    /** Cumulative wave sizes over the accounts, e.g. `[1, "10%", "100%"]`. @default ["100%"] */
    waves: z.array(WaveSizeSchema).min(1).default(['100%']),
  })
  .superRefine((p, ctx) => {
    if (p.maxConcurrentCount !== undefined && p.maxConcurrentPercentage !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'give maxConcurrentCount or maxConcurrentPercentage, not both',
        path: ['maxConcurrentPercentage'],
      });
    }
    if (p.failureToleranceCount !== undefined && p.failureTolerancePercentage !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'give failureToleranceCount or failureTolerancePercentage, not both',
        path: ['failureTolerancePercentage'],
      });
    }
  });

/** Installation facts the input is checked against. */
export interface RolloutInputOptions {
  /**
   * Every stackName must start with this (the deploy role's StackNamePrefix; empty: any name).
   * @default DEFAULT_STACK_NAME_PREFIX
   */
  stackNamePrefix?: string;
  /**
   * The bucket the deploy role reads templates from (its TemplateBucketName): a template elsewhere
   * is refused. Absent: not checked.
   */
  templateBucket?: string;
}

/**
 * True when `url` is an S3 object URL (any documented host form, see the tasks package's parseS3Url)
 * whose bucket is exactly `bucket`: `https://s3.amazonaws.com/attacker/.amazonaws.com/<bucket>/t.yaml`
 * names the bucket `attacker`, and `…/<bucket>/../attacker/t` is no URL at all.
 */
export function isTemplateBucketUrl(url: string, bucket: string): boolean {
  const parsed = parseS3Url(url);
  return parsed.ok && parsed.value.bucket === bucket;
}

/**
 * The input schema of a StackSets-lite execution for an installation whose deploy role allows stacks
 * named `stackNamePrefix…` only, so a name the role would refuse fails validation before anything is
 * deployed (and the JSON Schema carries the rule as a pattern).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html
 */
export function rolloutInputSchema(options: RolloutInputOptions = {}) {
  const prefix = StackNamePrefixSchema.parse(options.stackNamePrefix ?? DEFAULT_STACK_NAME_PREFIX);
  const stackName = prefix
    ? StackNameSchema.startsWith(
        prefix,
        `must start with "${prefix}": the deploy role (StackNamePrefix) may only touch stacks named so`,
      )
    : StackNameSchema;
  return z
    .strictObject({
      /** @default "DEPLOY" */
      operation: z.enum(['DEPLOY', 'DELETE']).default('DEPLOY'),
      /** DELETE only: leave the stacks in place (StackSets' RetainStacks). @default false */
      retainStacks: z.boolean().default(false),
      stackName,
      /**
       * The CloudFormation service role (its name in every target account) passed as RoleARN; the
       * deploy role refuses change sets without it. @default the installation's ServiceRoleName
       * ("stackset-lite-cloudformation")
       */
      serviceRoleName: RoleNameSchema.optional(),
      /** Required for DEPLOY. */
      template: TemplateLocationSchema.optional(),
      /**
       * DEPLOY only: adopt existing stacks of this name that stackset-lite did not create (an IMPORT
       * operation), in place; each stack's owner must have tagged it `stackset-lite:import=allowed`.
       * @default false
       */
      importExisting: z.boolean().default(false),
      /** Template parameters for every target. */
      parameters: z.record(z.string().min(1), z.string()).default({}),
      /** Per-account parameter values that replace `parameters` entries. */
      parameterOverrides: z.record(AccountIdSchema, z.record(z.string().min(1), z.string())).default({}),
      capabilities: z.array(CapabilitySchema).default([]),
      targets: TargetsSchema,
      preferences: PreferencesSchema.default({
        regionConcurrency: 'SEQUENTIAL',
        concurrencyMode: 'STRICT',
        waves: ['100%'],
      }),
      /**
       * The stack set operation this execution runs (set by stackset-lite when it starts a queued
       * operation): the tasks then read per-instance overrides from the stack set store, record each
       * target's result on its instance as it arrives, stop when asked, and end the operation.
       */
      stackSet: z
        .strictObject({
          name: z.string().regex(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/, 'must be a stack set name'),
          operationId: z.string().regex(/^[a-zA-Z0-9][-a-zA-Z0-9]{0,127}$/, 'must be an operation id'),
        })
        .optional(),
      /** SNS topic ARN that receives the one summary message. */
      notificationTopicArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN')
        .optional(),
    })
    .superRefine((input, ctx) => {
      if (input.operation === 'DEPLOY' && !input.template) {
        ctx.addIssue({ code: 'custom', message: 'DEPLOY needs a template location', path: ['template'] });
      }
      const bucket = options.templateBucket;
      // A URL that is no S3 URL at all already has its own issue.
      const parsable = !input.template || !('url' in input.template) || parseS3Url(input.template.url).ok;
      if (bucket && input.template && parsable) {
        const inBucket =
          'url' in input.template
            ? isTemplateBucketUrl(input.template.url, bucket)
            : input.template.bucket === bucket;
        if (!inBucket) {
          ctx.addIssue({
            code: 'custom',
            message: `must be in the template bucket ${bucket} (e.g. https://${bucket}.s3.amazonaws.com/<key>): the deploy role reads templates only from there`,
            path: ['template', 'url' in input.template ? 'url' : 'bucket'],
          });
        }
      }
      if (input.operation === 'DELETE' && input.importExisting) {
        ctx.addIssue({
          code: 'custom',
          message: 'importExisting applies to DEPLOY only',
          path: ['importExisting'],
        });
      }
      if (input.operation === 'DEPLOY' && input.retainStacks) {
        ctx.addIssue({
          code: 'custom',
          message: 'retainStacks applies to DELETE only',
          path: ['retainStacks'],
        });
      }
    });
}

/** The input of a StackSets-lite execution, checked against the default stack-name prefix. */
export const RolloutInputSchema = rolloutInputSchema();

/** The execution input as a user writes it (defaults optional). */
export type RolloutInputDocument = z.input<typeof RolloutInputSchema>;
/** The execution input after validation, defaults applied. */
export type RolloutInput = z.output<typeof RolloutInputSchema>;
/** Rollout preferences after validation. */
export type Preferences = z.output<typeof PreferencesSchema>;
/** Cumulative size of one wave. */
export type WaveSize = z.output<typeof WaveSizeSchema>;

/** The input schema as JSON Schema (draft 2020-12), for editors and API gateways. */
export function rolloutInputJsonSchema(options: RolloutInputOptions = {}): Record<string, unknown> {
  return z.toJSONSchema(rolloutInputSchema(options), { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
