import type {
  Change,
  ChangeSetStatus,
  ExecutionStatus,
  Parameter,
  Stack,
  StackEvent,
  Tag,
} from '@aws-sdk/client-cloudformation';
import type { Clock } from '../shared/clock.js';
import type { StackStatus } from '../stack-status/stack-status.js';
import { SimulatedAwsError, validationError } from './aws-fault.js';
import { DEFAULT_CAUSE, type FailureCause, type FaultPlan } from './fault-plan.js';
import { seededRandom } from './seeded-random.js';
import {
  insufficientCapabilities,
  type TemplateRequirements,
  templateRequirements,
} from './template-capabilities.js';

/** How long (virtual ms) each phase of a stack operation takes. */
export interface StackLatencies {
  create: number;
  update: number;
  delete: number;
  rollback: number;
  cleanup: number;
  /** Time for CloudFormation to compute a change set. */
  changeSet: number;
  /**
   * How much each duration varies, as a fraction: every operation takes `base × (1 ± variation)`,
   * drawn from the estate's seed (the same seed replays the same durations). 0: exact.
   */
  variation: number;
}

/**
 * Defaults close to a small real stack. CloudFormation publishes no durations; these are of the order
 * its own waiters assume (stack waiters poll every 30 s, the change-set waiter every 30 s) and vary by
 * ±20% from operation to operation, as real ones do.
 */
export const DEFAULT_LATENCIES: StackLatencies = {
  create: 60_000,
  update: 45_000,
  delete: 30_000,
  rollback: 30_000,
  cleanup: 5_000,
  changeSet: 4_000,
  variation: 0.2,
};

interface ScheduledStep {
  at: number;
  status: StackStatus;
  reason?: string;
  /** Resource events written when the step applies. */
  resourceEvents?: { logicalResourceId: string; resourceType: string; status: string; reason?: string }[];
  /** Outcome of the executing change set once the operation is over. */
  execution?: ExecutionStatus;
}

interface SimulatedChangeSet {
  id: string;
  name: string;
  type: 'CREATE' | 'UPDATE';
  status: ChangeSetStatus;
  statusReason?: string;
  executionStatus: ExecutionStatus;
  createdAt: number;
  readyAt: number;
  noChanges: boolean;
  /** Set when a fault makes CloudFormation reject the change set. */
  failure?: string;
  spec: StackSpecSnapshot;
  clientToken?: string;
}

interface StackSpecSnapshot {
  templateUrl?: string;
  /** The template's content when the estate could read it (compared instead of the URL). */
  templateBody?: string;
  parameters: Parameter[];
  tags: Tag[];
  capabilities: string[];
  roleArn?: string;
}

/** A simulated stack. */
export interface SimulatedStack {
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  status: StackStatus;
  statusReason?: string;
  creationTime: Date;
  lastUpdatedTime?: Date;
  deletionTime?: Date;
  spec: StackSpecSnapshot;
  /** Events oldest first (DescribeStackEvents returns them newest first). */
  events: StackEvent[];
  schedule: ScheduledStep[];
  changeSets: Map<string, SimulatedChangeSet>;
  executingChangeSet?: SimulatedChangeSet;
  /** When the change set executed last was created and computed (virtual ms). */
  lastExecutedChangeSet?: { createdAt: number; readyAt: number };
  currentToken?: string;
  usedTokens: Set<string>;
  /** DeleteStack fails while this is on (EnableTerminationProtection). */
  terminationProtection: boolean;
}

/** What a stack created by a CREATE change set holds before the change set runs: nothing (AWS-recorded). */
const EMPTY_SPEC: StackSpecSnapshot = { parameters: [], tags: [], capabilities: [] };

const EVENTS_PAGE = 100;

/**
 * CloudFormation for every account and region of the estate: stacks whose status moves along
 * CloudFormation's timelines as the (virtual) clock advances. Work is lazy — a stack catches up with the
 * clock when it is looked at — so 20,000 stacks cost nothing while nobody asks.
 */
export class SimulatedCloudFormation {
  readonly #live = new Map<string, SimulatedStack>();
  readonly #byId = new Map<string, SimulatedStack>();
  #nextId = 0;
  readonly #random: () => number;

