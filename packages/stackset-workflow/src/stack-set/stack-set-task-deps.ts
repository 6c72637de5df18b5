import type { QueueDeps } from './operation-queue.js';
import type { StackSetStore } from './stack-set-store.js';

/** What our tasks need to run a stack set operation: the store, the clock and the launcher of the next one. */
export interface StackSetTaskDeps {
  store: StackSetStore;
  queue: QueueDeps;
}

/** The stack set dependencies, or an error saying the installation has none (a wiring mistake, not bad input). */
export function requireStackSets(deps: StackSetTaskDeps | undefined): StackSetTaskDeps {
  if (!deps) {
    throw new Error(
      'this execution runs a stack set operation (input.stackSet) but the task has no stack set store: set STACK_SET_TABLE',
    );
  }
  return deps;
}
