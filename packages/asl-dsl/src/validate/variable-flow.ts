import type { Diagnostic } from './diagnostic.js';
import type { GraphInfo, StateInfo } from './state-graph-info.js';

/**
 * Variables are analysed in slices of this many: the dataflow keeps two bit rows per state, so a
 * slice bounds memory (about 1 KiB per state) whatever the number of variables.
 */
const SLICE = 4096;

/**
 * VARIABLE_READ_BEFORE_ASSIGN by forward dataflow over bitsets, one bit per variable that is read.
 *
 * - MUST: assigned on every path from StartAt (meet: intersection). A read of a variable in MUST is fine.
 * - MAY: assigned on some path (meet: union). A read of a variable outside MAY comes before every
 *   assignment on every path: an ERROR, since every execution that reaches it fails.
 * - Otherwise the read follows an assignment on some paths only: a WARNING (the other paths may be
 *   impossible at run time) — unless every such path passes the reading state first (a loop that
 *   assigns after the read): the first arrival then always fails, an ERROR (see FirstArrival).
 *
 * Inner graphs of Parallel and Map start with what the outer state had on entry (they can read outer
 * variables); what they assign stays inside. States are visited in reverse postorder, so a pass
 * settles everything but loops and a diamond chain costs one pass: linear in the definition.
 */
export function analyseVariables(root: GraphInfo, out: Diagnostic[]): void {
  const names = new Map<string, number>();
  collectReads(root, names);
  if (names.size === 0) return;
  const assigned = new Set<string>();
  collectAssigns(root, assigned);
  for (let base = 0; base < names.size; base += SLICE) {
    const width = Math.min(SLICE, names.size - base);
    const words = Math.ceil(width / 32);
    new VariableFlow(names, base, width, words, assigned, out).graph(
      root,
      new Uint32Array(words),
      new Uint32Array(words),
    );
  }
}

function collectReads(graph: GraphInfo, names: Map<string, number>): void {
  for (const state of graph.states.values()) {
    for (const read of state.reads) if (!names.has(read.name)) names.set(read.name, names.size);
    for (const child of state.children) collectReads(child, names);
  }
}

function collectAssigns(graph: GraphInfo, into: Set<string>): void {
  for (const state of graph.states.values()) {
    for (const name of state.assigns) into.add(name);
    for (const edge of state.edges) for (const name of edge.assigns) into.add(name);
    for (const child of state.children) collectAssigns(child, into);
  }
}

/** One slice of variables [base, base + width), analysed over every graph of the definition. */
class VariableFlow {
  constructor(
    private readonly names: ReadonlyMap<string, number>,
    private readonly base: number,
    private readonly width: number,
    private readonly words: number,
    private readonly assignedAnywhere: ReadonlySet<string>,
    private readonly out: Diagnostic[],
  ) {}

  /** The bit of `name` in this slice, or -1 when it is not read or belongs to another slice. */
  private bit(name: string): number {
    const index = this.names.get(name);
    if (index === undefined) return -1;
    const bit = index - this.base;
    return bit >= 0 && bit < this.width ? bit : -1;
  }

