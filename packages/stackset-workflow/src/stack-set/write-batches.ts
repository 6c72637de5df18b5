import { itemBytes, MAX_ITEM_BYTES } from './item-size.js';
import type { StoredItem } from './table-items.js';

/**
 * BatchWriteItem's limits: at most 25 put or delete requests and 16 MB per call, each item at most
 * 400 KB.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 */
export const BATCH_WRITE_LIMITS = { items: 25, bytes: 16 * 1024 * 1024 } as const;

/** One request of a batch: put an item, or delete the item with a key (and its known size). */
export type BatchRequest = { put: StoredItem } | { delete: StoredItem };

/**
 * Splits write requests into BatchWriteItem calls within its limits (25 requests, 16 MB). A key
 * written twice in one call is refused by DynamoDB, so a later request for the same key starts a
 * new call.
 * @throws naming the item when one is larger than DynamoDB's 400 KB item limit
 */
export function writeBatches(requests: readonly BatchRequest[]): BatchRequest[][] {
  const batches: BatchRequest[][] = [];
  let current: BatchRequest[] = [];
  let bytes = 0;
  let keys = new Set<string>();
  for (const request of requests) {
    const item = 'put' in request ? request.put : request.delete;
    const size = 'put' in request ? itemBytes(item) : 0;
    if (size > MAX_ITEM_BYTES) {
      throw new Error(`item ${item.PK} / ${item.SK} is ${size} bytes, over DynamoDB's 400 KB item limit`);
    }
    const key = `${item.PK}\u0000${item.SK}`;
    if (
      current.length === BATCH_WRITE_LIMITS.items ||
      bytes + size > BATCH_WRITE_LIMITS.bytes ||
      keys.has(key)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
      keys = new Set();
    }
    current.push(request);
    bytes += size;
    keys.add(key);
  }
  if (current.length) batches.push(current);
  return batches;
}
