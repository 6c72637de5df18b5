import type { JsonValue } from '@stackset-lite/asl-dsl/model';

/** ItemBatcher settings after evaluation. */
export interface BatchSettings {
  maxItems: number | undefined;
  maxBytes: number | undefined;
  batchInput: JsonValue | undefined;
}

/**
 * Groups items into batches of at most `maxItems` items and `maxBytes` bytes of JSON; each batch
 * becomes `{BatchInput?, Items}` for one child execution.
 */
export function batchItems(items: JsonValue[], s: BatchSettings): JsonValue[] {
  const out: JsonValue[] = [];
  let cur: JsonValue[] = [];
  let bytes = 0;
  const flush = () => {
    if (cur.length === 0) return;
    out.push(s.batchInput === undefined ? { Items: cur } : { BatchInput: s.batchInput, Items: cur });
    cur = [];
    bytes = 0;
  };
  for (const item of items) {
    const size = s.maxBytes === undefined ? 0 : Buffer.byteLength(JSON.stringify(item));
    if (
      (s.maxItems !== undefined && cur.length >= s.maxItems) ||
      (s.maxBytes !== undefined && cur.length > 0 && bytes + size > s.maxBytes)
    ) {
      flush();
    }
    cur.push(item);
    bytes += size;
  }
  flush();
  return out;
}