  graph(graph: GraphInfo, entryMust: Uint32Array, entryMay: Uint32Array): void {
    const states = [...graph.states.values()];
    const count = states.length;
    const number = new Map<string, number>();
    for (let i = 0; i < count; i++) number.set((states[i] as StateInfo).name, i);
    const start = graph.startAt === undefined ? undefined : number.get(graph.startAt);
    if (start === undefined) return;
    const W = this.words;

    // Edges as flat arrays; each carries the bits it assigns (the state's own Assign unless it is a
    // Catch edge, plus the rule's or catcher's Assign).
    const edgeStart = new Int32Array(count + 1);
    const targets: number[] = [];
    const assignStart: number[] = [0];
    const assignBits: number[] = [];
    for (let i = 0; i < count; i++) {
      edgeStart[i] = targets.length;
      const state = states[i] as StateInfo;
      for (const edge of state.edges) {
        const target = number.get(edge.target);
        if (target === undefined) continue;
        targets.push(target);
        if (!edge.onError) for (const name of state.assigns) this.pushBit(name, assignBits);
        for (const name of edge.assigns) this.pushBit(name, assignBits);
        assignStart.push(assignBits.length);
      }
    }
    edgeStart[count] = targets.length;

    const order = reversePostorder(start, count, edgeStart, targets);
    const must = new Uint32Array(count * W).fill(0xffffffff);
    const may = new Uint32Array(count * W);
    must.set(entryMust, start * W);
    may.set(entryMay, start * W);
    const dirty = new Uint8Array(count);
    dirty[start] = 1;
    const tmpMust = new Uint32Array(W);
    const tmpMay = new Uint32Array(W);
    let pending = true;
    while (pending) {
      pending = false;
      for (const u of order) {
        if (dirty[u] === 0) continue;
        dirty[u] = 0;
        const row = u * W;
        for (let e = edgeStart[u] as number; e < (edgeStart[u + 1] as number); e++) {
          for (let w = 0; w < W; w++) {
            tmpMust[w] = must[row + w] as number;
            tmpMay[w] = may[row + w] as number;
          }
          for (let a = assignStart[e] as number; a < (assignStart[e + 1] as number); a++) {
            const bit = assignBits[a] as number;
            tmpMust[bit >>> 5] = (tmpMust[bit >>> 5] as number) | (1 << (bit & 31));
            tmpMay[bit >>> 5] = (tmpMay[bit >>> 5] as number) | (1 << (bit & 31));
          }
          const t = targets[e] as number;
          const trow = t * W;
          let changed = false;
          for (let w = 0; w < W; w++) {
            const m = (must[trow + w] as number) & (tmpMust[w] as number);
            const y = (may[trow + w] as number) | (tmpMay[w] as number);
            if (m !== must[trow + w] || y !== may[trow + w]) {
              must[trow + w] = m;
              may[trow + w] = y;
              changed = true;
            }
          }
          if (changed && dirty[t] === 0) {
            dirty[t] = 1;
            // A target later in the order is handled in this sweep; an earlier one (a loop) in the next.
            pending = true;
          }
        }
      }
    }

    let firstArrival: FirstArrival | undefined;
    const reached = new Uint8Array(count);
    for (const u of order) reached[u] = 1;
    for (let u = 0; u < count; u++) {
      if (reached[u] === 0) continue; // unreachable: UNREACHABLE_STATE says so already
      const state = states[u] as StateInfo;
      const row = u * W;
      const reported = new Set<string>();
      for (const read of state.reads) {
        const bit = this.bit(read.name);
        if (bit < 0 || ((must[row + (bit >>> 5)] as number) & (1 << (bit & 31))) !== 0) continue;
        if (reported.has(read.name)) continue;
        reported.add(read.name);
        let before = ((may[row + (bit >>> 5)] as number) & (1 << (bit & 31))) !== 0;
        if (before) {
          firstArrival ??= new FirstArrival(start, count, order, edgeStart, targets, {
            may,
            words: W,
            assignStart,
            assignBits,
            entryMay,
          });
          before = firstArrival.mayAssign(u, bit);
        }
        this.out.push(readDiagnostic(state, read.name, read.location, before, this.assignedAnywhere));
      }
      for (const child of state.children) {
        this.graph(child, must.slice(row, row + W), may.slice(row, row + W));
      }
    }
  }

  private pushBit(name: string, into: number[]): void {
    const bit = this.bit(name);
    if (bit >= 0) into.push(bit);
  }
}

function readDiagnostic(
  state: StateInfo,
  name: string,
  location: string,
  assignedOnSomePath: boolean,
  assignedAnywhere: ReadonlySet<string>,
): Diagnostic {
  if (assignedOnSomePath) {
    return {
      code: 'VARIABLE_READ_BEFORE_ASSIGN',
      severity: 'WARNING',
      message: `state '${state.name}' reads $${name}, which is not assigned on every path that reaches it`,
      location,
    };
  }
  return {
    code: 'VARIABLE_READ_BEFORE_ASSIGN',
    severity: 'ERROR',
    message: assignedAnywhere.has(name)
      ? `state '${state.name}' reads $${name} before any state assigns it: on every path from the start, $${name} is assigned only later (or in another scope)`
      : `state '${state.name}' reads $${name}, which no state it can see assigns`,
    location,
  };
}

/** States reachable from `start`, in reverse postorder (iterative depth-first search). */
function reversePostorder(
  start: number,
  count: number,
  edgeStart: Int32Array,
  targets: readonly number[],
): number[] {
  const seen = new Uint8Array(count);
  const post: number[] = [];
  const nodes = [start];
  const next = [edgeStart[start] as number];
  seen[start] = 1;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top] as number;
    const e = next[top] as number;
    if (e < (edgeStart[node + 1] as number)) {
      next[top] = e + 1;
      const target = targets[e] as number;
      if (seen[target] === 0) {
        seen[target] = 1;
        nodes.push(target);
        next.push(edgeStart[target] as number);
      }
      continue;
    }
    nodes.pop();
    next.pop();
    post.push(node);
  }
  return post.reverse();
}

/**
 * What may be assigned when a state R is reached for the first time: the entry variables plus what
 * any edge p → t assigns, where t leads to R and p can be reached without passing R (R does not
 * dominate p). An edge from a state R dominates only runs after R did: a loop that assigns after
 * the read does not help its first arrival.
 *
 * Dominators come from Cooper, Harvey and Kennedy's iterative algorithm over the reverse postorder,
 * with dominator-tree intervals for an O(1) "does R dominate p". Each reader then walks backwards
 * from itself once (its answer is kept for all its reads). The walks share a budget proportional to
 * the graph; past it, a reader falls back to the union over its direct predecessors that it does not
 * dominate, which can only turn an error into a warning, never the reverse.
 */
class FirstArrival {
  private readonly predecessors: number[][];
  private readonly predecessorEdges: number[][];
  private readonly enter: Int32Array;
  private readonly leave: Int32Array;
  private readonly answers = new Map<number, Uint32Array>();
  private budget: number;
  /** Backward-walk scratch: `seenBy[s] === r + 1` when the walk from r has queued s. */
  private readonly seenBy: Int32Array;
  private readonly queue: Int32Array;

