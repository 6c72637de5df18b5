import { z } from 'zod';
import {
  AccountIdSchema,
  CapabilitySchema,
  OrganizationalUnitIdSchema,
  PreferencesSchema,
  RegionSchema,
  RoleNameSchema,
  StackNameSchema,
  TargetsSchema,
} from '../input/rollout-input.js';

/**
 * The durable stack set, as CloudFormation StackSets models it: the stack set, its stack instances
 * (one per account × region) and its operations with per-target results. Statuses carry StackSets'
 * own names and meanings, so a team moving from StackSets reads them the same way.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSet.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackInstanceSummary.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperation.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationResultSummary.html
 */

/** ISO-8601 time (what the store keeps; DynamoDB has no date type). */
const Timestamp = z.iso.datetime();

/** A stack set's name: StackSetName's pattern in the StackSets API (`[a-zA-Z][-a-zA-Z0-9]*`, ≤ 128). */
export const StackSetNameSchema = z
  .string()
  .regex(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/, 'must start with a letter and hold only letters, digits, hyphens');

/** An operation id: StackSets' OperationId pattern (`[a-zA-Z0-9][-a-zA-Z0-9]*`, ≤ 128). */
export const OperationIdSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][-a-zA-Z0-9]{0,127}$/, 'must be letters, digits and hyphens (≤ 128)');

/** Template parameter values by name. */
const ParameterValuesSchema = z.record(z.string().min(1), z.string());

/**
 * A stack instance's synchronization with its stack set (StackInstanceSummary.Status):
 * - `CURRENT`: the stack is up to date with the stack set.
 * - `OUTDATED`: the stack is not up to date — its deployment failed, or the operation that would
 *   create or update it failed or was stopped before reaching it (and, as here, a stack set change
 *   not yet deployed to it).
 * - `INOPERABLE`: a delete of the instance failed and left the stack unstable; excluded from further
 *   updates until deleted (with retainStacks) and cleaned up by hand.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackInstanceSummary.html
 */
export const StackInstanceStatusSchema = z.enum(['CURRENT', 'OUTDATED', 'INOPERABLE']);
/** A stack instance's synchronization with its stack set. */
export type StackInstanceStatus = z.infer<typeof StackInstanceStatusSchema>;

/**
 * What the last operation did to the instance (StackInstanceComprehensiveStatus.DetailedStatus):
 * PENDING (not yet started), RUNNING, SUCCEEDED, FAILED, CANCELLED (stopped or past the failure
 * tolerance), INOPERABLE, SKIPPED_SUSPENDED_ACCOUNT, FAILED_IMPORT.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackInstanceComprehensiveStatus.html
 */
export const StackInstanceDetailedStatusSchema = z.enum([
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'INOPERABLE',
  'SKIPPED_SUSPENDED_ACCOUNT',
  'FAILED_IMPORT',
]);
/** What the last operation did to the instance. */
export type StackInstanceDetailedStatus = z.infer<typeof StackInstanceDetailedStatusSchema>;

/**
 * Drift of the instance's stack against the stack set (StackInstanceSummary.DriftStatus): DRIFTED
 * (one or more resources drifted), IN_SYNC, UNKNOWN (detection could not tell, e.g. it failed),
 * NOT_CHECKED (never detected).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackInstanceSummary.html
 */
export const StackDriftStatusSchema = z.enum(['DRIFTED', 'IN_SYNC', 'UNKNOWN', 'NOT_CHECKED']);
/** Drift of an instance's stack. */
export type StackDriftStatus = z.infer<typeof StackDriftStatusSchema>;

/**
 * An operation's overall status (StackSetOperation.Status):
 * - `QUEUED`: waiting for the operation before it on the same stack set to end;
 * - `RUNNING`: being performed;
 * - `SUCCEEDED`: every target deployed without passing the failure tolerance;
 * - `FAILED`: a region passed its failure tolerance, later regions were cancelled;
 * - `STOPPING`: stopping at the user's request (in-flight targets settle);
 * - `STOPPED`: the user stopped it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperation.html
 */
