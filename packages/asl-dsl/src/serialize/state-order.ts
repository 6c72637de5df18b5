/**
 * The order in which the states of one graph are written: the order a reader follows them.
 *
 * Starting at `StartAt`, depth-first, each state's successors are taken in the order Next, each
 * Choice rule's Next, Default, then each Catch's Next, so the happy path reads top to bottom and
 * error handlers follow. States nothing reaches (an invalid machine, still serialized faithfully)
 * come last in UTF-16 code-unit order. The order depends only on the graph, not on the order the
 * `States` object was filled in.
 * @module
 */

/** Names of the states a state may transition to, in canonical order. */
function successors(state: unknown): string[] {
  if (state === null || typeof state !== 'object') return [];
  const s = state as Record<string, unknown>;
  const next: string[] = [];
  if (typeof s.Next === 'string') next.push(s.Next);
  if (Array.isArray(s.Choices)) {
    for (const rule of s.Choices) {
      if (rule !== null && typeof rule === 'object' && typeof rule.Next === 'string') next.push(rule.Next);
    }
  }
  if (typeof s.Default === 'string') next.push(s.Default);
  if (Array.isArray(s.Catch)) {
    for (const catcher of s.Catch) {
      if (catcher !== null && typeof catcher === 'object' && typeof catcher.Next === 'string') {
        next.push(catcher.Next);
      }
    }
  }
  return next;
}

/**
 * The state names of one graph (`States` plus `StartAt`) in canonical writing order; every name of
 * `states` appears exactly once.
 */
export function stateOrder(startAt: unknown, states: Readonly<Record<string, unknown>>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const has = (name: string) => Object.hasOwn(states, name);
  // Iterative so that a 10,000-state chain cannot overflow the call stack.
  const stack: string[] = typeof startAt === 'string' ? [startAt] : [];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name) || !has(name)) continue;
    seen.add(name);
    order.push(name);
    const next = successors(states[name]);
    for (let i = next.length - 1; i >= 0; i--) {
      const target = next[i] as string;
      if (!seen.has(target)) stack.push(target);
    }
  }
  if (order.length < Object.keys(states).length) {
    const rest = Object.keys(states)
      .filter((name) => !seen.has(name))
      .sort(compareCodeUnits);
    order.push(...rest);
  }
  return order;
}

/** Compares two strings by UTF-16 code units: locale-independent, so output is the same everywhere. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
