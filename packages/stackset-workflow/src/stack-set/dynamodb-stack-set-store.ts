import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { itemBytes, writeUnits } from './item-size.js';
import {
  type InstanceKey,
  type Operation,
  type OperationLease,
  OperationLeaseSchema,
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
import { fromItem, type ItemKey, itemKeys, type StoredItem, toItem } from './table-items.js';
import { type BatchRequest, writeBatches } from './write-batches.js';

/** Options of {@link DynamoDbStackSetStore}. */
export interface DynamoDbStackSetStoreOptions {
  /** The table (the SAM template's StackSetTable). */
  tableName: string;
  /** A DynamoDB client (its region, endpoint and credentials are used). */
  client: DynamoDBClient;
  /** Waits between retries of unprocessed batch items. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts of a batch whose items DynamoDB leaves unprocessed (throttled). @default 8 */
  maxBatchAttempts?: number;
}

/**
 * The stack set store on DynamoDB (one table, see `table-items.ts`), through the AWS SDK v3
 * document client. Reads are strongly consistent, so a status written is a status read. Bulk writes
 * go through BatchWriteItem within its limits (25 requests, 16 MB), retrying unprocessed items with
 * exponential backoff and jitter as AWS advises; single-record changes are conditional writes (the
 * stack set's revision, an operation's status, the lease's holder and expiry).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
export class DynamoDbStackSetStore implements StackSetStore {
  readonly metrics: StoreMetrics = { writeUnits: 0, itemWrites: 0, writeRequests: 0 };
  readonly #table: string;
  readonly #doc: DynamoDBDocumentClient;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #maxAttempts: number;

  constructor(options: DynamoDbStackSetStoreOptions) {
    this.#table = options.tableName;
    this.#doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#maxAttempts = options.maxBatchAttempts ?? 8;
  }

  async putStackSet(stackSet: StackSet, options: { expectedRevision: number }): Promise<void> {
    const item = toItem(itemKeys.stackSet(stackSet.name), stackSet);
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ...(options.expectedRevision === 0
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: '#revision = :expected',
                ExpressionAttributeNames: { '#revision': 'revision' },
                ExpressionAttributeValues: { ':expected': options.expectedRevision },
              }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.getStackSet(stackSet.name);
      throw new StackSetConflictError(
        current
          ? `stack set ${stackSet.name} is at revision ${current.revision}, not ${options.expectedRevision}: read it again`
          : `stack set ${stackSet.name} does not exist (expected revision ${options.expectedRevision})`,
      );
    }
    this.#meterOne(item);
  }

  async getStackSet(name: string): Promise<StackSet | undefined> {
    return this.#get(itemKeys.stackSet(name), StackSetSchema);
  }

  async listStackSets(): Promise<StackSet[]> {
    const items = await this.#query(itemKeys.stackSetsPartition, itemKeys.stackSetPrefix);
    return items.map((item) => fromItem(StackSetSchema, item));
  }

  async putInstances(instances: readonly StackInstance[]): Promise<void> {
    await this.#batchWrite(instances.map((i) => ({ put: toItem(itemKeys.instance(i.stackSetName, i), i) })));
  }

  async getInstance(stackSetName: string, key: InstanceKey): Promise<StackInstance | undefined> {
    return this.#get(itemKeys.instance(stackSetName, key), StackInstanceSchema);
  }

  async getInstances(stackSetName: string, keys: readonly InstanceKey[]): Promise<StackInstance[]> {
    const unique = [
      ...new Map(keys.map((k) => [`${k.account}#${k.region}`, itemKeys.instance(stackSetName, k)])).values(),
    ];
    const found: StackInstance[] = [];
    // BatchGetItem takes at most 100 keys per call; unprocessed keys are asked again after a wait.
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Record<string, unknown>[] = unique.slice(i, i + 100).map((k) => ({ ...k }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        const out = await this.#doc.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of out.Responses?.[this.#table] ?? [])
          found.push(fromItem(StackInstanceSchema, item));
        pending = out.UnprocessedKeys?.[this.#table]?.Keys ?? [];
        if (pending.length === 0) break;
        if (attempt >= this.#maxAttempts) {
          throw new Error(
            `DynamoDB left ${pending.length} reads unprocessed after ${attempt} attempts (throttled)`,
          );
        }
        await this.#sleep(Math.random() * Math.min(5_000, 50 * 2 ** attempt));
      }
    }
    return found;
  }

  async listInstances(stackSetName: string): Promise<StackInstance[]> {
    const items = await this.#query(itemKeys.stackSetPartition(stackSetName), itemKeys.instancePrefix);
    // The sort key orders by account then region already (12-digit accounts sort as text).
    return items.map((item) => fromItem(StackInstanceSchema, item));
  }

  async deleteInstances(stackSetName: string, keys: readonly InstanceKey[]): Promise<void> {
    await this.#batchWrite(keys.map((k) => ({ delete: { ...itemKeys.instance(stackSetName, k) } })));
  }

  async createOperation(operation: Operation): Promise<void> {
    const item = toItem(itemKeys.operation(operation.stackSetName, operation.operationId), operation);
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new StackSetConflictError(`operation ${operation.operationId} already exists`);
      }
      throw error;
    }
    this.#meterOne(item);
  }

  async getOperation(stackSetName: string, operationId: string): Promise<Operation | undefined> {
    return this.#get(itemKeys.operation(stackSetName, operationId), OperationSchema);
  }

  async listOperations(stackSetName: string): Promise<Operation[]> {
    const items = await this.#query(itemKeys.stackSetPartition(stackSetName), itemKeys.operationPrefix);
    return items.map((item) => fromItem(OperationSchema, item));
  }

  async transitionOperation(
    stackSetName: string,
    operationId: string,
    from: readonly OperationStatus[],
    change: OperationChange,
  ): Promise<Operation> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [i, [field, value]] of Object.entries(change).entries()) {
      if (value === undefined) continue;
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      sets.push(`#f${i} = :v${i}`);
    }
    names['#status'] = 'status';
    const allowed = from.map((status, i) => {
      values[`:from${i}`] = status;
      return `:from${i}`;
    });
    try {
      const out = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKeys.operation(stackSetName, operationId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `attribute_exists(PK) AND #status IN (${allowed.join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = out.Attributes as StoredItem;
      this.#meterOne(item);
      return fromItem(OperationSchema, item);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.getOperation(stackSetName, operationId);
      throw new OperationStatusConflictError(operationId, current?.status, from);
    }
  }

  async recordResults(stackSetName: string, operationId: string, update: ResultsUpdate): Promise<void> {
    await this.#batchWrite([
      ...update.results.map((r) => ({ put: toItem(itemKeys.result(stackSetName, operationId, r), r) })),
      ...(update.instances ?? []).map((i) => ({ put: toItem(itemKeys.instance(stackSetName, i), i) })),
      ...(update.deletedInstances ?? []).map((k) => ({ delete: { ...itemKeys.instance(stackSetName, k) } })),
    ]);
  }

  async listResults(stackSetName: string, operationId: string): Promise<OperationResult[]> {
    const items = await this.#query(
      itemKeys.resultsPartition(stackSetName, operationId),
      itemKeys.resultPrefix,
    );
    return items.map((item) => fromItem(OperationResultSchema, item));
  }

  async acquireLease(stackSetName: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const lease: OperationLease = {
      stackSetName,
      holder,
      acquiredAt: new Date(nowMs).toISOString(),
      expiresAtMs: nowMs + ttlMs,
    };
    const item = toItem(itemKeys.lease(stackSetName), lease);
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          // Free, expired (its holder crashed or stalled), or already ours: only one caller can win.
          ConditionExpression: 'attribute_not_exists(PK) OR #holder = :holder OR #expires <= :now',
          ExpressionAttributeNames: { '#holder': 'holder', '#expires': 'expiresAtMs' },
          ExpressionAttributeValues: { ':holder': holder, ':now': nowMs },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    this.#meterOne(item);
    return true;
  }

  async releaseLease(stackSetName: string, holder: string): Promise<boolean> {
    const key = itemKeys.lease(stackSetName);
    try {
      await this.#doc.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: key,
          ConditionExpression: '#holder = :holder',
          ExpressionAttributeNames: { '#holder': 'holder' },
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    this.#meterOne(key as StoredItem);
    return true;
  }

  async getLease(stackSetName: string): Promise<OperationLease | undefined> {
    return this.#get(itemKeys.lease(stackSetName), OperationLeaseSchema);
  }

  async #get<S extends z.ZodType>(key: ItemKey, schema: S): Promise<z.output<S> | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
    );
    return out.Item ? fromItem(schema, out.Item) : undefined;
  }

  /** Every item of a partition whose sort key starts with `prefix`, following LastEvaluatedKey. */
  async #query(partition: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
          ConsistentRead: true,
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * BatchWriteItem in calls of ≤ 25 requests and ≤ 16 MB; items DynamoDB returns unprocessed
   * (throttling) are sent again after an exponential, jittered wait.
   * @throws naming how many items stayed unprocessed after the last attempt
   */
  async #batchWrite(requests: BatchRequest[]): Promise<void> {
    for (const batch of writeBatches(requests)) {
      let pending: WriteRequest[] = batch.map((r) =>
        'put' in r
          ? { PutRequest: { Item: r.put } }
          : { DeleteRequest: { Key: { PK: r.delete.PK, SK: r.delete.SK } } },
      );
      for (let attempt = 1; pending.length > 0; attempt++) {
        const out = await this.#doc.send(new BatchWriteCommand({ RequestItems: { [this.#table]: pending } }));
        const unprocessed = (out.UnprocessedItems?.[this.#table] ?? []) as typeof pending;
        this.#meter(unitsOf(pending) - unitsOf(unprocessed), pending.length - unprocessed.length, 1);
        if (unprocessed.length === 0) break;
        if (attempt >= this.#maxAttempts) {
          throw new Error(
            `DynamoDB left ${unprocessed.length} of ${batch.length} writes unprocessed after ${attempt} attempts (throttled): retry the operation`,
          );
        }
        await this.#sleep(Math.random() * Math.min(5_000, 50 * 2 ** attempt));
        pending = unprocessed;
      }
    }
  }

  #meterOne(item: StoredItem): void {
    this.#meter(writeUnits(itemBytes(item)), 1, 1);
  }

  #meter(units: number, items: number, requests: number): void {
    this.metrics.writeUnits += units;
    this.metrics.itemWrites += items;
    this.metrics.writeRequests += requests;
  }
}

/** A BatchWriteItem request as the document client sends it. */
type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/** Write units of batch requests (a delete is metered by its key: instances are under 1 KB anyway). */
function unitsOf(requests: readonly WriteRequest[]): number {
  let units = 0;
  for (const r of requests) {
    const item = 'PutRequest' in r ? r.PutRequest.Item : r.DeleteRequest.Key;
    units += writeUnits(itemBytes(item as StoredItem));
  }
  return units;
}
