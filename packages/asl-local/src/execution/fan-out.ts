import { BranchCancelled } from './execution.js';
import type { CancelSignal } from './frame.js';

/**
 * The jobs of a {@link fanOut}: `start` runs job `index`; when it returns a promise, `done` (or
 * `failed`) follows in the same promise step as its settling (a job that finished synchronously has
 * done its own): `done` gives the result to collect, `failed` throws the error to report. An object
 * with methods, not closures: the engine's calls into it keep the same targets from one execution
 * to the next (compiled code made for an earlier execution stays valid).
 */
export interface FanOutJobs<T> {
  start(index: number): T | Promise<T>;
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
  jobs: FanOutJobs<T> | ((index: number) => T | Promise<T>),
): Promise<T[]> {
  if (count === 0) return Promise.resolve(new Array<T>(count));
  const j: FanOutJobs<T> = typeof jobs === 'function' ? new PlainJobs(jobs) : jobs;
  return new Promise<T[]>((resolve, reject) => {
    const run = new FanOutRun(count, cancel, j, resolve, reject);
    const width = limit > 0 ? Math.min(limit, count) : count;
    for (let k = 0; k < width; k++) run.startNext();
  });
}

/** Jobs given as one function: results collected as they are, errors reported as they are. */
class PlainJobs<T> implements FanOutJobs<T> {
  constructor(readonly start: (index: number) => T | Promise<T>) {}

  done(_index: number, value: T): T {
    return value;
  }

  failed(_index: number, e: unknown): never {
    throw e;
  }
}

/** One fan-out in progress: its slots, results and first failure. */
class FanOutRun<T> {
  private readonly results: T[];
  private nextIndex = 0;
  private doneCount = 0;
  private failedOnce = false;

  constructor(
    private readonly count: number,
    private readonly cancel: CancelSignal,
    private readonly jobs: FanOutJobs<T>,
    private readonly resolve: (results: T[]) => void,
    private readonly reject: (e: unknown) => void,
  ) {
    this.results = new Array<T>(count);
  }

  private fail(e: unknown): void {
    if (this.failedOnce) return;
    if (e instanceof BranchCancelled) return;
    this.failedOnce = true;
    this.cancel.cancelled = true;
    this.reject(e);
  }

  private finished(i: number, r: T): void {
    this.results[i] = r;
    this.doneCount++;
    if (this.doneCount === this.count) this.resolve(this.results);
  }

  /** One slot: runs jobs until one has to wait; its settling runs the slot on. */
  startNext(): void {
    while (!this.failedOnce && this.nextIndex < this.count) {
      const i = this.nextIndex++;
      let r: T | Promise<T>;
      try {
        r = this.jobs.start(i);
      } catch (e) {
        this.fail(e);
        return;
      }
      if (r instanceof Promise) {
        r.then(
          (v) => this.settled(i, v),
          (e: unknown) => this.rejected(i, e),
        );
        return;
      }
      this.finished(i, r);
    }
  }

  private settled(i: number, v: T): void {
    let out: T;
    try {
      out = this.jobs.done(i, v);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.finished(i, out);
    this.startNext();
  }

  private rejected(i: number, e: unknown): void {
    try {
      this.jobs.failed(i, e);
    } catch (thrown) {
      this.fail(thrown);
      return;
    }
    this.fail(e);
  }
}
