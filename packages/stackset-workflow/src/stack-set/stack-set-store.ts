import type {
  InstanceKey,
  Operation,
  OperationLease,
  OperationResult,
  OperationStatus,
  StackInstance,
  StackSet,
} from './stack-set-model.js';

/**
 * Where stack sets, their instances and their operations live between executions: DynamoDB in AWS
 * ({@link DynamoDbStackSetStore}), memory in `simulate` and unit tests ({@link MemoryStackSetStore}).
 * Both pass the same contract tests. Every method's writes are all-or-nothing per record; bulk writes
 * (instances, results) are batched.
 */
/** Targets' results of an operation and the instances they changed (replaced, or deleted when listed). */
export interface ResultsUpdate {
  results: readonly OperationResult[];
  instances?: readonly StackInstance[];
  deletedInstances?: readonly InstanceKey[];
}

export interface StackSetStore {
  /**
   * Creates or replaces a stack set. `expectedRevision`: the revision the caller read (`0`: the stack
   * set must not exist yet); anything else in the store refuses the write with
   * {@link StackSetConflictError}, so two writers never silently overwrite each other.
   */
  putStackSet(stackSet: StackSet, options: { expectedRevision: number }): Promise<void>;
  getStackSet(name: string): Promise<StackSet | undefined>;
  listStackSets(): Promise<StackSet[]>;

  /** Writes instances (batched; each replaces the instance with the same account × region). */
  putInstances(instances: readonly StackInstance[]): Promise<void>;
  getInstance(stackSetName: string, key: InstanceKey): Promise<StackInstance | undefined>;
  /** The instances with these keys that exist (batched reads), in no particular order. */
  getInstances(stackSetName: string, keys: readonly InstanceKey[]): Promise<StackInstance[]>;
  /** Every instance of the stack set, by account then region. */
  listInstances(stackSetName: string): Promise<StackInstance[]>;
  /** Removes instances (batched); absent ones are ignored. */
  deleteInstances(stackSetName: string, keys: readonly InstanceKey[]): Promise<void>;

  /** Records a new operation. @throws StackSetConflictError when its id exists */
  createOperation(operation: Operation): Promise<void>;
  getOperation(stackSetName: string, operationId: string): Promise<Operation | undefined>;
  /** The stack set's operations, oldest first. */
  listOperations(stackSetName: string): Promise<Operation[]>;
  /**
   * Changes an operation's status (and the given fields) only if its status is one of `from`.
   * @returns the operation after the change
   * @throws OperationStatusConflictError naming the status it has instead
   */
  transitionOperation(
    stackSetName: string,
    operationId: string,
    from: readonly OperationStatus[],
    change: OperationChange,
  ): Promise<Operation>;

  /**
   * Records targets' results of an operation and the instances they changed, in one batched write
   * (instances replaced, or deleted when listed in `deletedInstances`).
   */
  recordResults(stackSetName: string, operationId: string, update: ResultsUpdate): Promise<void>;
  /** An operation's results, by account then region. */
  listResults(stackSetName: string, operationId: string): Promise<OperationResult[]>;

  /**
   * Takes the stack set's lease for `holder` until `nowMs + ttlMs`, if nobody holds it, it expired,
   * or `holder` already holds it (then it is renewed). A conditional write: two callers never both win.
   * @returns whether `holder` now holds the lease
   */
  acquireLease(stackSetName: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `holder` still holds it. @returns whether it did */
  releaseLease(stackSetName: string, holder: string): Promise<boolean>;
  getLease(stackSetName: string): Promise<OperationLease | undefined>;

  /** What this store's writes have cost so far, in DynamoDB write request units. */
  readonly metrics: StoreMetrics;
}

/** The fields {@link StackSetStore.transitionOperation} may change. */
export type OperationChange = Partial<
  Pick<Operation, 'status' | 'statusReason' | 'startTimestamp' | 'endTimestamp' | 'executionName' | 'counts'>
> & { status: OperationStatus };

/** Write cost counters (DynamoDB write request units, as on-demand billing counts them). */
export interface StoreMetrics {
  /** Write request units: 1 per KB of each item written or deleted, 2 per KB in a transaction. */
  writeUnits: number;
  /** Items written or deleted. */
  itemWrites: number;
  /** Write requests sent (a BatchWriteItem of 25 items is one). */
  writeRequests: number;
}

/** A conditional write lost: the record changed (or exists) since the caller read it. */
export class StackSetConflictError extends Error {
  override readonly name = 'StackSetConflict';
}

/** An operation is not in a status the requested change allows. */
export class OperationStatusConflictError extends Error {
  override readonly name = 'OperationStatusConflict';
  constructor(
    readonly operationId: string,
    readonly actual: OperationStatus | undefined,
    readonly expected: readonly OperationStatus[],
  ) {
    super(
      actual === undefined
        ? `operation ${operationId} does not exist`
        : `operation ${operationId} is ${actual}, not ${expected.join(' or ')}`,
    );
  }
}