  /**
   * @param templateBody the template behind a TemplateURL, when the estate holds it: a change set then has
   *   changes when the *content* changed, even under the same URL, as in CloudFormation.
   */
  constructor(
    private readonly clock: Clock,
    private readonly faults: FaultPlan,
    readonly latencies: StackLatencies,
    private readonly templateBody: (url: string) => string | undefined = () => undefined,
    seed = 1,
  ) {
    // Its own stream, so durations do not shift when the fault plan draws more or fewer numbers.
    this.#random = seededRandom(seed ^ 0x5f3759df);
  }

  /** How many stacks (named `stackName`, or all) are in each status now; deleted ones count as DELETE_COMPLETE. */
  countByStatus(stackName?: string): Partial<Record<StackStatus, number>> {
    const counts: Partial<Record<StackStatus, number>> = {};
    for (const stack of this.#byId.values()) {
      if (stackName !== undefined && stack.stackName !== stackName) continue;
      this.#settle(stack);
      counts[stack.status] = (counts[stack.status] ?? 0) + 1;
    }
    return counts;
  }

  /** Every stack, deleted ones included. */
  allStacks(): IterableIterator<SimulatedStack> {
    return this.#byId.values();
  }

  /** The live stack by name (caught up with the clock), or undefined. */
  stack(accountId: string, region: string, name: string): SimulatedStack | undefined {
    const stack = this.#live.get(`${accountId}|${region}|${name}`);
    if (!stack) return undefined;
    this.#settle(stack);
    return stack.status === 'DELETE_COMPLETE' ? undefined : stack;
  }

