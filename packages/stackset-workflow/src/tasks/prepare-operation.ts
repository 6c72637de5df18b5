import { type AwsPartition, partitionById } from '@stackset-lite/tasks';
import { z } from 'zod';
import { type InputProblem, InvalidInputError, toInputProblems } from '../input/input-error.js';
import {
  DEFAULT_SERVICE_ROLE_NAME,
  DEFAULT_STACK_NAME_PREFIX,
  RoleNameSchema,
  type RolloutInput,
  rolloutInputSchema,
  StackNamePrefixSchema,
} from '../input/rollout-input.js';
import { parseTaskEvent } from './task-event.js';

/**
 * Installation settings the machine passes to prepareOperation: fixed per deployment of StackSets-lite
 * (DefinitionSubstitutions in the SAM template), not per execution.
 */
export const InstallationSettingsSchema = z.object({
  /** The Organizations-reader role in the management account. */
  managementRoleArn: z.string().min(1),
  /** The deploy role's name in every target account. */
  deployRoleName: z.string().min(1),
  /** External ID both roles' trust policies require. */
  externalId: z.string().min(2).optional(),
  /** Bucket for target lists, stage items, Distributed Map results and reports. */
  workBucket: z.string().min(3),
  /** Topic used when the execution input names none. */
  defaultTopicArn: z.string().min(1),
  /**
   * The CloudFormation service role's name in every target account (the role templates'
   * ServiceRoleName), used when the execution input names none.
   */
  serviceRoleName: RoleNameSchema.default(DEFAULT_SERVICE_ROLE_NAME),
  /** Stack names the deploy role allows start with this (the role templates' StackNamePrefix). */
  stackNamePrefix: StackNamePrefixSchema.default(DEFAULT_STACK_NAME_PREFIX),
  /**
   * The bucket the deploy role reads templates from (the role templates' TemplateBucketName); a
   * template elsewhere is rejected as invalid input. Absent: not checked.
   */
  templateBucket: z.string().min(3).max(63).optional(),
});
/** Installation settings (defaults applied). */
export type InstallationSettings = z.output<typeof InstallationSettingsSchema>;

/** prepareOperation's event: the raw execution input plus execution and installation facts. */
export const PrepareOperationEventSchema = z.object({
  input: z.unknown(),
  executionId: z.string().min(1),
  runId: z.string().min(1),
  settings: InstallationSettingsSchema,
});

/**
 * The operation as the rest of the machine consumes it. Every task request is built here, complete,
 * so JSONPath `Parameters` only ever reference fields that exist (an optional input field would
 * otherwise fail the state with States.ParameterPathFailure).
 */
export interface PreparedOperation {
  input: RolloutInput;
  runId: string;
  bucket: string;
  operation: { name: string; executionId: string; action: 'DEPLOY' | 'DELETE' };
  deployRole: { roleName: string; externalId?: string };
  stack: {
    name: string;
    templateUrl?: string;
    parameters: Record<string, string>;
    capabilities: string[];
    /** CloudFormation service role passed as RoleARN in each target account (the deploy role requires one). */
    serviceRoleName: string;
    /** IMPORT: adopt existing stacks their owners marked for import. */
    importExisting?: boolean;
  };
  /** listTargets' event. */
  listTargets: {
    operation: PreparedOperation['operation'];
    managementAccount: { roleArn: string; externalId?: string };
    targets: { accounts?: string[]; organizationalUnitIds?: string[]; accountFilterType?: string };
    regions: string[];
    includeManagementAccount: boolean;
    parameterOverrides: Record<string, Record<string, string>>;
    inlineLimit: number;
    targetListBucket: string;
    targetListKeyPrefix: string;
  };
  /** Topic and bucket of the one notification. */
  notify: { topicArn: string; reportBucket: string };
}

/**
 * Above this many targets listTargets writes the list to S3 instead of its output: ~12 KB inline at
 * most, so the parent execution's payloads stay small whatever the estate's size.
 */
export const TARGETS_INLINE_LIMIT = 100;

/** Where the orchestrator runs: its partition and region, read from the execution's ARN. */
export interface OrchestratorHome {
  partition: AwsPartition;
  region: string;
  accountId: string;
}

