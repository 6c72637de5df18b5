import { AslDslError } from './errors.js';
import type { TaskHandle } from './state-handle.js';

/** Task handles by name, each with its payload and result types (see {@link taskLookup}). */
export interface TaskLookup<H extends TaskHandle<unknown, unknown, unknown>> {
  /** The names of the Task states, in the order given. */
  readonly names: readonly H['name'][];
  /**
   * The handle of the Task state `name`, typed: `handlerFor(machine.handle('Deploy'), (payload) => …)`
   * gets the Deploy task's payload and result types.
   * @throws AslDslError `UnknownTaskState` for a name not given (only reachable from untyped code)
   */
  handle<N extends H['name']>(name: N): Extract<H, { readonly name: N }>;
}

/**
 * Keeps a machine's Task handles by name without losing their types, for test harnesses and local
 * engines that wire handlers by task name:
 *
 * ```ts
 * const m = stateMachine({ input: Input });
 * const deploy = m.task('Deploy', { inputSchema: DeployInput, outputSchema: DeployOutput, … });
 * const poll = m.task('Poll', { … });
 * export const tasks = taskLookup(deploy, poll);
 * // elsewhere: handlers: { deployer: handlerFor(tasks.handle('Deploy'), async (payload) => …) }
 * ```
 * @throws AslDslError `DuplicateStateName` when two handles share a name
 */
export function taskLookup<const H extends readonly TaskHandle<unknown, unknown, unknown>[]>(
  ...handles: H
): TaskLookup<H[number]> {
  const byName = new Map<string, H[number]>();
  for (const handle of handles) {
    if (byName.has(handle.name)) {
      throw new AslDslError(
        'DuplicateStateName',
        `two Task handles named '${handle.name}' given to taskLookup`,
        {
          stateName: handle.name,
        },
      );
    }
    byName.set(handle.name, handle);
  }
  return {
    names: handles.map((h) => h.name),
    handle<N extends H[number]['name']>(name: N): Extract<H[number], { readonly name: N }> {
      const found = byName.get(name);
      if (found === undefined) {
        throw new AslDslError(
          'UnknownTaskState',
          `no Task state named '${name}' (Task states: ${[...byName.keys()].join(', ') || 'none'})`,
        );
      }
      return found as Extract<H[number], { readonly name: N }>;
    },
  };
}
