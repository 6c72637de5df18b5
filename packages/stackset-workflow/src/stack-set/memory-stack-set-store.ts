import { itemBytes, writeUnits } from './item-size.js';
import {
  type InstanceKey,
  instanceKey,
  type Operation,
  type OperationLease,
  type OperationResult,
  OperationResultSchema,
  OperationSchema,
  type OperationStatus,
  type StackInstance,
  StackInstanceSchema,
  type StackSet,
  StackSetSchema,
} from './stack-set-model.js';
import {
  type OperationChange,
  OperationStatusConflictError,
  type ResultsUpdate,
  StackSetConflictError,
  type StackSetStore,
  type StoreMetrics,
} from './stack-set-store.js';
import { itemKeys, toItem } from './table-items.js';
import { type BatchRequest, writeBatches } from './write-batches.js';

const byAccountThenRegion = (a: InstanceKey, b: InstanceKey) =>
  a.account === b.account ? a.region.localeCompare(b.region) : a.account.localeCompare(b.account);

/**
 * The stack set store in memory, for `simulate` and unit tests. It checks every record it is given
 * against its schema (as the DynamoDB store checks what it reads back) and keeps copies (what a caller
 * holds never changes the store) and meters its writes as the DynamoDB store's items would cost, so the
 * simulation reports what the same run would write to DynamoDB.
 */
export class MemoryStackSetStore implements StackSetStore {
  readonly metrics: StoreMetrics = { writeUnits: 0, itemWrites: 0, writeRequests: 0 };
  readonly #stackSets = new Map<string, StackSet>();
  readonly #instances = new Map<string, Map<string, StackInstance>>();
  readonly #operations = new Map<string, Map<string, Operation>>();
  readonly #results = new Map<string, Map<string, OperationResult>>();
  readonly #leases = new Map<string, OperationLease>();

  async putStackSet(stackSet: StackSet, options: { expectedRevision: number }): Promise<void> {
    const current = this.#stackSets.get(stackSet.name);
    if ((current?.revision ?? 0) !== options.expectedRevision) {
      throw new StackSetConflictError(
        current
          ? `stack set ${stackSet.name} is at revision ${current.revision}, not ${options.expectedRevision}: read it again`
          : `stack set ${stackSet.name} does not exist (expected revision ${options.expectedRevision})`,
      );
    }
    this.#meterOne(toItem(itemKeys.stackSet(stackSet.name), stackSet));
    this.#stackSets.set(stackSet.name, StackSetSchema.parse(stackSet));
  }

  async getStackSet(name: string): Promise<StackSet | undefined> {
    const found = this.#stackSets.get(name);
    return found && structuredClone(found);
  }

