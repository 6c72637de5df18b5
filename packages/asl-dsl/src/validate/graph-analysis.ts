import type { Diagnostic } from './diagnostic.js';
import type { GraphInfo, StateInfo } from './state-graph-info.js';

/**
 * Whole-graph checks of one state graph: MISSING_END_STATE, UNREACHABLE_STATE, LOOP_WITHOUT_EXIT
 * (a cycle with no transition out, no state that ends the execution, and no machine TimeoutSeconds
 * to stop it: it runs until the year-long execution limit or the history fills) and
 * LOOP_WITHOUT_WAIT (a polling cycle with no Wait, job/callback task or Map/Parallel spins as fast as it
 * can, burning state transitions and the 25,000-event history). States are numbered once so the graph walks run
 * over integer arrays.
 * @param timeBounded the machine sets TimeoutSeconds, so every loop ends when the execution times out.
 */
export function analyseGraph(graph: GraphInfo, out: Diagnostic[], timeBounded = false): void {
  const states = [...graph.states.values()];
  const count = states.length;
  if (count === 0) return;
  const endless = !states.some((s) => s.terminal);
  if (endless) {
    out.push({
      code: 'MISSING_END_STATE',
      severity: 'ERROR',
      message: 'no state ends the workflow (End: true, Succeed or Fail)',
      location: `${graph.location}/States`,
    });
  }
  const start = graph.startAt === undefined ? -1 : indexOf(states, graph.startAt);
  if (start < 0) return;
  const number = new Map<string, number>();
  for (let i = 0; i < count; i++) number.set((states[i] as StateInfo).name, i);
  const successors: number[][] = states.map((s) => {
    const targets: number[] = [];
    for (const edge of s.edges) {
      const target = number.get(edge.target);
      if (target !== undefined) targets.push(target);
    }
    return targets;
  });

  const reached = new Uint8Array(count);
  reached[start] = 1;
  const stack = [start];
  let reachedCount = 1;
  while (stack.length > 0) {
    for (const target of successors[stack.pop() as number] as number[]) {
      if (reached[target] === 0) {
        reached[target] = 1;
        reachedCount++;
        stack.push(target);
      }
    }
  }
  if (reachedCount !== count) {
    states.forEach((state, i) => {
      if (reached[i] === 0) {
        out.push({
          code: 'UNREACHABLE_STATE',
          severity: 'ERROR',
          message: `state '${state.name}' cannot be reached from StartAt '${graph.startAt}'`,
          location: state.location,
        });
      }
    });
  }
  for (const cycle of cyclesOf(successors)) {
    const members = cycle.map((i) => states[i] as StateInfo);
    // With no end state at all, MISSING_END_STATE already says it: one mistake, one finding.
    const trapped = !endless && !timeBounded && reached[cycle[0] as number] === 1;
    if (trapped && !canLeave(cycle, states, successors)) {
      out.push({
        code: 'LOOP_WITHOUT_EXIT',
        severity: 'WARNING',
        message: `loop ${members.map((s) => `'${s.name}'`).join(' → ')} can never be left: no transition leads out of it, none of its states ends the execution, and the machine sets no TimeoutSeconds`,
        location: (members[0] as StateInfo).location,
      });
      continue;
    }
    if (members.some((s) => s.pauses)) continue;
    out.push({
      code: 'LOOP_WITHOUT_WAIT',
      severity: 'WARNING',
      message: `loop ${members.map((s) => `'${s.name}'`).join(' → ')} has no Wait state: if it polls, it spins and burns state transitions`,
      location: (members[0] as StateInfo).location,
    });
  }
}

/**
 * A strongly connected component can be left when one of its states ends the execution or has a
 * transition (Next, Default, a Choice rule or a Catch) to a state outside it. A transition to a name
 * that is not a state counts as a way out: MISSING_TRANSITION_TARGET reports it already.
 */
function canLeave(
  cycle: readonly number[],
  states: readonly StateInfo[],
  successors: readonly number[][],
): boolean {
  const inside = new Set(cycle);
  for (const i of cycle) {
    const state = states[i] as StateInfo;
    if (state.terminal) return true;
    if ((successors[i] as number[]).length < state.edges.length) return true;
    for (const target of successors[i] as number[]) if (!inside.has(target)) return true;
  }
  return false;
}

function indexOf(states: StateInfo[], name: string): number {
  for (let i = 0; i < states.length; i++) if ((states[i] as StateInfo).name === name) return i;
  return -1;
}

/** Strongly connected components that contain a cycle (iterative Tarjan), members in state order. */
function cyclesOf(successors: number[][]): number[][] {
  const count = successors.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  const nodeStack: number[] = [];
  const edgeStack: number[] = [];
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    nodeStack.push(root);
    edgeStack.push(0);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (nodeStack.length > 0) {
      const top = nodeStack.length - 1;
      const node = nodeStack[top] as number;
      const next = successors[node] as number[];
      const e = edgeStack[top] as number;
      if (e < next.length) {
        edgeStack[top] = e + 1;
        const target = next[e] as number;
        if (index[target] === -1) {
          index[target] = low[target] = counter++;
          stack.push(target);
          onStack[target] = 1;
          nodeStack.push(target);
          edgeStack.push(0);
        } else if (onStack[target] === 1) {
          low[node] = Math.min(low[node] as number, index[target] as number);
        }
        continue;
      }
      nodeStack.pop();
      edgeStack.pop();
      if (nodeStack.length > 0) {
        const parent = nodeStack[nodeStack.length - 1] as number;
        low[parent] = Math.min(low[parent] as number, low[node] as number);
      }
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        if (component.length > 1 || next.includes(node)) result.push(component.sort((a, b) => a - b));
      }
    }
  }
  return result;
}
