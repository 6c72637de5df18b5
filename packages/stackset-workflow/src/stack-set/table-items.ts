import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { z } from 'zod';
import type { ItemValue } from './item-size.js';
import type { InstanceKey } from './stack-set-model.js';

/**
 * The single-table layout of the stack set store. One table, key `PK` (partition) + `SK` (sort):
 *
 * | record | PK | SK |
 * |---|---|---|
 * | stack set | `STACKSETS` | `SET#<name>` |
 * | stack instance | `SS#<name>` | `INST#<account>#<region>` |
 * | operation | `SS#<name>` | `OP#<operationId>` (ids sort by creation time) |
 * | lease | `SS#<name>` | `LEASE` |
 * | operation result | `SS#<name>#OP#<operationId>` | `RES#<account>#<region>` |
 *
 * A stack set's instances and operations are one Query each (`begins_with(SK, …)`); an operation's
 * results live in their own partition so 20,000 of them never crowd the stack set's.
 */
export const TABLE_KEYS = { partition: 'PK', sort: 'SK' } as const;

/** The table's key schema and billing, shared by the SAM template and the tests that create it. */
export const STACK_SET_TABLE_DEFINITION: Required<
  Pick<CreateTableCommandInput, 'AttributeDefinitions' | 'KeySchema' | 'BillingMode'>
> = {
  AttributeDefinitions: [
    { AttributeName: TABLE_KEYS.partition, AttributeType: 'S' },
    { AttributeName: TABLE_KEYS.sort, AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
    { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
  ],
  BillingMode: 'PAY_PER_REQUEST',
};

/** An item's primary key. */
export interface ItemKey {
  PK: string;
  SK: string;
}

export const itemKeys = {
  stackSet: (name: string): ItemKey => ({ PK: 'STACKSETS', SK: `SET#${name}` }),
  stackSetsPartition: 'STACKSETS',
  stackSetPrefix: 'SET#',
  stackSetPartition: (name: string) => `SS#${name}`,
  instance: (stackSetName: string, k: InstanceKey): ItemKey => ({
    PK: `SS#${stackSetName}`,
    SK: `INST#${k.account}#${k.region}`,
  }),
  instancePrefix: 'INST#',
  operation: (stackSetName: string, operationId: string): ItemKey => ({
    PK: `SS#${stackSetName}`,
    SK: `OP#${operationId}`,
  }),
  operationPrefix: 'OP#',
  lease: (stackSetName: string): ItemKey => ({ PK: `SS#${stackSetName}`, SK: 'LEASE' }),
  resultsPartition: (stackSetName: string, operationId: string) => `SS#${stackSetName}#OP#${operationId}`,
  result: (stackSetName: string, operationId: string, k: InstanceKey): ItemKey => ({
    PK: `SS#${stackSetName}#OP#${operationId}`,
    SK: `RES#${k.account}#${k.region}`,
  }),
  resultPrefix: 'RES#',
};

/** The stored item of a record: its key, and the record's own fields as attributes. */
export type StoredItem = ItemKey & { readonly [attribute: string]: ItemValue };

/** Builds the item for a record (undefined fields are left out, as the document client does). */
export function toItem(key: ItemKey, record: object): StoredItem {
  const item: Record<string, ItemValue> = { ...key };
  for (const [name, value] of Object.entries(record))
    if (value !== undefined) item[name] = value as ItemValue;
  return item as StoredItem;
}

/**
 * Reads a record back from its item, through its schema: a malformed item (written by another
 * version, or by hand) is reported with its key instead of flowing on.
 */
export function fromItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>): z.output<S> {
  const { PK, SK, ...record } = item;
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    throw new Error(
      `stack set store item ${String(PK)} / ${String(SK)} is malformed: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
