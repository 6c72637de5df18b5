import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import { setOwn } from '../paths/own-property.js';

/**
 * Workflow variables of one scope. A Map iteration or Parallel branch gets a child scope: it reads
 * the outer variables but its assignments stay local (AWS: inner scopes cannot assign outer ones).
 */
export class VariableScope {
  // Created on first assignment: most Map iterations never assign.
  private own: Map<string, JsonValue> | undefined;

  constructor(private readonly parent: VariableScope | null = null) {}

  /** The value of `name` in this scope or the nearest outer one, or undefined. */
  get(name: string): JsonValue | undefined {
    const v = this.own?.get(name);
    if (v !== undefined) return v;
    return this.parent?.get(name);
  }

  /** Assigns all values at once (Assign semantics: every expression saw the values before it). */
  assign(values: Record<string, JsonValue>): void {
    this.own ??= new Map();
    for (const [k, v] of Object.entries(values)) this.own.set(k, v);
  }

  /** A child scope that reads this one. */
  child(): VariableScope {
    return new VariableScope(this);
  }

  /** Every visible variable, inner names shadowing outer ones (for JSONata bindings). */
  toRecord(): Record<string, JsonValue> {
    const base = this.parent ? this.parent.toRecord() : {};
    if (this.own) for (const [k, v] of this.own) setOwn(base, k, v);
    return base;
  }

  /** True when no variable is visible (lets JSONata skip building bindings). */
  get isEmpty(): boolean {
    return (this.own === undefined || this.own.size === 0) && (this.parent === null || this.parent.isEmpty);
  }
}
