import type { StatesError } from '../errors/states-error.js';

/**
 * Whether a Retry/Catch `ErrorEquals` list matches an error, as AWS records it:
 * - States.Runtime raised by the engine is never caught or retried, not even by an explicit
 *   `["States.Runtime"]` (LocalStack scenarios/test_base_scenarios.snapshot.json, test_catch_states_runtime);
 * - States.DataLimitExceeded raised for a task's result is an ordinary task error that `States.ALL`
 *   catches (LocalStack error_handling/test_states_errors.snapshot.json); raised elsewhere (a state's
 *   input or output) only an explicit name matches it;
 * - `States.ALL` matches everything else; `States.TaskFailed` everything but States.Timeout.
 */
export function errorMatches(errorEquals: readonly string[], se: StatesError): boolean {
  const error = se.error;
  if (error === 'States.Runtime' && !se.raisedByWorkflow) return false;
  const terminal = error === 'States.DataLimitExceeded' && !se.raisedByWorkflow;
  for (const e of errorEquals) {
    if (e === error) return true;
    if (terminal) continue;
    if (e === 'States.ALL') return true;
    if (e === 'States.TaskFailed' && error !== 'States.Timeout') return true;
  }
  return false;
}
