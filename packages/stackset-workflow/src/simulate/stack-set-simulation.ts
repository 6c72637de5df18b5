import * as tasks from '@stackset-lite/tasks';
import {
  type PublishedMessage,
  SimulatedEstate,
  type StackLatencies,
} from '@stackset-lite/tasks/simulated-estate';
import {
  type AutoDeploymentOutcome,
  handleOrganizationsEvent,
  type OrganizationLookup,
} from '../stack-set/auto-deployment.js';
import { MemoryStackSetStore } from '../stack-set/memory-stack-set-store.js';
import { type OperationLauncher, type QueueDeps, startNextOperation } from '../stack-set/operation-queue.js';
import { rolloutInputFor } from '../stack-set/operation-rollout-input.js';
import { createOrganizationLookup } from '../stack-set/organization-lookup.js';
import { detectStackSetDrift } from '../stack-set/stack-set-drift.js';
import type { Operation, StackSet } from '../stack-set/stack-set-model.js';
import { requestOperation, type StackExists } from '../stack-set/stack-set-requests.js';
import {
  SIMULATED_INSTALLATION,
  type SimulationResult,
  type StageProgress,
  simulateRollout,
} from './simulated-rollout.js';
import { SimulationClock } from './simulation-clock.js';

/** Hooks into a simulated operation's run (what a user does meanwhile). */
export interface OperationHooks {
  /** After each stage (or STRICT round) is recorded. */
  onStage?: (progress: StageProgress, operation: Operation) => Promise<void> | void;
  /** Before each call of a task function (e.g. to stop an operation while targets are in flight). */
  onTaskCall?: (task: string, operation: Operation) => Promise<void> | void;
}

/** One operation's run. */
export interface SimulatedOperationRun {
  operation: Operation;
  /** The deploy machine's run (absent for drift detection, which runs no machine). */
  rollout?: SimulationResult;
}

/**
 * A stack set's life on the simulated estate: the in-memory store, the real machine on asl-local
 * with the real handlers for deploy/delete/import operations, drift detection through the real
 * CloudFormation calls, auto-deployment from Organizations events, and managed execution — a
 * launched operation runs after the one before it ended, as the lease allows.
 */
export class StackSetSimulation {
  readonly clock: SimulationClock;
  readonly estate: SimulatedEstate;
  readonly store = new MemoryStackSetStore();
  readonly runs: SimulatedOperationRun[] = [];
  readonly #launched: { operation: Operation; stackSet: StackSet }[] = [];
  #ids = 0;

  constructor(options: { seed?: number; latencies?: Partial<StackLatencies> } = {}) {
    this.clock = new SimulationClock(Date.parse('2026-01-05T09:00:00.000Z'));
    this.estate = new SimulatedEstate({
      clock: this.clock,
      seed: options.seed ?? 1,
      externalId: SIMULATED_INSTALLATION.externalId,
      ...(options.latencies && { latencies: options.latencies }),
    });
  }

  /** Notifications sent so far. */
  get notifications(): readonly PublishedMessage[] {
    return this.estate.sns.messages;
  }

  /** Managed execution's dependencies: the virtual clock, and a launcher that runs operations in turn. */
  get queue(): QueueDeps {
    const launcher: OperationLauncher = {
      launch: async (operation, stackSet) => {
        this.#launched.push({ operation, stackSet });
      },
    };
    return { nowMs: () => this.clock.now(), launcher };
  }

  /** A unique, sortable suffix for operation ids. */
  nextIdSuffix(): string {
    return `sim${String(++this.#ids).padStart(4, '0')}`;
  }

  /** Whether a stack exists in the estate (import's check, through the estate's CloudFormation). */
  readonly stackExists: StackExists = async (account, region, stackName) =>
    this.estate.cloudFormation.stack(account, region, stackName) !== undefined;

  /** Asks for an operation (as the CLI does) and starts it if the stack set is free. */
  async request(stackSetName: string, request: unknown): Promise<Operation> {
    const operation = await requestOperation(this.store, stackSetName, request, {
      nowMs: this.clock.now(),
      idSuffix: this.nextIdSuffix(),
      stackExists: this.stackExists,
    });
    await startNextOperation(this.store, stackSetName, this.queue);
    return operation;
  }

  /** Delivers an Organizations event to auto-deployment (as the EventBridge rule does). */
  async deliver(event: unknown): Promise<AutoDeploymentOutcome> {
    return this.#installed(() =>
      handleOrganizationsEvent(event, {
        ...this.queue,
        store: this.store,
        organization: this.#organizationLookup(),
        idSuffix: () => this.nextIdSuffix(),
      }),
    );
  }

  /** Runs launched operations, one after another, until none is left. */
  async runUntilIdle(hooks: OperationHooks = {}): Promise<SimulatedOperationRun[]> {
    const ran: SimulatedOperationRun[] = [];
    for (let next = this.#launched.shift(); next; next = this.#launched.shift()) {
      const { operation, stackSet } = next;
      let run: SimulatedOperationRun;
      if (operation.action === 'DETECT_DRIFT') {
        await this.#installed(() =>
          detectStackSetDrift(
            this.store,
            { name: stackSet.name, operationId: operation.operationId },
            this.#driftDeps(),
          ),
        );
        run = { operation };
      } else {
        const rollout = await simulateRollout({
          estate: this.estate,
          rawInput: rolloutInputFor(stackSet, operation),
          executionName: operation.operationId,
          stackSets: { store: this.store, queue: this.queue },
          ...(hooks.onStage && { onStage: (p: StageProgress) => hooks.onStage?.(p, operation) }),
          ...(hooks.onTaskCall && { onTaskCall: (task: string) => hooks.onTaskCall?.(task, operation) }),
        });
        run = { operation, rollout };
      }
      const finished = await this.store.getOperation(stackSet.name, operation.operationId);
      run = { ...run, operation: finished ?? operation };
      ran.push(run);
      this.runs.push(run);
    }
    return ran;
  }

  #driftDeps() {
    const clock = this.clock;
    return {
      ...this.queue,
      clients: this.estate.clients,
      clock,
      logger: tasks.createSilentLogger(),
      assumeRole: tasks.createAssumeRole(this.estate.clients, clock),
      // Waiting moves the virtual clock: detection runs take their simulated time.
      sleep: async (ms: number) => clock.follow(clock.now() + ms),
      deployRole: {
        roleName: SIMULATED_INSTALLATION.deployRoleName,
        externalId: SIMULATED_INSTALLATION.externalId,
      },
    };
  }

  /** ListParents through the management account's lister role, as the auto-deployment function does. */
  #organizationLookup(): OrganizationLookup {
    return createOrganizationLookup({
      clients: this.estate.clients,
      clock: this.clock,
      managementRole: {
        roleArn: SIMULATED_INSTALLATION.managementRoleArn,
        externalId: SIMULATED_INSTALLATION.externalId,
      },
      region: SIMULATED_INSTALLATION.region,
    });
  }

  async #installed<T>(run: () => Promise<T>): Promise<T> {
    this.estate.install();
    try {
      return await run();
    } finally {
      this.estate.uninstall();
    }
  }
}
