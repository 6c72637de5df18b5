/** A transition out of a state, with the variables assigned on the way. */
export interface Edge {
  readonly target: string;
  /** Keys of the Assign blocks applied when this edge is taken, beyond what the state had on entry. */
  readonly assigns: readonly string[];
  /** True for Catch edges: the state's own Assign does not apply. */
  readonly onError: boolean;
}

/** A variable a state reads, and where. */
export interface VariableRead {
  readonly name: string;
  readonly location: string;
}

/** What the graph analyses need to know about one state. */
export interface StateInfo {
  readonly name: string;
  readonly location: string;
  readonly type: string;
  /** Keys of the state's own `Assign` (JSONPath `.$` suffix removed). */
  readonly assigns: readonly string[];
  readonly edges: readonly Edge[];
  readonly reads: readonly VariableRead[];
  /** Branches / item processor of a Parallel or Map. */
  readonly children: readonly GraphInfo[];
  /** True for a Wait, a Map or Parallel, or a Task that waits on a callback or job (.sync / .waitForTaskToken). */
  readonly pauses: boolean;
  readonly terminal: boolean;
}

/** One state graph (the machine, a Parallel branch or a Map item processor). */
export interface GraphInfo {
  readonly location: string;
  readonly startAt: string | undefined;
  readonly states: Map<string, StateInfo>;
}
