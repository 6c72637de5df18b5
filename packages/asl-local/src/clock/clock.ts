/**
 * The time source of an execution. The engine never reads Date.now() directly: Wait states, retry
 * intervals, timeouts and history timestamps all go through a Clock.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the execution sees them. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
  /** Calls `fire` after `ms` milliseconds unless the returned cancel function runs first. */
  schedule(ms: number, fire: () => void): () => void;
  /**
   * Calls `fire` after `ms` unless cancelled, but never counts as something to wait for: when only
   * such timers remain, the clock is idle (see {@link onIdle}). The execution's maximum duration.
   */
  scheduleBackstop(ms: number, fire: () => void): () => void;
  /** Marks the start of outside work (a task handler): virtual time holds still until it ends. */
  beginWork(): void;
  /** Marks the end of outside work. */
  endWork(): void;
  /** Wakes a driver that is waiting for something to happen (a task token, an abort). */
  poke(): void;
  /** Runs the clock until `done` settles. */
  drive(done: Promise<unknown>): Promise<void>;
  /**
   * Called by {@link drive} when nothing can happen any more on its own: no outside work running,
   * no timer due, every fiber blocked. Returns true when it ended the wait (e.g. ended the
   * execution); false leaves the driver waiting for an outside call.
   */
  onIdle: (() => boolean) | undefined;
  /** Moves the clock forward to `ms` if it can (virtual time); real time cannot be moved. */
  advanceTo(ms: number): void;
}
