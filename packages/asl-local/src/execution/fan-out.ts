import { BranchCancelled } from './execution.js';
import type { CancelSignal } from './frame.js';

/**
 * What follows a job that returned a promise, in the same promise step as its settling (a job
 * that finished synchronously has done its own): `done` gives the result to collect, `failed`
 * throws the error to report.
 */
export interface FanOutSettle<T> {
  done(index: number, value: T): T;
  failed(index: number, e: unknown): never;
}

/**
 * Runs `count` jobs with at most `limit` at once (0 = all at once) and collects their results in
 * order. The first failure sets `cancel` and rejects at once: siblings stop at their next state
 * and nothing waits for them (a sibling may be blocked on a task token forever). A job may finish
 * synchronously: its slot then starts the next job in a loop (no recursion, no promise step).
 */
export function fanOut<T>(
  count: number,
  limit: number,
  cancel: CancelSignal,
  job: (index: number) => T | Promise<T>,
  settle?: FanOutSettle<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  if (count === 0) return Promise.resolve(results);
  return new Promise<T[]>((resolve, reject) => {
    let nextIndex = 0;
    let done = 0;
    let failed = false;
    const fail = (e: unknown): void => {
      if (failed) return;
      if (e instanceof BranchCancelled) return;
      failed = true;
      cancel.cancelled = true;
      reject(e);
    };
    const finished = (i: number, r: T): void => {
      results[i] = r;
      done++;
      if (done === count) resolve(results);
    };
    // One slot: runs jobs until one has to wait; its settling runs the slot on.
    const startNext = (): void => {
      while (!failed && nextIndex < count) {
        const i = nextIndex++;
        let r: T | Promise<T>;
        try {
          r = job(i);
        } catch (e) {
          fail(e);
          return;
        }
        if (r instanceof Promise) {
          r.then(
            (v) => {
              let out = v;
              if (settle) {
                try {
                  out = settle.done(i, v);
                } catch (e) {
                  fail(e);
                  return;
                }
              }
              finished(i, out);
              startNext();
            },
            (e: unknown) => {
              if (settle) {
                try {
                  settle.failed(i, e);
                } catch (thrown) {
                  fail(thrown);
                  return;
                }
              }
              fail(e);
            },
          );
          return;
        }
        finished(i, r);
      }
    };
    const width = limit > 0 ? Math.min(limit, count) : count;
    for (let k = 0; k < width; k++) startNext();
  });
}
