import { createHash } from 'node:crypto';
import {
  type Capability,
  type Change,
  type CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type AslCheck, aslDslCheck } from '../inject-workflow/asl-check.js';
import { STATE_MACHINE_TYPE } from '../inject-workflow/inject-definition.js';
import { MAX_DEFINITION_BYTES } from '../inject-workflow/inject-workflow.js';
import { findRootCause } from '../poll-stack/root-cause.js';
import { PublishWorkflowError } from './errors.js';
import {
  type PublishWorkflowOptions,
  PublishWorkflowOptionsSchema,
  type ResolvedPublishWorkflowOptions,
} from './options.js';

/** What publishWorkflow needs from the outside world; injected so tests run on virtual time. */
export interface PublishWorkflowDependencies {
  readonly s3: Pick<S3Client, 'send'>;
  readonly cloudFormation: CloudFormationClient;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Validates the definition before upload. Defaults to the asl-dsl validator when available. */
  readonly check?: AslCheck;
  /** Progress lines for a CLI; silent by default. */
  readonly onProgress?: (message: string) => void;
}

/** One resource the change set changes. */
export interface PlannedChange {
  readonly logicalResourceId: string;
  readonly resourceType: string;
  readonly action: string;
  readonly replacement?: string;
}

/** How a publish ended when it did not throw. */
export interface PublishWorkflowResult {
  /** UPDATED: the stack reached UPDATE_COMPLETE; NO_CHANGES: the deployed workflow was already this one. */
  readonly outcome: 'UPDATED' | 'NO_CHANGES';
  readonly s3Uri: string;
  readonly changeSetName: string;
  readonly stackStatus: string;
  readonly changes: readonly PlannedChange[];
}

// Stacks in these states accept an update.
const UPDATABLE = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

// CloudFormation's wording for an empty change set (both forms are seen).
const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

const isInProgress = (status: string) => status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function parseOptions(options: PublishWorkflowOptions): ResolvedPublishWorkflowOptions {
  const parsed = PublishWorkflowOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PublishWorkflowError(
      'INVALID_OPTIONS',
      `invalid publishWorkflow option ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown'}`,
    );
  }
  return parsed.data;
}

