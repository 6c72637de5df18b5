import type { JsonValue } from '@stackset-lite/asl-dsl/model';

/**
 * Workflow variables of one scope. A Map iteration or Parallel branch gets a child scope: it reads
 * the outer variables but its assignments stay local (AWS: inner scopes cannot assign outer ones).
 */
export class VariableScope {
  private readonly own = new Map<string, JsonValue>();

  constructor(private readonly parent: VariableScope | null = null) {}

  /** The value of `name` in this scope or the nearest outer one, or undefined. */
  get(name: string): JsonValue | undefined {
    const v = this.own.get(name);
    if (v !== undefined) return v;
    return this.parent?.get(name);
  }

  /** Assigns all values at once (Assign semantics: every expression saw the values before it). */
  assign(values: Record<string, JsonValue>): void {
    for (const [k, v] of Object.entries(values)) this.own.set(k, v);
  }

  /** A child scope that reads this one. */
  child(): VariableScope {
    return new VariableScope(this);
  }

  /** Every visible variable, inner names shadowing outer ones (for JSONata bindings). */
  toRecord(): Record<string, JsonValue> {
    const base = this.parent ? this.parent.toRecord() : {};
    for (const [k, v] of this.own) base[k] = v;
    return base;
  }

  /** True when no variable is visible (lets JSONata skip building bindings). */
  get isEmpty(): boolean {
    return this.own.size === 0 && (this.parent === null || this.parent.isEmpty);
  }
}