  /** Puts a stack in any status directly (to test what deployers do with it). */
  putStack(options: {
    accountId: string;
    region: string;
    stackName: string;
    status: StackStatus;
    templateUrl?: string;
    parameters?: Record<string, string>;
    tags?: Record<string, string>;
    failedResource?: FailureCause;
    /** EnableTerminationProtection. @default false */
    terminationProtection?: boolean;
  }): SimulatedStack {
    const stack = this.#newStack(options.accountId, options.region, options.stackName, {
      ...(options.templateUrl ? { templateUrl: options.templateUrl } : {}),
      parameters: Object.entries(options.parameters ?? {}).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      tags: Object.entries(options.tags ?? { ManagedBy: 'stackset-lite' }).map(([Key, Value]) => ({
        Key,
        Value,
      })),
      capabilities: [],
    });
    stack.terminationProtection = options.terminationProtection ?? false;
    if (options.failedResource) {
      const cause = options.failedResource;
      this.#event(
        stack,
        cause.logicalResourceId,
        cause.resourceType,
        failedStatusFor(options.status),
        cause.reason,
      );
    }
    this.#setStatus(stack, options.status);
    if (options.status === 'DELETE_COMPLETE') this.#live.delete(liveKey(stack));
    return stack;
  }

  // ── API operations (called by the mocked client with the caller's account and region) ──

  describeStacks(accountId: string, region: string, nameOrId: string | undefined): Stack[] {
    if (!nameOrId) {
      const prefix = `${accountId}|${region}|`;
      const result: Stack[] = [];
      for (const [key, stack] of this.#live) if (key.startsWith(prefix)) result.push(this.#toStack(stack));
      return result;
    }
    return [this.#toStack(this.#require(accountId, region, nameOrId))];
  }

  describeStackEvents(
    accountId: string,
    region: string,
    nameOrId: string,
    nextToken: string | undefined,
  ): { events: StackEvent[]; nextToken?: string } {
    const stack = this.#require(accountId, region, nameOrId);
    const newestFirst = stack.events.length - 1 - Number(nextToken ?? 0);
    const events: StackEvent[] = [];
    for (let i = newestFirst; i >= 0 && events.length < EVENTS_PAGE; i--) events.push(stack.events[i]!);
    const consumed = Number(nextToken ?? 0) + events.length;
    return consumed < stack.events.length ? { events, nextToken: String(consumed) } : { events };
  }

  createChangeSet(
    accountId: string,
    region: string,
    input: {
      StackName?: string;
      ChangeSetName?: string;
      ChangeSetType?: string;
      TemplateURL?: string;
      Parameters?: Parameter[];
      Tags?: Tag[];
      Capabilities?: string[];
      RoleARN?: string;
      ClientToken?: string;
    },
  ): { Id: string; StackId: string } {
    const name = input.StackName ?? '';
    const changeSetName = input.ChangeSetName ?? '';
    const type = input.ChangeSetType === 'CREATE' ? 'CREATE' : 'UPDATE';
    if (!input.TemplateURL) throw validationError('Either Template URL or Template Body must be specified.');
    const body = this.templateBody(input.TemplateURL);
    this.#checkCapabilities(body, input.Capabilities, 'changeSet');
    const spec: StackSpecSnapshot = {
      templateUrl: input.TemplateURL,
      ...(body !== undefined ? { templateBody: body } : {}),
      parameters: input.Parameters ?? [],
      tags: input.Tags ?? [],
      capabilities: input.Capabilities ?? [],
      ...(input.RoleARN ? { roleArn: input.RoleARN } : {}),
    };
    let stack = this.stack(accountId, region, name);
    if (stack?.changeSets.has(changeSetName)) {
      throw new SimulatedAwsError('AlreadyExistsException', `ChangeSet ${changeSetName} already exists`);
    }
    if (type === 'CREATE') {
      if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
        throw validationError(
          `Stack [${name}] already exists and cannot be created again with the changeSet [${changeSetName}].`,
        );
      }
      if (!stack) {
        // The stack exists from now on, with no template, parameters or tags until the change set runs.
        stack = this.#newStack(accountId, region, name, EMPTY_SPEC);
        this.#setStatus(stack, 'REVIEW_IN_PROGRESS', 'User Initiated');
      }
    } else {
      if (!stack) throw validationError(`Stack [${name}] does not exist`);
      if (!UPDATABLE.has(stack.status)) {
        throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
      }
    }
    const changeSet: SimulatedChangeSet = {
      id: `arn:aws:cloudformation:${region}:${accountId}:changeSet/${changeSetName}/${this.#uuid()}`,
      name: changeSetName,
      type,
      status: 'CREATE_PENDING',
      executionStatus: 'UNAVAILABLE',
      createdAt: this.clock.now(),
      readyAt: this.clock.now() + this.#took('changeSet'),
      noChanges: type === 'UPDATE' && fingerprint(stack.spec) === fingerprint(spec),
      spec,
      ...(() => {
        const failure = this.faults.takeChangeSetFailure(accountId, region);
        return failure ? { failure } : {};
      })(),
      ...(input.ClientToken ? { clientToken: input.ClientToken } : {}),
    };
    stack.changeSets.set(changeSetName, changeSet);
    return { Id: changeSet.id, StackId: stack.stackId };
  }

  /**
   * CreateStack: the stack carries its tags from the first moment (tag-on-create). Over a stack in
   * REVIEW_IN_PROGRESS it keeps that stack's id and makes its change sets OBSOLETE (AWS-recorded:
   * LocalStack test_changesets.snapshot.json, test_create_while_in_review); over any other live stack
   * it fails with AlreadyExistsException (test_stacks.snapshot.json, test_name_conflicts).
   */
  createStack(
    accountId: string,
    region: string,
    input: {
      StackName?: string;
      TemplateURL?: string;
      Parameters?: Parameter[];
      Tags?: Tag[];
      Capabilities?: string[];
      RoleARN?: string;
      ClientRequestToken?: string;
      EnableTerminationProtection?: boolean;
    },
  ): { StackId: string } {
    const name = input.StackName ?? '';
    if (!input.TemplateURL) throw validationError('Either Template URL or Template Body must be specified.');
    const body = this.templateBody(input.TemplateURL);
    const spec: StackSpecSnapshot = {
      templateUrl: input.TemplateURL,
      ...(body !== undefined ? { templateBody: body } : {}),
      parameters: input.Parameters ?? [],
      tags: input.Tags ?? [],
      capabilities: input.Capabilities ?? [],
      ...(input.RoleARN ? { roleArn: input.RoleARN } : {}),
    };
    let stack = this.stack(accountId, region, name);
    // A retried request (same ClientRequestToken) is the same request (CreateStack API reference).
    if (stack && input.ClientRequestToken && stack.usedTokens.has(input.ClientRequestToken)) {
      return { StackId: stack.stackId };
    }
    this.#checkCapabilities(body, input.Capabilities, 'stack');
    if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw new SimulatedAwsError('AlreadyExistsException', `Stack [${name}] already exists`);
    }
    if (stack) {
      for (const changeSet of stack.changeSets.values()) {
        this.#settleChangeSet(changeSet);
        changeSet.executionStatus = 'OBSOLETE';
      }
      stack.spec = spec;
    } else {
      stack = this.#newStack(accountId, region, name, spec);
    }
    stack.terminationProtection = input.EnableTerminationProtection ?? false;
    this.#startOperation(stack, input.ClientRequestToken);
    this.#scheduleCreate(stack);
    return { StackId: stack.stackId };
  }

  /** ListChangeSets of a stack (one page: the estate never holds more than a page per stack). */
  listChangeSets(accountId: string, region: string, nameOrId: string) {
    const stack = this.#require(accountId, region, nameOrId);
    return [...stack.changeSets.values()].map((set) => {
      this.#settleChangeSet(set);
      return {
        StackId: stack.stackId,
        StackName: stack.stackName,
        ChangeSetId: set.id,
        ChangeSetName: set.name,
        ExecutionStatus: set.executionStatus,
        Status: set.status,
        ...(set.statusReason ? { StatusReason: set.statusReason } : {}),
        CreationTime: new Date(set.createdAt),
      };
    });
  }

  describeChangeSet(accountId: string, region: string, stackName: string | undefined, changeSetRef: string) {
    const changeSet = this.#findChangeSet(accountId, region, stackName, changeSetRef);
    const { stack } = changeSet;
    const set = changeSet.changeSet;
    this.#settleChangeSet(set);
    const changes: Change[] = set.noChanges
      ? []
      : [{ Type: 'Resource', ResourceChange: { Action: 'Modify' } }];
    return {
      ChangeSetName: set.name,
      ChangeSetId: set.id,
      StackId: stack.stackId,
      StackName: stack.stackName,
      ChangeSetType: set.type,
      Status: set.status,
      ...(set.statusReason ? { StatusReason: set.statusReason } : {}),
      ExecutionStatus: set.executionStatus,
      Changes: set.status === 'CREATE_COMPLETE' ? changes : [],
      Parameters: set.spec.parameters,
      Tags: set.spec.tags,
      CreationTime: new Date(set.createdAt),
    };
  }

  deleteChangeSet(
    accountId: string,
    region: string,
    stackName: string | undefined,
    changeSetRef: string,
  ): void {
    const { stack, changeSet } = this.#findChangeSet(accountId, region, stackName, changeSetRef);
    if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
      throw new SimulatedAwsError('InvalidChangeSetStatus', `ChangeSet [${changeSet.id}] is being executed`);
    }
    stack.changeSets.delete(changeSet.name);
  }

  executeChangeSet(
    accountId: string,
    region: string,
    stackName: string | undefined,
    changeSetRef: string,
    token: string | undefined,
  ): void {
    const { stack, changeSet } = this.#findChangeSet(accountId, region, stackName, changeSetRef);
    if (token && stack.usedTokens.has(token)) return;
    this.#settleChangeSet(changeSet);
    if (changeSet.executionStatus !== 'AVAILABLE') {
      throw new SimulatedAwsError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.id}] cannot be executed in its current status of [${changeSet.status}]`,
      );
    }
    if (changeSet.type === 'UPDATE' && !UPDATABLE.has(stack.status)) {
      throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
    }
    changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
    // "CloudFormation deletes all other change sets associated with the stack" (ExecuteChangeSet).
    for (const other of [...stack.changeSets.values()])
      if (other !== changeSet) stack.changeSets.delete(other.name);
    stack.executingChangeSet = changeSet;
    stack.lastExecutedChangeSet = { createdAt: changeSet.createdAt, readyAt: changeSet.readyAt };
    stack.spec = changeSet.spec;
    this.#startOperation(stack, token);
    if (changeSet.type === 'CREATE') this.#scheduleCreate(stack);
    else this.#scheduleUpdate(stack);
  }

  deleteStack(
    accountId: string,
    region: string,
    input: {
      StackName?: string;
      RetainResources?: string[];
      DeletionMode?: string;
      ClientRequestToken?: string;
    },
  ): void {
    const stack = this.#lookup(accountId, region, input.StackName ?? '');
    if (!stack || stack.status === 'DELETE_COMPLETE') return; // DeleteStack on a missing stack succeeds.
    if (input.ClientRequestToken && stack.usedTokens.has(input.ClientRequestToken)) return;
    if (stack.status === 'DELETE_IN_PROGRESS') return;
    if (stack.terminationProtection) {
      throw validationError(
        `Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`,
      );
    }
    if (input.RetainResources?.length && stack.status !== 'DELETE_FAILED') {
      throw validationError(
        `Invalid operation on stack [${stack.stackId}]: RetainResources can only be specified when the stack is in the DELETE_FAILED state`,
      );
    }
    if (input.DeletionMode === 'FORCE_DELETE_STACK' && stack.status !== 'DELETE_FAILED') {
      throw validationError(
        `Stack [${stack.stackName}] must be in DELETE_FAILED for DeletionMode FORCE_DELETE_STACK`,
      );
    }
    if (IN_PROGRESS_BLOCKS_DELETE.has(stack.status)) {
      throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be deleted.`);
    }
    const bypassFailure =
      input.DeletionMode === 'FORCE_DELETE_STACK' || (input.RetainResources?.length ?? 0) > 0;
    this.#startOperation(stack, input.ClientRequestToken);
    const now = this.clock.now();
    this.#setStatus(stack, 'DELETE_IN_PROGRESS', 'User Initiated');
    const failure = bypassFailure ? undefined : this.faults.takeDeleteFailure(accountId, region);
    const done = now + this.#took('delete');
    if (failure) {
      stack.schedule.push({
        at: done,
        status: 'DELETE_FAILED',
        reason: `The following resource(s) failed to delete: [${failure.logicalResourceId}]. `,
        resourceEvents: [{ ...failure, status: 'DELETE_FAILED' }],
      });
    } else {
      stack.schedule.push({ at: done, status: 'DELETE_COMPLETE' });
    }
  }

  /** UpdateTerminationProtection: DeleteStack fails while it is on (API reference). */
  updateTerminationProtection(
    accountId: string,
    region: string,
    input: { StackName?: string; EnableTerminationProtection?: boolean },
  ): { StackId: string } {
    const stack = this.#require(accountId, region, input.StackName ?? '');
    stack.terminationProtection = input.EnableTerminationProtection ?? false;
    return { StackId: stack.stackId };
  }

  continueUpdateRollback(
    accountId: string,
    region: string,
    input: { StackName?: string; ClientRequestToken?: string },
  ) {
    const stack = this.#require(accountId, region, input.StackName ?? '');
    if (input.ClientRequestToken && stack.usedTokens.has(input.ClientRequestToken)) return;
    if (stack.status !== 'UPDATE_ROLLBACK_FAILED') {
      throw validationError(
        `Stack ${stack.stackId} is in ${stack.status} state; ContinueUpdateRollback needs UPDATE_ROLLBACK_FAILED`,
      );
    }
    this.#startOperation(stack, input.ClientRequestToken);
    this.#setStatus(stack, 'UPDATE_ROLLBACK_IN_PROGRESS', 'User Initiated');
    const failure = this.faults.takeContinueRollbackFailure(accountId, region);
    const at = this.clock.now() + this.#took('rollback');
    if (failure) {
      stack.schedule.push({
        at,
        status: 'UPDATE_ROLLBACK_FAILED',
        reason: `The following resource(s) failed to update: [${failure.logicalResourceId}]. `,
        resourceEvents: [{ ...failure, status: 'UPDATE_FAILED' }],
      });
    } else {
      stack.schedule.push({ at, status: 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' });
      stack.schedule.push({ at: at + this.#took('cleanup'), status: 'UPDATE_ROLLBACK_COMPLETE' });
    }
  }

  // ── timelines ──

  #scheduleCreate(stack: SimulatedStack): void {
    const now = this.clock.now();
    const create = this.#took('create');
    const rollback = this.#took('rollback');
    this.#setStatus(stack, 'CREATE_IN_PROGRESS', 'User Initiated');
    const failure = this.faults.takeCreateFailure(stack.accountId, stack.region);
    const resources = [failure?.cause ?? DEFAULT_CAUSE, SIBLING_RESOURCE];
    for (const r of resources)
      this.#event(stack, r.logicalResourceId, r.resourceType, 'CREATE_IN_PROGRESS', undefined);
    if (!failure) {
      stack.schedule.push({
        at: now + create,
        status: 'CREATE_COMPLETE',
        execution: 'EXECUTE_COMPLETE',
        resourceEvents: resources.map((r) => ({ ...r, status: 'CREATE_COMPLETE', reason: undefined })),
      });
      return;
    }
    const failedAt = now + Math.floor(create / 2);
    const { cause } = failure;
    stack.schedule.push({
      at: failedAt,
      status: 'ROLLBACK_IN_PROGRESS',
      reason: `The following resource(s) failed to create: [${cause.logicalResourceId}]. Rollback requested by user.`,
      // CloudFormation cancels what was still in flight: those failures come after the root cause.
      resourceEvents: [
        { ...cause, status: 'CREATE_FAILED' },
        { ...SIBLING_RESOURCE, status: 'CREATE_FAILED', reason: 'Resource creation cancelled' },
      ],
    });
    if (failure.rollback === 'ROLLBACK_FAILED') {
      stack.schedule.push({
        at: failedAt + rollback,
        status: 'ROLLBACK_FAILED',
        reason: `The following resource(s) failed to delete: [${cause.logicalResourceId}]. `,
        resourceEvents: [{ ...cause, status: 'DELETE_FAILED', reason: 'resource could not be deleted' }],
        execution: 'EXECUTE_FAILED',
      });
    } else {
      stack.schedule.push({
        at: failedAt + rollback,
        status: 'ROLLBACK_COMPLETE',
        resourceEvents: [{ ...cause, status: 'DELETE_COMPLETE' }],
        execution: 'EXECUTE_FAILED',
      });
    }
  }

  #scheduleUpdate(stack: SimulatedStack): void {
    const now = this.clock.now();
    const update = this.#took('update');
    const rollback = this.#took('rollback');
    const cleanup = this.#took('cleanup');
    this.#setStatus(stack, 'UPDATE_IN_PROGRESS', 'User Initiated');
    const failure = this.faults.takeUpdateFailure(stack.accountId, stack.region);
    const resources = [failure?.cause ?? DEFAULT_CAUSE, SIBLING_RESOURCE];
    for (const r of resources)
      this.#event(stack, r.logicalResourceId, r.resourceType, 'UPDATE_IN_PROGRESS', undefined);
    if (!failure) {
      stack.schedule.push({ at: now + update, status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' });
      stack.schedule.push({
        at: now + update + cleanup,
        status: 'UPDATE_COMPLETE',
        execution: 'EXECUTE_COMPLETE',
      });
      return;
    }
    const failedAt = now + Math.floor(update / 2);
    const { cause } = failure;
    stack.schedule.push({
      at: failedAt,
      status: 'UPDATE_ROLLBACK_IN_PROGRESS',
      reason: `The following resource(s) failed to update: [${cause.logicalResourceId}]. `,
      resourceEvents: [
        { ...cause, status: 'UPDATE_FAILED' },
        { ...SIBLING_RESOURCE, status: 'UPDATE_FAILED', reason: 'Resource update cancelled' },
      ],
    });
    if (failure.rollback === 'UPDATE_ROLLBACK_FAILED') {
      stack.schedule.push({
        at: failedAt + rollback,
        status: 'UPDATE_ROLLBACK_FAILED',
        reason: `The following resource(s) failed to update: [${cause.logicalResourceId}]. `,
        resourceEvents: [{ ...cause, status: 'UPDATE_FAILED', reason: 'rollback of the resource failed' }],
        execution: 'EXECUTE_FAILED',
      });
    } else {
      stack.schedule.push({
        at: failedAt + rollback,
        status: 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      });
      stack.schedule.push({
        at: failedAt + rollback + cleanup,
        status: 'UPDATE_ROLLBACK_COMPLETE',
        execution: 'EXECUTE_FAILED',
      });
    }
  }

  /**
   * ValidateTemplate of a template the estate holds (API reference, ValidateTemplate: Capabilities,
   * CapabilitiesReason, DeclaredTransforms, Parameters). A URL it does not hold answers as S3 does to
   * a reader without ListBucket: "S3 error: Access Denied".
   */
  validateTemplate(templateUrl: string | undefined): TemplateRequirements {
    if (!templateUrl) throw validationError('Either Template URL or Template Body must be specified.');
    const body = this.templateBody(templateUrl);
    if (body === undefined) {
      throw validationError(
        'S3 error: Access Denied\nFor more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html',
      );
    }
    return templateRequirements(body);
  }

  /**
   * Refuses, before anything is created, a request whose template (when the estate holds it) needs a
   * capability the request does not acknowledge: InsufficientCapabilitiesException.
   */
  #checkCapabilities(
    body: string | undefined,
    given: string[] | undefined,
    request: 'stack' | 'changeSet',
  ): void {
    if (body === undefined) return;
    const refused = insufficientCapabilities(templateRequirements(body), given ?? [], request);
    if (refused) throw refused;
  }

  /** One operation's duration: the base latency, varied by the seeded `variation`. */
  #took(phase: Exclude<keyof StackLatencies, 'variation'>): number {
    const base = this.latencies[phase];
    const variation = this.latencies.variation;
    if (variation <= 0 || base <= 0) return base;
    return Math.round(base * (1 + variation * (2 * this.#random() - 1)));
  }

  #startOperation(stack: SimulatedStack, token: string | undefined): void {
    if (token) stack.usedTokens.add(token);
    if (token) stack.currentToken = token;
    else delete stack.currentToken;
    stack.schedule = [];
  }

  /** Applies every scheduled step whose time has come. */
  #settle(stack: SimulatedStack): void {
    const now = this.clock.now();
    let applied = 0;
    while (applied < stack.schedule.length && stack.schedule[applied]!.at <= now) {
      const step = stack.schedule[applied]!;
      for (const event of step.resourceEvents ?? []) {
        this.#event(stack, event.logicalResourceId, event.resourceType, event.status, event.reason, step.at);
      }
      this.#setStatus(stack, step.status, step.reason, step.at);
      if (step.execution && stack.executingChangeSet) {
        stack.executingChangeSet.executionStatus = step.execution;
        delete stack.executingChangeSet;
      }
      if (step.status === 'DELETE_COMPLETE') {
        stack.deletionTime = new Date(step.at);
        this.#live.delete(liveKey(stack));
      }
      applied++;
    }
    if (applied > 0) stack.schedule.splice(0, applied);
  }

  #settleChangeSet(changeSet: SimulatedChangeSet): void {
    if (changeSet.status !== 'CREATE_PENDING' || changeSet.readyAt > this.clock.now()) return;
    if (changeSet.executionStatus === 'OBSOLETE') {
      changeSet.status = 'CREATE_COMPLETE';
      return;
    }
    if (changeSet.failure) {
      changeSet.status = 'FAILED';
      changeSet.statusReason = changeSet.failure;
      changeSet.executionStatus = 'UNAVAILABLE';
    } else if (changeSet.noChanges) {
      changeSet.status = 'FAILED';
      changeSet.statusReason =
        "The submitted information didn't contain changes. Submit different information to create a change set.";
      changeSet.executionStatus = 'UNAVAILABLE';
    } else {
      changeSet.status = 'CREATE_COMPLETE';
      changeSet.executionStatus = 'AVAILABLE';
    }
  }

  #setStatus(stack: SimulatedStack, status: StackStatus, reason?: string, at = this.clock.now()): void {
    stack.status = status;
    if (reason) stack.statusReason = reason;
    else delete stack.statusReason;
    if (status.startsWith('UPDATE')) stack.lastUpdatedTime = new Date(at);
    this.#event(stack, stack.stackName, 'AWS::CloudFormation::Stack', status, reason, at);
  }

  #event(
    stack: SimulatedStack,
    logicalResourceId: string,
    resourceType: string,
    status: string,
    reason: string | undefined,
    at = this.clock.now(),
  ): void {
    stack.events.push({
      StackId: stack.stackId,
      StackName: stack.stackName,
      EventId: `${logicalResourceId}-${stack.events.length}`,
      LogicalResourceId: logicalResourceId,
      PhysicalResourceId:
        resourceType === 'AWS::CloudFormation::Stack' ? stack.stackId : `${logicalResourceId}-phys`,
      ResourceType: resourceType,
      Timestamp: new Date(at),
      ResourceStatus: status as StackEvent['ResourceStatus'],
      ...(reason ? { ResourceStatusReason: reason } : {}),
      ...(stack.currentToken ? { ClientRequestToken: stack.currentToken } : {}),
    });
  }

  #newStack(accountId: string, region: string, name: string, spec: StackSpecSnapshot): SimulatedStack {
    const key = `${accountId}|${region}|${name}`;
    if (this.#live.has(key)) throw new Error(`stack ${name} already exists in ${accountId}/${region}`);
    const stack: SimulatedStack = {
      stackId: `arn:aws:cloudformation:${region}:${accountId}:stack/${name}/${this.#uuid()}`,
      stackName: name,
      accountId,
      region,
      status: 'REVIEW_IN_PROGRESS',
      creationTime: new Date(this.clock.now()),
      spec,
      events: [],
      schedule: [],
      changeSets: new Map(),
      usedTokens: new Set(),
      terminationProtection: false,
    };
    this.#live.set(key, stack);
    this.#byId.set(stack.stackId, stack);
    return stack;
  }

  #lookup(accountId: string, region: string, nameOrId: string): SimulatedStack | undefined {
    if (nameOrId.startsWith('arn:')) {
      const stack = this.#byId.get(nameOrId);
      if (!stack || stack.accountId !== accountId || stack.region !== region) return undefined;
      this.#settle(stack);
      return stack;
    }
    return this.stack(accountId, region, nameOrId);
  }

  #require(accountId: string, region: string, nameOrId: string): SimulatedStack {
    const stack = this.#lookup(accountId, region, nameOrId);
    if (!stack) throw validationError(`Stack with id ${nameOrId} does not exist`);
    return stack;
  }

  #findChangeSet(accountId: string, region: string, stackName: string | undefined, changeSetRef: string) {
    let stack: SimulatedStack | undefined;
    let name = changeSetRef;
    if (changeSetRef.startsWith('arn:')) {
      // arn:aws:cloudformation:region:account:changeSet/<name>/<uuid>
      name = changeSetRef.split(':').slice(5).join(':').split('/')[1] ?? '';
      for (const candidate of stackName
        ? [this.#lookup(accountId, region, stackName)]
        : this.#byId.values()) {
        if (candidate?.changeSets.get(name)?.id === changeSetRef) stack = candidate;
      }
    } else if (stackName) {
      stack = this.#lookup(accountId, region, stackName);
    }
    const changeSet = stack?.changeSets.get(name);
    if (!stack || !changeSet) {
      throw new SimulatedAwsError('ChangeSetNotFoundException', `ChangeSet [${changeSetRef}] does not exist`);
    }
    return { stack, changeSet };
  }

  #toStack(stack: SimulatedStack): Stack {
    return {
      StackId: stack.stackId,
      StackName: stack.stackName,
      StackStatus: stack.status,
      ...(stack.statusReason ? { StackStatusReason: stack.statusReason } : {}),
      CreationTime: stack.creationTime,
      ...(stack.lastUpdatedTime ? { LastUpdatedTime: stack.lastUpdatedTime } : {}),
      ...(stack.deletionTime ? { DeletionTime: stack.deletionTime } : {}),
      Parameters: stack.spec.parameters,
      Tags: stack.spec.tags,
      ...(stack.spec.roleArn ? { RoleARN: stack.spec.roleArn } : {}),
      EnableTerminationProtection: stack.terminationProtection,
    };
  }

  #uuid(): string {
    const n = (this.#nextId++).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${n}`;
  }
}