/** Parses, checks and serialises the definition; the text uploaded is what the hash names. */
function prepareDefinition(definition: string | Record<string, unknown>, check: AslCheck): string {
  let parsed: unknown = definition;
  if (typeof definition === 'string') {
    try {
      parsed = JSON.parse(definition);
    } catch (error) {
      throw new PublishWorkflowError(
        'INVALID_DEFINITION',
        `the definition is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const diagnostics = check(parsed);
  if (diagnostics.length > 0) {
    throw new PublishWorkflowError(
      'INVALID_DEFINITION',
      `the definition is not a valid state machine: ${diagnostics
        .slice(0, 5)
        .map((d) => `${d.path}: ${d.message}`)
        .join('; ')}${diagnostics.length > 5 ? `; and ${diagnostics.length - 5} more` : ''}`,
    );
  }
  const text = `${JSON.stringify(parsed, null, 2)}\n`;
  const bytes = Buffer.byteLength(text, 'utf-8');
  if (bytes > MAX_DEFINITION_BYTES) {
    throw new PublishWorkflowError(
      'INVALID_DEFINITION',
      `the definition is ${bytes} bytes; Step Functions accepts at most ${MAX_DEFINITION_BYTES}`,
    );
  }
  return text;
}

async function describeStack(
  cloudFormation: Pick<CloudFormationClient, 'send'>,
  stackName: string,
): Promise<Stack> {
  try {
    const response = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = response.Stacks?.[0];
    if (!stack) throw new PublishWorkflowError('STACK_NOT_FOUND', `stack ${stackName} does not exist`);
    return stack;
  } catch (error) {
    if (errorName(error) === 'ValidationError' && /does not exist/.test(String((error as Error).message))) {
      throw new PublishWorkflowError('STACK_NOT_FOUND', `stack ${stackName} does not exist`);
    }
    throw error;
  }
}

function toPlannedChanges(changes: readonly Change[]): PlannedChange[] {
  return changes.flatMap((change) =>
    change.ResourceChange
      ? [
          {
            logicalResourceId: change.ResourceChange.LogicalResourceId ?? '?',
            resourceType: change.ResourceChange.ResourceType ?? '?',
            action: change.ResourceChange.Action ?? '?',
            ...(change.ResourceChange.Replacement ? { replacement: change.ResourceChange.Replacement } : {}),
          },
        ]
      : [],
  );
}

const describeChange = (c: PlannedChange) =>
  `${c.action} ${c.logicalResourceId} (${c.resourceType}${c.replacement === 'True' ? ', replaced' : ''})`;

/**
 * Publishes a new workflow definition to a stack whose template uses the injectWorkflow macro: uploads
 * the ASL to S3 under a content-addressed key, creates a change set that only changes the S3Key
 * parameter, checks the change set updates the state machine (and nothing else unless allowed),
 * executes it and waits for the *stack* to reach UPDATE_COMPLETE. An empty change set is "no changes",
 * not an error. Every failure is a {@link PublishWorkflowError} with a stable code.
 */
export async function publishWorkflow(
  options: PublishWorkflowOptions,
  dependencies: PublishWorkflowDependencies,
): Promise<PublishWorkflowResult> {
  const o = parseOptions(options);
  const { cloudFormation, s3, now, sleep } = dependencies;
  const progress = dependencies.onProgress ?? (() => {});
  const deadline = now() + o.timeoutSeconds * 1000;
  const waitOrTimeOut = async (what: string) => {
    if (now() + o.pollIntervalSeconds * 1000 > deadline) {
      throw new PublishWorkflowError('TIMEOUT', `gave up after ${o.timeoutSeconds} s waiting for ${what}`);
    }
    await sleep(o.pollIntervalSeconds * 1000);
  };

  const text = prepareDefinition(o.definition, dependencies.check ?? aslDslCheck);
  const hash = createHash('sha256').update(text).digest('hex');

  const stack = await describeStack(cloudFormation, o.stackName);
  const status = stack.StackStatus ?? 'UNKNOWN';
  if (isInProgress(status)) {
    throw new PublishWorkflowError('STACK_BUSY', `stack ${o.stackName} is ${status}; retry when it settles`);
  }
  if (!UPDATABLE.has(status)) {
    throw new PublishWorkflowError(
      'STACK_NOT_UPDATABLE',
      `stack ${o.stackName} is ${status} and cannot be updated; repair it first`,
    );
  }
  const parameters = stack.Parameters ?? [];
  if (!parameters.some((p) => p.ParameterKey === o.s3KeyParameter)) {
    throw new PublishWorkflowError(
      'NOT_A_WORKFLOW_STACK',
      `stack ${o.stackName} has no ${o.s3KeyParameter} parameter; was it created from a template using the injectWorkflow macro?`,
    );
  }
  const logicalId =
    o.stateMachineLogicalId ?? parameters.find((p) => p.ParameterKey === 'SMResource')?.ParameterValue;
  if (!logicalId) {
    throw new PublishWorkflowError(
      'NOT_A_WORKFLOW_STACK',
      `stack ${o.stackName} has no SMResource parameter; pass stateMachineLogicalId`,
    );
  }

  const key = `${o.keyPrefix}${stack.StackName ?? o.stackName}/${hash.slice(0, 16)}.json`;
  const s3Uri = `s3://${o.bucket}/${key}`;
  await s3.send(
    new PutObjectCommand({ Bucket: o.bucket, Key: key, Body: text, ContentType: 'application/json' }),
  );
  progress(`uploaded ${s3Uri}`);

  // Change set names: [a-zA-Z][-a-zA-Z0-9]*, at most 128 characters.
  const changeSetName = `publish-workflow-${hash.slice(0, 12)}-${now()}`;
  const capabilities = new Set<Capability>([...(stack.Capabilities ?? []), 'CAPABILITY_AUTO_EXPAND']);
  await cloudFormation.send(
    new CreateChangeSetCommand({
      StackName: o.stackName,
      ChangeSetName: changeSetName,
      ChangeSetType: 'UPDATE',
      ClientToken: changeSetName,
      Description: `publishWorkflow ${s3Uri}`,
      UsePreviousTemplate: true,
      Capabilities: [...capabilities],
      Parameters: parameters.map((p) =>
        p.ParameterKey === o.s3KeyParameter
          ? { ParameterKey: p.ParameterKey, ParameterValue: s3Uri }
          : { ParameterKey: p.ParameterKey, UsePreviousValue: true },
      ),
    }),
  );
  progress(`created change set ${changeSetName}`);

  // Best effort: a change set left behind is clutter, not a reason to report the publish as failed.
  const deleteChangeSet = async () => {
    try {
      await cloudFormation.send(
        new DeleteChangeSetCommand({ StackName: o.stackName, ChangeSetName: changeSetName }),
      );
    } catch (error) {
      progress(
        `could not delete change set ${changeSetName}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  // Wait for the change set to be computed; Changes may span several pages.
  let changes: Change[] = [];
  for (;;) {
    const first = await cloudFormation.send(
      new DescribeChangeSetCommand({ StackName: o.stackName, ChangeSetName: changeSetName }),
    );
    if (first.Status === 'FAILED') {
      const reason = first.StatusReason ?? 'no reason given';
      if (NO_CHANGES.test(reason)) {
        await deleteChangeSet();
        progress('no changes: the stack already runs this definition');
        return { outcome: 'NO_CHANGES', s3Uri, changeSetName, stackStatus: status, changes: [] };
      }
      throw new PublishWorkflowError('CHANGE_SET_FAILED', `change set ${changeSetName} failed: ${reason}`);
    }
    if (first.Status === 'CREATE_COMPLETE') {
      changes = [...(first.Changes ?? [])];
      let nextToken = first.NextToken;
      while (nextToken) {
        const page = await cloudFormation.send(
          new DescribeChangeSetCommand({
            StackName: o.stackName,
            ChangeSetName: changeSetName,
            NextToken: nextToken,
          }),
        );
        changes.push(...(page.Changes ?? []));
        nextToken = page.NextToken;
      }
      break;
    }
    await waitOrTimeOut(`change set ${changeSetName} (${first.Status ?? 'unknown status'})`);
  }

  const planned = toPlannedChanges(changes);
  const machine = planned.find((c) => c.logicalResourceId === logicalId);
  if (!machine || machine.resourceType !== STATE_MACHINE_TYPE) {
    await deleteChangeSet();
    throw new PublishWorkflowError(
      'STATE_MACHINE_UNTOUCHED',
      `change set ${changeSetName} does not update state machine ${logicalId}` +
        (planned.length > 0 ? ` (it would: ${planned.map(describeChange).join(', ')})` : '') +
        '; not executed',
    );
  }
  if (machine.replacement === 'True' && !o.allowReplacement) {
    await deleteChangeSet();
    throw new PublishWorkflowError(
      'STATE_MACHINE_REPLACEMENT',
      `change set ${changeSetName} would replace state machine ${logicalId} (its ARN would change); not executed (allowReplacement to force)`,
    );
  }
  const others = planned.filter((c) => c !== machine);
  if (others.length > 0 && !o.allowOtherChanges) {
    await deleteChangeSet();
    throw new PublishWorkflowError(
      'UNEXPECTED_CHANGES',
      `change set ${changeSetName} also changes ${others.map(describeChange).join(', ')}; not executed (allowOtherChanges to force)`,
    );
  }

  // A terminal status only counts once LastUpdatedTime moves past the one seen before executing:
  // DescribeStacks right after ExecuteChangeSet can still report the previous UPDATE_COMPLETE.
  const before = await describeStack(cloudFormation, o.stackName);
  const previousUpdate = before.LastUpdatedTime?.getTime() ?? before.CreationTime?.getTime() ?? 0;
  await cloudFormation.send(
    new ExecuteChangeSetCommand({
      StackName: o.stackName,
      ChangeSetName: changeSetName,
      ClientRequestToken: changeSetName,
    }),
  );
  progress(`executing change set ${changeSetName}`);

  // Wait on the stack, not the change set: after execution the change set stays CREATE_COMPLETE.
  for (;;) {
    const current = await describeStack(cloudFormation, o.stackName);
    const currentStatus = current.StackStatus ?? 'UNKNOWN';
    const updatedAt = current.LastUpdatedTime?.getTime() ?? 0;
    const settled = !isInProgress(currentStatus) && updatedAt > previousUpdate;
    if (settled) {
      if (currentStatus === 'UPDATE_COMPLETE') {
        progress(`stack ${o.stackName} is UPDATE_COMPLETE`);
        return { outcome: 'UPDATED', s3Uri, changeSetName, stackStatus: currentStatus, changes: planned };
      }
      // Events of this execution carry its ClientRequestToken (the change set name).
      const cause = await findRootCause(cloudFormation, o.stackName, changeSetName);
      const because = cause
        ? `: ${cause.logicalResourceId} (${cause.resourceType}) ${cause.status}: ${cause.reason}`
        : current.StackStatusReason
          ? `: ${current.StackStatusReason}`
          : '';
      const code =
        currentStatus === 'UPDATE_ROLLBACK_COMPLETE'
          ? 'UPDATE_ROLLED_BACK'
          : currentStatus === 'UPDATE_ROLLBACK_FAILED'
            ? 'UPDATE_ROLLBACK_FAILED'
            : 'UPDATE_FAILED';
      const advice = code === 'UPDATE_ROLLBACK_FAILED' ? ' (fix the cause, then ContinueUpdateRollback)' : '';
      throw new PublishWorkflowError(code, `stack ${o.stackName} ended ${currentStatus}${because}${advice}`);
    }
    await waitOrTimeOut(`stack ${o.stackName} (${currentStatus})`);
  }
}
