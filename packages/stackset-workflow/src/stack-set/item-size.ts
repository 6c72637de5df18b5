/**
 * DynamoDB's item size and write cost, by the rules of "DynamoDB item sizes and formats": strings and
 * attribute names count their UTF-8 bytes, numbers 1 byte per two significant digits plus 1, booleans
 * and null 1 byte, lists and maps 3 bytes plus 1 byte per element. A write costs 1 write request unit
 * per started KB of the item (2 inside a transaction); a delete costs what the deleted item weighs.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 */

/** A DynamoDB item as the document client writes it (plain JavaScript values). */
export type ItemValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly ItemValue[]
  | { readonly [key: string]: ItemValue };

/** The largest item DynamoDB stores (400 KB). */
export const MAX_ITEM_BYTES = 400 * 1024;

function numberBytes(n: number): number {
  const digits = String(Math.abs(n))
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

function valueBytes(value: ItemValue): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return numberBytes(value);
  if (value === undefined) return 0;
  if (Array.isArray(value)) {
    let size = 3;
    for (const element of value as readonly ItemValue[]) size += 1 + valueBytes(element);
    return size;
  }
  let size = 3;
  for (const [name, element] of Object.entries(value)) {
    if (element === undefined) continue; // the document client drops undefined members
    size += 1 + Buffer.byteLength(name, 'utf8') + valueBytes(element);
  }
  return size;
}

/** The item's size in bytes as DynamoDB counts it. */
export function itemBytes(item: { readonly [key: string]: ItemValue }): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8') + valueBytes(value);
  }
  return size;
}

/** Write request units for writing (or deleting) an item of `bytes`: 1 per started KB, ×2 in a transaction. */
export function writeUnits(bytes: number, transactional = false): number {
  return Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
}
