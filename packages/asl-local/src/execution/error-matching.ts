/**
 * Whether a Retry/Catch `ErrorEquals` list matches an error, with AWS's wildcards:
 * `States.ALL` matches everything but States.Runtime and States.DataLimitExceeded;
 * `States.TaskFailed` matches any error except States.Timeout (and those two).
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  const terminal = error === 'States.Runtime' || error === 'States.DataLimitExceeded';
  for (const e of errorEquals) {
    if (e === error) return true;
    if (terminal) continue;
    if (e === 'States.ALL') return true;
    if (e === 'States.TaskFailed' && error !== 'States.Timeout') return true;
  }
  return false;
}
