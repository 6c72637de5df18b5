import { pointerTo } from './json-pointer.js';

/**
 * What a rule does at the leaves of a payload (a Parameters template, a JSONata value, a Pass
 * Result). The walk itself (arrays by index, objects by key, JSON pointers) is the same for all.
 * Visitors are made once per validation run, so the walk allocates nothing but pointers.
 */
export interface PayloadVisitor {
  /**
   * A string in the payload. `key` is its member name when it is an object member's value;
   * `undefined` for the root value and array elements.
   */
  visitString(text: string, location: string, key: string | undefined): void;
  /** A member whose name ends in `.$`. Returns true to walk on into its value. */
  visitDollarField(key: string, value: unknown, location: string): boolean;
}

/** Walks a JSON value depth first, handing strings and `.$` members to the visitor. */
export function walkPayload(value: unknown, location: string, visitor: PayloadVisitor, key?: string): void {
  if (typeof value === 'string') {
    visitor.visitString(value, location, key);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walkPayload(value[i], pointerTo(location, i), visitor);
    return;
  }
  const members = value as Record<string, unknown>;
  for (const member in members) {
    const child = members[member];
    const childLocation = pointerTo(location, member);
    if (member.endsWith('.$') && !visitor.visitDollarField(member, child, childLocation)) continue;
    walkPayload(child, childLocation, visitor, member);
  }
}
