/**
 * The simulated estate's clock, following the engine's virtual clock. The engine holds virtual time
 * still while a task handler runs, and a task's `$$.State.EnteredTime` is that time, so each call moves
 * this clock to it (never backwards: concurrent children report times in any order).
 */
export class SimulationClock {
  #now: number;
  constructor(start: number) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  /** Moves to `ms` if that is later. */
  follow(ms: number): void {
    if (ms > this.#now) this.#now = ms;
  }
}
