import type { JsonValue, QueryLanguage } from '@stackset-lite/asl-dsl/model';
import type { Execution } from './execution.js';
import type { VariableScope } from './variable-scope.js';

/** A shared flag that stops sibling branches/iterations once one has failed. */
export interface CancelSignal {
  cancelled: boolean;
}

/**
 * One thread of control: the top-level graph, a Parallel branch or a Map iteration.
 * It carries the variable scope and the id of the thread's last history event (previousEventId).
 */
export interface Frame {
  exec: Execution;
  scope: VariableScope;
  /** The query language states in this graph default to. */
  queryLanguage: QueryLanguage;
  /** The id of this thread's last history event. */
  prev: number;
  /** The state now running, its entry time and retry count (for `$$.State`). */
  stateName: string;
  /** Whether the running state can retry (Task, Parallel, Map): its `$$.State` has RetryCount. */
  retries: boolean;
  enteredAt: number;
  /** The id of the running state's StateEntered event (runtime-error causes cite it). */
  enteredEventId: number;
  retryCount: number;
  /** `$$.Map.Item` while an ItemSelector is evaluated. */
  mapItem: { Index: number; Value: JsonValue; Key?: string; Source?: string } | undefined;
  /** `$$.Task.Token` while a callback task runs. */
  taskToken: string | undefined;
  cancel: CancelSignal | null;
  /** The last value this thread serialised and its JSON (a state's output is the next one's input). */
  lastValue: JsonValue | undefined;
  lastJson: string | undefined;
  /** The wall-clock reading at the thread's last StateExited (performance.now()). */
  wallMark: number;
  /** The next StateEntered follows that exit at once: its wall-clock start is `wallMark`. */
  wallFresh: boolean;
}