/** The home of the execution `executionId` (`arn:<partition>:states:<region>:<account>:execution:…`). */
export function orchestratorHome(executionId: string): OrchestratorHome | undefined {
  const match = /^arn:([a-z-]+):states:([a-z0-9-]+):(\d{12}):execution:/.exec(executionId);
  const partition = match ? partitionById(match[1]!) : undefined;
  if (!match || !partition) return undefined;
  return { partition, region: match[2]!, accountId: match[3]! };
}

/**
 * The template's S3 HTTPS URL, from a URL or a bucket and key. A bucket and key become the regional
 * virtual-hosted URL of the orchestrator's region and partition (`…s3.cn-north-1.amazonaws.com.cn` in
 * China, `…s3.us-gov-west-1.amazonaws.com` in GovCloud): the template bucket lives there.
 */
export function templateUrl(input: RolloutInput, home?: OrchestratorHome): string | undefined {
  if (!input.template) return undefined;
  if ('url' in input.template) return input.template.url;
  const key = input.template.key.split('/').map(encodeURIComponent).join('/');
  const host = home ? `s3.${home.region}.${home.partition.dnsSuffix}` : 's3.amazonaws.com';
  return `https://${input.template.bucket}.${host}/${key}`;
}

/**
 * What the input asks that this installation cannot honour, found before anything is deployed: a
 * notification topic other than the installation's own (the orchestrator's role may publish only there).
 */
export function inputProblemsOfInstallation(
  input: RolloutInput,
  settings: InstallationSettings,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const topic = input.notificationTopicArn;
  if (topic !== undefined && topic !== settings.defaultTopicArn) {
    problems.push({
      pointer: '/notificationTopicArn',
      message: `must be this installation's own topic ${settings.defaultTopicArn} (the orchestrator may publish only there); leave it out to use it`,
    });
  }
  return problems;
}

/** Validates the execution input and derives every task's request; nothing is deployed before this. */
export function prepareOperation(event: unknown): PreparedOperation {
  const { input: raw, executionId, runId, settings } = parseTaskEvent(PrepareOperationEventSchema, event);
  const parsed = rolloutInputSchema({
    stackNamePrefix: settings.stackNamePrefix,
    ...(settings.templateBucket && { templateBucket: settings.templateBucket }),
  }).safeParse(raw);
  if (!parsed.success) throw new InvalidInputError(toInputProblems(parsed.error));
  const input = parsed.data;
  const problems = inputProblemsOfInstallation(input, settings);
  if (problems.length > 0) throw new InvalidInputError(problems);
  // The operation's name is tagged on every stack: keep it stable (the stack name) so that a re-run
  // with nothing to change really is NO_CHANGES; the execution id keeps request tokens unique.
  const operation = { name: input.stackName, executionId, action: input.operation };
  const externalId = settings.externalId ? { externalId: settings.externalId } : {};
  const url = templateUrl(input, orchestratorHome(executionId));
  return {
    input,
    runId,
    bucket: settings.workBucket,
    operation,
    deployRole: { roleName: settings.deployRoleName, ...externalId },
    stack: {
      name: input.stackName,
      ...(url && { templateUrl: url }),
      parameters: input.parameters,
      capabilities: input.capabilities,
      serviceRoleName: input.serviceRoleName ?? settings.serviceRoleName,
      ...(input.importExisting && { importExisting: true }),
    },
    listTargets: {
      operation,
      managementAccount: { roleArn: settings.managementRoleArn, ...externalId },
      targets: {
        ...(input.targets.accounts && { accounts: input.targets.accounts }),
        ...(input.targets.organizationalUnits && {
          organizationalUnitIds: input.targets.organizationalUnits,
        }),
        ...(input.targets.organizationalUnits && { accountFilterType: input.targets.accountFilterType }),
      },
      regions: input.targets.regions,
      includeManagementAccount: input.targets.includeManagementAccount,
      parameterOverrides: input.parameterOverrides,
      inlineLimit: TARGETS_INLINE_LIMIT,
      targetListBucket: settings.workBucket,
      targetListKeyPrefix: `runs/${runId}/`,
    },
    notify: {
      topicArn: input.notificationTopicArn ?? settings.defaultTopicArn,
      reportBucket: settings.workBucket,
    },
  };
}

/** The prepareOperation Lambda handler. */
export const handler = async (event: unknown): Promise<PreparedOperation> => prepareOperation(event);
