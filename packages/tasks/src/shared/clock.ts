/** The time source a handler reads; the simulated estate and asl-local pass a virtual one. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Wall-clock time. */
export const systemClock: Clock = { now: () => Date.now() };

/** Waits `ms` milliseconds; injectable so tests and simulations do not really wait. */
export type Sleep = (ms: number) => Promise<void>;

/** Real sleep via setTimeout. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
