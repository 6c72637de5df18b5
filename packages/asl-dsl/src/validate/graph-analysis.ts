import type { Diagnostic } from './diagnostic.js';
import type { GraphInfo, StateInfo } from './state-graph-info.js';

/**
 * Whole-graph checks of one state graph: MISSING_END_STATE, UNREACHABLE_STATE and
 * LOOP_WITHOUT_WAIT (a cycle with no Wait and no callback/job task spins as fast as it can, burning
 * state transitions and the 25,000-event history).
 */
export function analyseGraph(graph: GraphInfo, out: Diagnostic[]): void {
  const { states } = graph;
  if (states.size === 0) return;
  let hasTerminal = false;
  for (const state of states.values()) {
    if (state.terminal) {
      hasTerminal = true;
      break;
    }
  }
  if (!hasTerminal) {
    out.push({
      code: 'MISSING_END_STATE',
      severity: 'ERROR',
      message: 'no state ends the workflow (End: true, Succeed or Fail)',
      location: `${graph.location}/States`,
    });
  }
  if (graph.startAt === undefined || !states.has(graph.startAt)) return;

  const reached = new Set<string>([graph.startAt]);
  const stack = [graph.startAt];
  while (stack.length > 0) {
    const state = states.get(stack.pop() as string);
    if (!state) continue;
    for (const edge of state.edges) {
      if (!reached.has(edge.target) && states.has(edge.target)) {
        reached.add(edge.target);
        stack.push(edge.target);
      }
    }
  }
  if (reached.size !== states.size) {
    for (const state of states.values()) {
      if (!reached.has(state.name)) {
        out.push({
          code: 'UNREACHABLE_STATE',
          severity: 'ERROR',
          message: `state '${state.name}' cannot be reached from StartAt '${graph.startAt}'`,
          location: state.location,
        });
      }
    }
  }
  for (const cycle of cyclesOf(states)) {
    if (cycle.some((s) => s.pauses)) continue;
    const first = cycle[0] as StateInfo;
    out.push({
      code: 'LOOP_WITHOUT_WAIT',
      severity: 'WARNING',
      message: `loop ${cycle.map((s) => `'${s.name}'`).join(' → ')} has no Wait state: it spins and burns state transitions`,
      location: first.location,
    });
  }
}

/** Strongly connected components with a cycle (Tarjan, iterative), states in definition order. */
function cyclesOf(states: Map<string, StateInfo>): StateInfo[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: StateInfo[][] = [];
  const order = [...states.keys()];
  const position = new Map(order.map((name, i) => [name, i] as const));
  let counter = 0;
  for (const root of order) {
    if (index.has(root)) continue;
    const work: { name: string; next: number }[] = [{ name: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { name: string; next: number };
      const edges = (states.get(frame.name) as StateInfo).edges;
      if (frame.next < edges.length) {
        const target = (edges[frame.next++] as { target: string }).target;
        if (!states.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ name: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.name, Math.min(low.get(frame.name) as number, index.get(target) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.name, Math.min(low.get(parent.name) as number, low.get(frame.name) as number));
      if (low.get(frame.name) === index.get(frame.name)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.name);
        const only = component[0] as string;
        const selfLoop =
          component.length === 1 && (states.get(only) as StateInfo).edges.some((e) => e.target === only);
        if (component.length > 1 || selfLoop) {
          component.sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
          result.push(component.map((name) => states.get(name) as StateInfo));
        }
      }
    }
  }
  return result;
}
