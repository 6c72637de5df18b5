/**
 * An ASL error raised while a state runs: `error` is the name a Retry/Catch `ErrorEquals` matches,
 * `cause` the human-readable detail (both end up in the history and the execution result).
 */
export class StatesError extends Error {
  /** The ASL error name, e.g. `States.TaskFailed` or a task's own error type. */
  readonly error: string;
  /** The error cause, e.g. the message a task handler threw. */
  override readonly cause: string;

  constructor(error: string, cause: string) {
    // Stack traces are useless for ASL errors and costly when 1,000s of Map items fail and retry.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`${error}: ${cause}`);
    Error.stackTraceLimit = limit;
    this.name = 'StatesError';
    this.error = error;
    this.cause = cause;
  }
}

/**
 * A definition feature this engine does not implement. It fails the execution with `States.Runtime`
 * rather than running the machine with a silently wrong result.
 */
export class UnsupportedFeatureError extends StatesError {
  constructor(feature: string, where: string) {
    super('States.Runtime', `Unsupported by asl-local: ${feature} (at ${where})`);
  }
}

/** Converts anything a handler or evaluator threw into a StatesError (name → error, message → cause). */
export function toStatesError(thrown: unknown, fallbackError = 'States.TaskFailed'): StatesError {
  if (thrown instanceof StatesError) return thrown;
  if (thrown instanceof Error) {
    const name = thrown.name && thrown.name !== '' ? thrown.name : fallbackError;
    return new StatesError(name, thrown.message);
  }
  if (typeof thrown === 'string') return new StatesError(fallbackError, thrown);
  return new StatesError(fallbackError, JSON.stringify(thrown) ?? String(thrown));
}
