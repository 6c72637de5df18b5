import type { StatesError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';

/**
 * Records a JSONata evaluation failure of a state itself (States.QueryEvaluationError raised by the
 * engine, its cause already located) as AWS records it: an EvaluationFailed event
 * `{error, cause, location, state}`, then MapStateFailed for a Map state (LocalStack
 * scenarios/test_base_scenarios.snapshot.json, test_map_state_items_eval_jsonata_fail and
 * test_wait_timestamp_jsonata; assign/test_assign_reference_variables.snapshot.json,
 * test_undefined_reference). Once per error: a failure that came out of a Map iteration or a
 * Parallel branch was recorded by the state it happened in. Returns whether it recorded one.
 */
export function recordEvaluationFailure(frame: Frame, name: string, se: StatesError, map: boolean): boolean {
  if (se.error !== 'States.QueryEvaluationError' || se.raisedByWorkflow || se.evaluationRecorded)
    return false;
  se.evaluationRecorded = true;
  const history = frame.exec.history;
  frame.prev = history.append('EvaluationFailed', frame.prev, {
    error: se.error,
    cause: se.cause,
    location: se.location,
    state: name,
  });
  if (map) frame.prev = history.append('MapStateFailed', frame.prev);
  return true;
}