export const OperationStatusSchema = z.enum([
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'STOPPING',
  'STOPPED',
]);
/** An operation's overall status. */
export type OperationStatus = z.infer<typeof OperationStatusSchema>;
/** Statuses an operation never leaves. */
export const FINAL_OPERATION_STATUSES: readonly OperationStatus[] = ['SUCCEEDED', 'FAILED', 'STOPPED'];

/**
 * What an operation does. CREATE/UPDATE/DELETE/DETECT_DRIFT are StackSetOperationAction's values;
 * IMPORT (StackSets runs ImportStacksToStackSet as its own operation) adopts existing stacks.
 */
export const OperationActionSchema = z.enum(['CREATE', 'UPDATE', 'DELETE', 'DETECT_DRIFT', 'IMPORT']);
/** What an operation does. */
export type OperationAction = z.infer<typeof OperationActionSchema>;

/**
 * One target's result in an operation (StackSetOperationResultSummary.Status): PENDING (not yet
 * started), RUNNING, SUCCEEDED, FAILED, CANCELLED (the user stopped the operation, or the failure
 * tolerance was passed).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationResultSummary.html
 */
export const OperationResultStatusSchema = z.enum(['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
/** One target's result in an operation. */
export type OperationResultStatus = z.infer<typeof OperationResultStatusSchema>;

/**
 * Auto-deployment (StackSets' AutoDeployment): deploy to accounts that join a targeted OU, and delete
 * (or with `retainStacksOnAccountRemoval`, detach) the instances of accounts that leave it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_AutoDeployment.html
 */
export const AutoDeploymentSchema = z.strictObject({
  enabled: z.boolean().default(false),
  retainStacksOnAccountRemoval: z.boolean().default(false),
});

/** The template a stack set deploys: where it is and which version (a label or content hash). */
export const StackSetTemplateSchema = z.strictObject({
  /** S3 HTTPS URL. */
  url: z.url({ protocol: /^https$/ }),
  /** The version the instances are deployed at; a new version makes every instance OUTDATED. */
  version: z.string().min(1).max(256),
});

/** A stack set: what every instance deploys, and where. */
export const StackSetSchema = z.object({
  name: StackSetNameSchema,
  /** The CloudFormation stack name in every account and region. */
  stackName: StackNameSchema,
  description: z.string().max(1024).optional(),
  template: StackSetTemplateSchema,
  parameters: ParameterValuesSchema.default({}),
  capabilities: z.array(CapabilitySchema).default([]),
  serviceRoleName: RoleNameSchema.optional(),
  targets: TargetsSchema,
  preferences: PreferencesSchema,
  autoDeployment: AutoDeploymentSchema.default({ enabled: false, retainStacksOnAccountRemoval: false }),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
  /**
   * Bumped on every change to what the instances deploy (template, parameters, capabilities): an
   * instance deployed at an older revision is OUTDATED. Also the store's optimistic-locking version.
   */
  revision: z.number().int().min(1),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** A stack set. */
export type StackSet = z.infer<typeof StackSetSchema>;

/** One stack instance (account × region) of a stack set. */
export const StackInstanceSchema = z.object({
  stackSetName: StackSetNameSchema,
  account: AccountIdSchema,
  region: RegionSchema,
  status: StackInstanceStatusSchema,
  statusReason: z.string().max(1024).optional(),
  detailedStatus: StackInstanceDetailedStatusSchema,
  /** The OU the account was targeted through. */
  organizationalUnitId: OrganizationalUnitIdSchema.optional(),
  stackId: z.string().optional(),
  lastOperationId: OperationIdSchema.optional(),
  /** The stack set revision the stack was last deployed at. */
  deployedRevision: z.number().int().min(1).optional(),
  driftStatus: StackDriftStatusSchema.default('NOT_CHECKED'),
  lastDriftCheckTimestamp: Timestamp.optional(),
  /**
   * Parameter values for this account × region that replace the stack set's: kept until changed, so
   * an operation that does not mention them deploys them again.
   */
  parameterOverrides: ParameterValuesSchema.default({}),
  updatedAt: Timestamp,
});
/** One stack instance. */
export type StackInstance = z.infer<typeof StackInstanceSchema>;

/** Parameter values for every listed account in every listed region (StackSets' ParameterOverrides). */
export const ParameterOverrideSchema = z.strictObject({
  accounts: z.array(AccountIdSchema).min(1),
  regions: z.array(RegionSchema).min(1),
  parameters: ParameterValuesSchema,
});
/** Parameter values for some accounts × regions. */
export type ParameterOverride = z.infer<typeof ParameterOverrideSchema>;

/** Per-target counts of an operation, by result status. */
export const OperationCountsSchema = z.partialRecord(OperationResultStatusSchema, z.number().int().min(0));

/** One operation on a stack set. */
export const OperationSchema = z.object({
  stackSetName: StackSetNameSchema,
  operationId: OperationIdSchema,
  action: OperationActionSchema,
  status: OperationStatusSchema,
  statusReason: z.string().max(2048).optional(),
  /** The stack set revision the operation deploys. */
  stackSetRevision: z.number().int().min(1),
  /** Who asked: a user, or auto-deployment reacting to an Organizations event. */
  origin: z.enum(['USER', 'AUTO_DEPLOYMENT']).default('USER'),
  /** The instances it covers (absent: every instance of the stack set). */
  scope: z
    .strictObject({
      accounts: z.array(AccountIdSchema).optional(),
      regions: z.array(RegionSchema).optional(),
    })
    .optional(),
  /**
   * Parameter values for some accounts × regions, given with this operation: they replace the stack
   * set's and are kept on the instances, so a later operation that omits them deploys them again.
   */
  parameterOverrides: z.array(ParameterOverrideSchema).default([]),
  /** DELETE: leave the stacks in place and only detach the instances (StackSets' RetainStacks). */
  retainStacks: z.boolean().default(false),
  preferences: PreferencesSchema.optional(),
  /** The state machine execution running it (set when it starts). */
  executionName: z.string().optional(),
  creationTimestamp: Timestamp,
  startTimestamp: Timestamp.optional(),
  endTimestamp: Timestamp.optional(),
  /** Targets by result status, set when the operation ends. */
  counts: OperationCountsSchema.optional(),
});
/** One operation on a stack set. */
export type Operation = z.infer<typeof OperationSchema>;

/** One target's result in an operation, with the instance's status before and after it. */
export const OperationResultSchema = z.object({
  account: AccountIdSchema,
  region: RegionSchema,
  status: OperationResultStatusSchema,
  statusReason: z.string().max(2048).optional(),
  /** The instance's status before the operation touched it (absent: no instance yet). */
  instanceStatusBefore: StackInstanceStatusSchema.optional(),
  /** The instance's status after (absent: the instance was deleted or detached). */
  instanceStatusAfter: StackInstanceStatusSchema.optional(),
});
/** One target's result in an operation. */
export type OperationResult = z.infer<typeof OperationResultSchema>;

/** The lease that lets one operation run per stack set at a time. */
export const OperationLeaseSchema = z.object({
  stackSetName: StackSetNameSchema,
  /** The operation holding it. */
  holder: OperationIdSchema,
  acquiredAt: Timestamp,
  /** Epoch ms after which another operation may take it (the holder crashed or stalled). */
  expiresAtMs: z.number().int(),
});
/** The lease of a stack set. */
export type OperationLease = z.infer<typeof OperationLeaseSchema>;

/** An account × region of a stack set. */
export interface InstanceKey {
  account: string;
  region: string;
}

/** A stable key for an instance, `account/region`. */
export function instanceKey(k: InstanceKey): string {
  return `${k.account}/${k.region}`;
}

/**
 * A new operation id, sortable by creation time (StackSets' pattern: letters, digits, hyphens):
 * `20260105T090000123Z-<suffix>`.
 */
export function newOperationId(nowMs: number, suffix: string): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:.]/g, '');
  return OperationIdSchema.parse(`${stamp}-${suffix}`);
}
