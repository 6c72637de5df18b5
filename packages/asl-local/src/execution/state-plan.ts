import type { JsonValue, QueryLanguage, State, StateGraph } from '@stackset-lite/asl-dsl/model';
import { eventTypeCode } from '../history/execution-history.js';
import type { HistoryEventType } from '../history/history-event.js';
import { getOwn } from '../paths/own-property.js';

const ENTERED: Record<State['Type'], HistoryEventType> = {
  Task: 'TaskStateEntered',
  Pass: 'PassStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
};
const EXITED: Record<Exclude<State['Type'], 'Fail'>, HistoryEventType> = {
  Task: 'TaskStateExited',
  Pass: 'PassStateExited',
  Choice: 'ChoiceStateExited',
  Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
};

/** Timing totals of one state name (see Execution.timings). */
export interface StateTiming {
  /** Times the state was entered. */
  entries: number;
  /** Execution-clock milliseconds spent in it (virtual time under the virtual clock). */
  durationMs: number;
  /** Real milliseconds spent in it (all entries; overlapping Map iterations add up). */
  wallMs: number;
}

/**
 * What an execution looks up once per state of a graph rather than on every entry: a 10,000-item
 * Map enters its states tens of thousands of times. Nothing here changes what a state does; the
 * definition checks still run (and fail) on entry, they are only not repeated once passed.
 */
export class StatePlan {
  /** StateEntered/StateExited event type codes (Fail has no StateExited). */
  readonly enteredCode: number;
  readonly exitedCode: number;
  /** Whether Task, Parallel or Map: `$$.State.RetryCount` applies. */
  readonly retries: boolean;
  /** The query language whose field checks this state passed (undefined: not checked yet). */
  checkedFor: QueryLanguage | undefined = undefined;
  /** This state's entry in the execution's timing table, once it has one. */
  timing: StateTiming | undefined = undefined;
  /** The last scalar output of this state and its JSON (a Pass state's Result repeats). */
  lastOutput: JsonValue | undefined = undefined;
  lastOutputJson: string | undefined = undefined;

  constructor(
    readonly name: string,
    readonly state: State,
    /** The state's name as stored in the execution's history. */
    readonly nameId: number,
  ) {
    const t = state.Type;
    const entered = getOwn(ENTERED, t);
    const exited = t === 'Fail' ? undefined : getOwn(EXITED, t);
    // An unknown Type is recorded as it always was (no known event type); dispatch then rejects it.
    this.enteredCode = eventTypeCode(entered as HistoryEventType);
    this.exitedCode = eventTypeCode(exited as HistoryEventType);
    this.retries = t === 'Task' || t === 'Parallel' || t === 'Map';
  }
}

/** The plans of one graph's states, made on first entry. */
export class GraphPlan {
  private readonly plans = new Map<string, StatePlan>();

  constructor(
    private readonly graph: StateGraph,
    /** The execution's history, where names are interned (an object, not a closure per execution). */
    private readonly names: { nameId(name: string): number },
  ) {}

  /** The plan of state `name`, or undefined when the graph has no such (own) state. */
  get(name: string): StatePlan | undefined {
    let p = this.plans.get(name);
    if (p === undefined) {
      const state = getOwn(this.graph.States, name);
      if (!state) return undefined;
      p = new StatePlan(name, state, this.names.nameId(name));
      this.plans.set(name, p);
    }
    return p;
  }
}
