import { describe, expect, it } from 'vitest';
import { itemBytes, writeUnits } from '../../src/stack-set/item-size.js';
import { BATCH_WRITE_LIMITS, writeBatches } from '../../src/stack-set/write-batches.js';

const put = (sk: string, payload = '') => ({ put: { PK: 'p', SK: sk, payload } });

describe('writeBatches (BatchWriteItem: 25 requests and 16 MB per call, 400 KB per item)', () => {
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
  it('never puts more than 25 requests in a call', () => {
    const batches = writeBatches(Array.from({ length: 101 }, (_, i) => put(`k${i}`)));
    expect(batches.map((b) => b.length)).toEqual([25, 25, 25, 25, 1]);
  });

  it('stays under 16 MB per call even with items near 400 KB (25 of them are 10 MB: the count binds first)', () => {
    const big = 'x'.repeat(399 * 1024);
    const batches = writeBatches(Array.from({ length: 60 }, (_, i) => put(`k${i}`, big)));
    expect(batches.map((b) => b.length)).toEqual([25, 25, 10]);
    for (const batch of batches) {
      const bytes = batch.reduce((n, r) => n + itemBytes('put' in r ? r.put : r.delete), 0);
      expect(bytes).toBeLessThanOrEqual(BATCH_WRITE_LIMITS.bytes);
    }
  });

  it('never sends the same key twice in one call (DynamoDB refuses that batch)', () => {
    const batches = writeBatches([put('a'), put('b'), put('a')]);
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
  });

  it('refuses an item over 400 KB, naming it', () => {
    expect(() => writeBatches([put('huge', 'x'.repeat(401 * 1024))])).toThrow(
      /p \/ huge is \d+ bytes, over DynamoDB's 400 KB/,
    );
  });
});

describe('item size and write units (DynamoDB item sizes and formats)', () => {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
  it('counts names and UTF-8 values, numbers by significant digits, 3 bytes + 1 per element for maps and lists', () => {
    expect(itemBytes({ a: 'xyz' })).toBe(1 + 3);
    expect(itemBytes({ é: 'é' })).toBe(2 + 2);
    expect(itemBytes({ n: 12345 })).toBe(1 + 3 + 1);
    expect(itemBytes({ n: 1200 })).toBe(1 + 1 + 1); // trailing zeros are trimmed
    expect(itemBytes({ b: true, z: null })).toBe(2 + 2);
    expect(itemBytes({ l: ['ab', 'c'] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemBytes({ m: { k: 'v' } })).toBe(1 + 3 + (1 + 1 + 1));
    expect(itemBytes({ m: {} })).toBe(1 + 3);
  });

  it('charges 1 unit per started KB, 2 in a transaction', () => {
    expect(writeUnits(1)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(1025, true)).toBe(4);
  });
});
