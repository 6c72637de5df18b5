import { BranchCancelled } from './execution.js';
import type { CancelSignal } from './frame.js';

/**
 * Runs `count` jobs with at most `limit` at once (0 = all at once) and collects their results in
 * order. The first failure sets `cancel` and rejects at once: siblings stop at their next state
 * and nothing waits for them (a sibling may be blocked on a task token forever).
 */
export function fanOut<T>(
  count: number,
  limit: number,
  cancel: CancelSignal,
  job: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  if (count === 0) return Promise.resolve(results);
  return new Promise<T[]>((resolve, reject) => {
    let nextIndex = 0;
    let done = 0;
    let failed = false;
    const startNext = (): void => {
      if (failed || nextIndex >= count) return;
      const i = nextIndex++;
      job(i).then(
        (r) => {
          results[i] = r;
          done++;
          if (done === count) resolve(results);
          else startNext();
        },
        (e: unknown) => {
          if (failed) return;
          if (e instanceof BranchCancelled) return;
          failed = true;
          cancel.cancelled = true;
          reject(e);
        },
      );
    };
    const width = limit > 0 ? Math.min(limit, count) : count;
    for (let k = 0; k < width; k++) startNext();
  });
}
