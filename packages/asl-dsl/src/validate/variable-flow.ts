import type { Diagnostic } from './diagnostic.js';
import type { GraphInfo, StateInfo } from './state-graph-info.js';

/**
 * VARIABLE_READ_BEFORE_ASSIGN by forward data-flow: a variable is definitely assigned at a state when
 * every path from StartAt assigns it (the meet is set intersection). Inner graphs of Parallel and Map
 * start with what the outer state had on entry, because they can read outer variables.
 * A variable assigned nowhere that the reader can see is an ERROR; one assigned only on some paths,
 * a WARNING (the path may be impossible at run time).
 */
export function analyseVariables(root: GraphInfo, out: Diagnostic[]): void {
  if (!hasReads(root)) return;
  flow(root, new Set(), assignedIn(root, new Set()), out);
}

function hasReads(graph: GraphInfo): boolean {
  for (const state of graph.states.values()) {
    if (state.reads.length > 0) return true;
    for (const child of state.children) if (hasReads(child)) return true;
  }
  return false;
}

/** Every variable assigned anywhere in the graph (not its children: their variables are local). */
function assignedIn(graph: GraphInfo, into: Set<string>): Set<string> {
  for (const state of graph.states.values()) {
    for (const name of state.assigns) into.add(name);
    for (const edge of state.edges) for (const name of edge.assigns) into.add(name);
  }
  return into;
}

function flow(graph: GraphInfo, entry: Set<string>, visible: Set<string>, out: Diagnostic[]): void {
  const start = graph.startAt;
  if (start === undefined || !graph.states.has(start)) return;
  const assignedAt = new Map<string, Set<string>>([[start, entry]]);
  const work = [start];
  while (work.length > 0) {
    const name = work.pop() as string;
    const state = graph.states.get(name) as StateInfo;
    const here = assignedAt.get(name) as Set<string>;
    for (const edge of state.edges) {
      if (!graph.states.has(edge.target)) continue;
      const after = new Set(here);
      if (!edge.onError) for (const v of state.assigns) after.add(v);
      for (const v of edge.assigns) after.add(v);
      const before = assignedAt.get(edge.target);
      if (before === undefined) {
        assignedAt.set(edge.target, after);
        work.push(edge.target);
        continue;
      }
      let shrunk = false;
      for (const v of before) {
        if (!after.has(v)) {
          before.delete(v);
          shrunk = true;
        }
      }
      if (shrunk) work.push(edge.target);
    }
  }
  for (const [name, here] of assignedAt) {
    const state = graph.states.get(name) as StateInfo;
    const reported = new Set<string>();
    for (const read of state.reads) {
      if (here.has(read.name) || reported.has(read.name)) continue;
      reported.add(read.name);
      const anywhere = visible.has(read.name);
      out.push({
        code: 'VARIABLE_READ_BEFORE_ASSIGN',
        severity: anywhere ? 'WARNING' : 'ERROR',
        message: anywhere
          ? `state '${name}' reads $${read.name}, which is not assigned on every path that reaches it`
          : `state '${name}' reads $${read.name}, which no state it can see assigns`,
        location: read.location,
      });
    }
    for (const child of state.children) {
      flow(child, here, assignedIn(child, new Set(visible)), out);
    }
  }
}
