import type { JsonObject, JsonValue } from './json.js';

/**
 * A retry policy of a Task, Parallel or Map state.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
 */
export interface Retrier {
  /** Error names this retrier matches; `States.ALL` must be alone and last. */
  ErrorEquals: string[];
  /** Seconds before the first retry. @default 1 */
  IntervalSeconds?: number;
  /** Maximum retries; 0 means never. @default 3 */
  MaxAttempts?: number;
  /** Multiplier of the interval after each attempt. @default 2.0 */
  BackoffRate?: number;
  /** Upper bound of the interval in seconds. */
  MaxDelaySeconds?: number;
  /** Randomise intervals. @default "NONE" */
  JitterStrategy?: 'FULL' | 'NONE';
  Comment?: string;
}

/**
 * A fallback of a Task, Parallel or Map state.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states
 */
export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  /** JSONPath: where the error output goes in the state input. @default "$" */
  ResultPath?: string | null;
  /** JSONata: the state output on this error. */
  Output?: JsonValue;
  /** Variables to assign when this catcher matches. */
  Assign?: JsonObject;
  Comment?: string;
}
