import type { Clock } from '../shared/clock.js';

/** A clock that only moves when told: the estate's stacks progress on it. */
export class VirtualClock implements Clock {
  #now: number;
  constructor(start = Date.parse('2026-01-01T00:00:00.000Z')) {
    this.#now = start;
  }
  /** Milliseconds since the epoch, virtual. */
  now(): number {
    return this.#now;
  }
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    if (ms < 0) throw new Error(`cannot move a clock backwards (advance by ${ms} ms)`);
    this.#now += ms;
  }
  /** Sets the clock; never backwards. */
  set(ms: number): void {
    if (ms < this.#now) throw new Error(`cannot move a clock backwards (from ${this.#now} to ${ms})`);
    this.#now = ms;
  }
}