  async listStackSets(): Promise<StackSet[]> {
    return [...this.#stackSets.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => structuredClone(s));
  }

  async putInstances(instances: readonly StackInstance[]): Promise<void> {
    this.#meterBatches(instances.map((i) => ({ put: toItem(itemKeys.instance(i.stackSetName, i), i) })));
    const parsed = instances.map((i) => StackInstanceSchema.parse(i));
    for (const i of parsed) this.#instancesOf(i.stackSetName).set(instanceKey(i), i);
  }

  async getInstance(stackSetName: string, key: InstanceKey): Promise<StackInstance | undefined> {
    const found = this.#instances.get(stackSetName)?.get(instanceKey(key));
    return found && structuredClone(found);
  }

  async getInstances(stackSetName: string, keys: readonly InstanceKey[]): Promise<StackInstance[]> {
    const instances = this.#instances.get(stackSetName);
    const found: StackInstance[] = [];
    for (const k of new Set(keys.map(instanceKey))) {
      const instance = instances?.get(k);
      if (instance) found.push(structuredClone(instance));
    }
    return found;
  }

  async listInstances(stackSetName: string): Promise<StackInstance[]> {
    return [...(this.#instances.get(stackSetName)?.values() ?? [])]
      .sort(byAccountThenRegion)
      .map((i) => structuredClone(i));
  }

  async deleteInstances(stackSetName: string, keys: readonly InstanceKey[]): Promise<void> {
    const instances = this.#instancesOf(stackSetName);
    this.#meterBatches(keys.map((k) => ({ delete: this.#deletedItem(stackSetName, k) })));
    for (const k of keys) instances.delete(instanceKey(k));
  }

  async createOperation(operation: Operation): Promise<void> {
    const operations = this.#operationsOf(operation.stackSetName);
    if (operations.has(operation.operationId)) {
      throw new StackSetConflictError(`operation ${operation.operationId} already exists`);
    }
    this.#meterOne(toItem(itemKeys.operation(operation.stackSetName, operation.operationId), operation));
    operations.set(operation.operationId, OperationSchema.parse(operation));
  }

  async getOperation(stackSetName: string, operationId: string): Promise<Operation | undefined> {
    const found = this.#operations.get(stackSetName)?.get(operationId);
    return found && structuredClone(found);
  }

  async listOperations(stackSetName: string): Promise<Operation[]> {
    return [...(this.#operations.get(stackSetName)?.values() ?? [])]
      .sort((a, b) => (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0))
      .map((o) => structuredClone(o));
  }

  async transitionOperation(
    stackSetName: string,
    operationId: string,
    from: readonly OperationStatus[],
    change: OperationChange,
  ): Promise<Operation> {
    const current = this.#operations.get(stackSetName)?.get(operationId);
    if (!current || !from.includes(current.status)) {
      throw new OperationStatusConflictError(operationId, current?.status, from);
    }
    const next = OperationSchema.parse({ ...current, ...change });
    const key = itemKeys.operation(stackSetName, operationId);
    // UpdateItem costs the larger of the item before and after the update.
    const bytes = Math.max(itemBytes(toItem(key, current)), itemBytes(toItem(key, next)));
    this.#meter(writeUnits(bytes), 1, 1);
    this.#operationsOf(stackSetName).set(operationId, next);
    return structuredClone(next);
  }

  async recordResults(stackSetName: string, operationId: string, update: ResultsUpdate): Promise<void> {
    this.#meterBatches([
      ...update.results.map((r) => ({ put: toItem(itemKeys.result(stackSetName, operationId, r), r) })),
      ...(update.instances ?? []).map((i) => ({ put: toItem(itemKeys.instance(stackSetName, i), i) })),
      ...(update.deletedInstances ?? []).map((k) => ({ delete: this.#deletedItem(stackSetName, k) })),
    ]);
    const results = this.#results.get(`${stackSetName}#${operationId}`) ?? new Map<string, OperationResult>();
    this.#results.set(`${stackSetName}#${operationId}`, results);
    for (const r of update.results) results.set(instanceKey(r), OperationResultSchema.parse(r));
    const instances = this.#instancesOf(stackSetName);
    for (const i of update.instances ?? []) instances.set(instanceKey(i), StackInstanceSchema.parse(i));
    for (const k of update.deletedInstances ?? []) instances.delete(instanceKey(k));
  }

  async listResults(stackSetName: string, operationId: string): Promise<OperationResult[]> {
    return [...(this.#results.get(`${stackSetName}#${operationId}`)?.values() ?? [])]
      .sort(byAccountThenRegion)
      .map((r) => structuredClone(r));
  }

  async acquireLease(stackSetName: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const current = this.#leases.get(stackSetName);
    if (current && current.holder !== holder && current.expiresAtMs > nowMs) return false;
    const lease: OperationLease = {
      stackSetName,
      holder,
      acquiredAt: new Date(nowMs).toISOString(),
      expiresAtMs: nowMs + ttlMs,
    };
    this.#meterOne(toItem(itemKeys.lease(stackSetName), lease));
    this.#leases.set(stackSetName, lease);
    return true;
  }

  async releaseLease(stackSetName: string, holder: string): Promise<boolean> {
    const current = this.#leases.get(stackSetName);
    if (current?.holder !== holder) return false;
    this.#meterOne(toItem(itemKeys.lease(stackSetName), current));
    this.#leases.delete(stackSetName);
    return true;
  }

  async getLease(stackSetName: string): Promise<OperationLease | undefined> {
    const found = this.#leases.get(stackSetName);
    return found && structuredClone(found);
  }

  #instancesOf(stackSetName: string): Map<string, StackInstance> {
    let instances = this.#instances.get(stackSetName);
    if (!instances) {
      instances = new Map();
      this.#instances.set(stackSetName, instances);
    }
    return instances;
  }

  #operationsOf(stackSetName: string): Map<string, Operation> {
    let operations = this.#operations.get(stackSetName);
    if (!operations) {
      operations = new Map();
      this.#operations.set(stackSetName, operations);
    }
    return operations;
  }

  /** A deleted instance's item (its size is what the delete costs; a missing one costs 1 unit). */
  #deletedItem(stackSetName: string, k: InstanceKey) {
    const existing = this.#instances.get(stackSetName)?.get(instanceKey(k));
    return toItem(itemKeys.instance(stackSetName, k), existing ?? {});
  }

  #meterOne(item: ReturnType<typeof toItem>): void {
    this.#meter(writeUnits(itemBytes(item)), 1, 1);
  }

  #meterBatches(requests: BatchRequest[]): void {
    for (const batch of writeBatches(requests)) {
      let units = 0;
      for (const r of batch) units += writeUnits(itemBytes('put' in r ? r.put : r.delete));
      this.#meter(units, batch.length, 1);
    }
  }

  #meter(units: number, items: number, requests: number): void {
    this.metrics.writeUnits += units;
    this.metrics.itemWrites += items;
    this.metrics.writeRequests += requests;
  }
}
