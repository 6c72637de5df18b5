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

  /**
   * Raised by the workflow rather than the engine: a task's invocation (the handler's own error,
   * SendTaskFailure, a function timeout, a result too large) or a Fail state. An ordinary error
   * for Retry and Catch, whatever its name, and its cause is kept as given.
   */
  raisedByWorkflow = false;
  /** The cause already names the state it happened in (AWS's "An error occurred while executing the state ..."). */
  located = false;
  /**
   * The field whose JSONata evaluation failed, as AWS names it in an EvaluationFailed event's
   * `location` (`Output`, `Output/result`, `Items`, `Timestamp`...), when there is one.
   */
  location: string | undefined = undefined;
  /** An EvaluationFailed event was written for this error (the state that raised it fails once). */
  evaluationRecorded = false;

  /**
   * A StatesError made without the Error constructor, for the errors thousands of Map items may
   * raise (a Lambda function's failure): the same fields, `message` and prototype, but no JavaScript
   * stack to capture — the error is data the history records, not a fault of this program.
   */
  static ofData(error: string, cause: string): StatesError {
    const se = Object.create(StatesError.prototype) as StatesError;
    // The fields in the constructor's order (one object shape for both kinds).
    Object.defineProperty(se, 'message', {
      value: `${error}: ${cause}`,
      writable: true,
      enumerable: false,
      configurable: true,
    });
    const fields = se as { -readonly [K in keyof StatesError]: StatesError[K] };
    fields.raisedByWorkflow = false;
    fields.located = false;
    fields.location = undefined;
    fields.evaluationRecorded = false;
    fields.name = 'StatesError';
    fields.error = error;
    fields.cause = cause;
    return se;
  }
}

/** The error of a task's invocation: a handler's throw or a callback failure (see {@link StatesError.raisedByWorkflow}). */
export function taskError(thrown: unknown): StatesError {
  const se = toStatesError(thrown);
  se.raisedByWorkflow = true;
  return se;
}

/**
 * An error raised inside the engine (a path that selects nothing, a bad value, a bug): a
 * StatesError stays as it is; anything else is States.Runtime. A JavaScript error's name
 * (TypeError, RangeError) never becomes an ASL error name.
 */
export function engineError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  const what = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return new StatesError('States.Runtime', `Internal error of asl-local (please report it): ${what}`);
}

/**
 * The cause AWS gives a runtime error of a state: "An error occurred while executing the state 'X'
 * (entered at the event id #N). ..." (States.Runtime and States.QueryEvaluationError raised by the
 * engine, not by a task). Other errors are returned as they are.
 */
export function locateError(se: StatesError, stateName: string, enteredEventId: number): StatesError {
  if (se.located || se.raisedByWorkflow) return se;
  if (se.error !== 'States.Runtime' && se.error !== 'States.QueryEvaluationError') return se;
  const located = new StatesError(
    se.error,
    `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${se.cause}`,
  );
  located.located = true;
  located.location = se.location;
  return located;
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