  constructor(
    private readonly start: number,
    count: number,
    order: readonly number[],
    edgeStart: Int32Array,
    targets: readonly number[],
    private readonly flow: {
      readonly may: Uint32Array;
      readonly words: number;
      readonly assignStart: readonly number[];
      readonly assignBits: readonly number[];
      readonly entryMay: Uint32Array;
    },
  ) {
    this.predecessors = Array.from({ length: count }, () => []);
    this.predecessorEdges = Array.from({ length: count }, () => []);
    this.budget = 32 * (count + targets.length) + 100_000;
    this.seenBy = new Int32Array(count);
    this.queue = new Int32Array(count);
    const rank = new Int32Array(count).fill(-1);
    order.forEach((node, i) => {
      rank[node] = i;
    });
    for (const u of order) {
      for (let e = edgeStart[u] as number; e < (edgeStart[u + 1] as number); e++) {
        const t = targets[e] as number;
        (this.predecessors[t] as number[]).push(u);
        (this.predecessorEdges[t] as number[]).push(e);
      }
    }
    const idom = new Int32Array(count).fill(-1);
    idom[start] = start;
    const intersect = (a: number, b: number): number => {
      let x = a;
      let y = b;
      while (x !== y) {
        while ((rank[x] as number) > (rank[y] as number)) x = idom[x] as number;
        while ((rank[y] as number) > (rank[x] as number)) y = idom[y] as number;
      }
      return x;
    };
    let changed = true;
    while (changed) {
      changed = false;
      for (const u of order) {
        if (u === start) continue;
        let candidate = -1;
        for (const p of this.predecessors[u] as number[]) {
          if (idom[p] === -1) continue;
          candidate = candidate === -1 ? p : intersect(p, candidate);
        }
        if (candidate !== -1 && idom[u] !== candidate) {
          idom[u] = candidate;
          changed = true;
        }
      }
    }
    // Dominator tree intervals: R dominates p when p's interval lies inside R's.
    const children: number[][] = Array.from({ length: count }, () => []);
    for (const u of order) if (u !== start) (children[idom[u] as number] as number[]).push(u);
    this.enter = new Int32Array(count);
    this.leave = new Int32Array(count);
    let clock = 0;
    const stack = [start];
    const cursor = [0];
    this.enter[start] = clock++;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top] as number;
      const kids = children[node] as number[];
      const i = cursor[top] as number;
      if (i < kids.length) {
        cursor[top] = i + 1;
        const kid = kids[i] as number;
        this.enter[kid] = clock++;
        stack.push(kid);
        cursor.push(0);
      } else {
        this.leave[node] = clock++;
        stack.pop();
        cursor.pop();
      }
    }
  }

  private dominates(r: number, p: number): boolean {
    return (
      (this.enter[r] as number) <= (this.enter[p] as number) &&
      (this.leave[p] as number) <= (this.leave[r] as number)
    );
  }

  /** True when `bit` may be assigned on a path that reaches `r` for the first time. */
  mayAssign(r: number, bit: number): boolean {
    let answer = this.answers.get(r);
    if (answer === undefined) {
      answer = this.firstArrivalSet(r);
      this.answers.set(r, answer);
    }
    return ((answer[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
  }

  private firstArrivalSet(r: number): Uint32Array {
    const { may, words, assignStart, assignBits, entryMay } = this.flow;
    const set = entryMay.slice();
    if (r === this.start) return set;
    const addEdge = (e: number) => {
      for (let a = assignStart[e] as number; a < (assignStart[e + 1] as number); a++) {
        const b = assignBits[a] as number;
        set[b >>> 5] = (set[b >>> 5] as number) | (1 << (b & 31));
      }
    };
    const direct = () => {
      const predecessors = this.predecessors[r] as number[];
      const edges = this.predecessorEdges[r] as number[];
      for (let i = 0; i < predecessors.length; i++) {
        const p = predecessors[i] as number;
        if (this.dominates(r, p)) continue;
        for (let w = 0; w < words; w++) set[w] = (set[w] as number) | (may[p * words + w] as number);
        addEdge(edges[i] as number);
      }
      return set;
    };
    if (this.budget <= 0) return direct();
    // Backwards from r over states that lead to it without passing it again.
    const { seenBy, queue } = this;
    const stamp = r + 1;
    seenBy[r] = stamp;
    queue[0] = r;
    let length = 1;
    for (let q = 0; q < length; q++) {
      const t = queue[q] as number;
      const predecessors = this.predecessors[t] as number[];
      const edges = this.predecessorEdges[t] as number[];
      this.budget -= 1 + predecessors.length;
      if (this.budget <= 0) {
        set.set(entryMay);
        return direct();
      }
      for (let i = 0; i < predecessors.length; i++) {
        const p = predecessors[i] as number;
        // p dominated by r: only reachable through r, so neither it nor what leads to it counts.
        if (this.dominates(r, p)) continue;
        addEdge(edges[i] as number);
        if (seenBy[p] !== stamp) {
          seenBy[p] = stamp;
          queue[length++] = p;
        }
      }
    }
    return set;
  }
}
