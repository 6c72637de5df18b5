/**
 * Execution history in the shape of the Step Functions GetExecutionHistory API.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */

/** The history event types this engine emits (a subset of AWS's HistoryEventType, same spelling). */
export type HistoryEventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut'
  | `${'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Parallel' | 'Map'}State${'Entered' | 'Exited'}`
  | 'FailStateEntered'
  | 'TaskScheduled'
  | 'TaskStarted'
  | 'TaskSubmitted'
  | 'TaskSucceeded'
  | 'TaskFailed'
  | 'TaskTimedOut'
  | 'LambdaFunctionScheduled'
  | 'LambdaFunctionStarted'
  | 'LambdaFunctionSucceeded'
  | 'LambdaFunctionFailed'
  | 'LambdaFunctionTimedOut'
  | 'ActivityScheduled'
  | 'ActivityStarted'
  | 'ActivitySucceeded'
  | 'ActivityFailed'
  | 'ActivityTimedOut'
  | 'ParallelStateStarted'
  | 'ParallelStateSucceeded'
  | 'ParallelStateFailed'
  | 'ParallelStateAborted'
  | 'MapStateStarted'
  | 'MapStateSucceeded'
  | 'MapStateFailed'
  | 'MapStateAborted'
  | 'MapIterationStarted'
  | 'MapIterationSucceeded'
  | 'MapIterationFailed'
  | 'MapIterationAborted'
  | 'MapRunStarted'
  | 'MapRunSucceeded'
  | 'MapRunFailed'
  | 'MapRunAborted'
  | 'EvaluationFailed';

/** Details of an event, keyed as AWS keys them (input/output are JSON strings, as in the API). */
export type HistoryEventDetails = Record<
  string,
  string | number | boolean | Record<string, unknown> | undefined
>;

/** One history event as GetExecutionHistory returns it. */
export interface HistoryEvent {
  timestamp: Date;
  type: HistoryEventType;
  id: number;
  previousEventId: number;
  [detailsKey: `${string}EventDetails`]: HistoryEventDetails | undefined;
}

/** The compact form the engine keeps in memory; {@link toHistoryEvent} expands it on demand. */
export interface CompactEvent {
  type: HistoryEventType;
  at: number;
  id: number;
  prev: number;
  details: HistoryEventDetails | undefined;
}

const DETAILS_KEY: Partial<Record<HistoryEventType, string>> = {
  ExecutionStarted: 'executionStartedEventDetails',
  ExecutionSucceeded: 'executionSucceededEventDetails',
  ExecutionFailed: 'executionFailedEventDetails',
  ExecutionAborted: 'executionAbortedEventDetails',
  ExecutionTimedOut: 'executionTimedOutEventDetails',
  TaskScheduled: 'taskScheduledEventDetails',
  TaskStarted: 'taskStartedEventDetails',
  TaskSubmitted: 'taskSubmittedEventDetails',
  TaskSucceeded: 'taskSucceededEventDetails',
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
  LambdaFunctionScheduled: 'lambdaFunctionScheduledEventDetails',
  LambdaFunctionSucceeded: 'lambdaFunctionSucceededEventDetails',
  LambdaFunctionFailed: 'lambdaFunctionFailedEventDetails',
  LambdaFunctionTimedOut: 'lambdaFunctionTimedOutEventDetails',
  ActivityScheduled: 'activityScheduledEventDetails',
  ActivityStarted: 'activityStartedEventDetails',
  ActivitySucceeded: 'activitySucceededEventDetails',
  ActivityFailed: 'activityFailedEventDetails',
  ActivityTimedOut: 'activityTimedOutEventDetails',
  MapStateStarted: 'mapStateStartedEventDetails',
  MapIterationStarted: 'mapIterationStartedEventDetails',
  MapIterationSucceeded: 'mapIterationSucceededEventDetails',
  MapIterationFailed: 'mapIterationFailedEventDetails',
  MapIterationAborted: 'mapIterationAbortedEventDetails',
  MapRunStarted: 'mapRunStartedEventDetails',
  MapRunFailed: 'mapRunFailedEventDetails',
  EvaluationFailed: 'evaluationFailedEventDetails',
};

/** The `*EventDetails` key AWS uses for an event type, if it has one. */
export function detailsKeyOf(type: HistoryEventType): string | undefined {
  const k = DETAILS_KEY[type];
  if (k) return k;
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return undefined;
}

/** Expands a compact event into the AWS API shape (adds the `*Details.truncated` flags AWS sends). */
export function toHistoryEvent(e: CompactEvent): HistoryEvent {
  const out: HistoryEvent = { timestamp: new Date(e.at), type: e.type, id: e.id, previousEventId: e.prev };
  const key = detailsKeyOf(e.type);
  if (key && e.details) {
    const d: HistoryEventDetails = {};
    // AWS omits absent fields (e.g. timeoutInSeconds when no TimeoutSeconds was given).
    for (const [k, v] of Object.entries(e.details)) if (v !== undefined) d[k] = v;
    if (typeof d.input === 'string') d.inputDetails = { truncated: false };
    if (typeof d.output === 'string') d.outputDetails = { truncated: false };
    if (d.assignedVariables !== undefined) d.assignedVariablesDetails = { truncated: false };
    out[key as `${string}EventDetails`] = d;
  }
  return out;
}