/** A second resource of every simulated stack: it is what CloudFormation cancels when another one fails. */
const SIBLING_RESOURCE = { logicalResourceId: 'Topic', resourceType: 'AWS::SNS::Topic' } as const;

/** Statuses an UPDATE change set may be executed from. */
const UPDATABLE = new Set<StackStatus>([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
  'CREATE_FAILED',
  'UPDATE_FAILED',
]);

/** In-progress statuses in which CloudFormation refuses a delete. */
const IN_PROGRESS_BLOCKS_DELETE = new Set<StackStatus>([
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
]);

function liveKey(stack: SimulatedStack): string {
  return `${stack.accountId}|${stack.region}|${stack.stackName}`;
}

function failedStatusFor(status: StackStatus): string {
  if (status.startsWith('DELETE')) return 'DELETE_FAILED';
  if (status.startsWith('UPDATE')) return 'UPDATE_FAILED';
  return 'CREATE_FAILED';
}

/** What makes two deployments of a stack the same: template, parameters, tags. */
function fingerprint(spec: StackSpecSnapshot): string {
  const parameters = spec.parameters.map((p) => `${p.ParameterKey}=${p.ParameterValue}`).sort();
  const tags = spec.tags.map((t) => `${t.Key}=${t.Value}`).sort();
  return JSON.stringify([spec.templateBody ?? spec.templateUrl, parameters, tags]);
}
