import { AslDslError } from './errors.js';
import type { AfterOption } from './flow-types.js';
import type { GraphBuilder } from './graph.js';
import type { BuilderEnv } from './scope.js';

/** The methods that declare a state. */
export type StateMethod = 'task' | 'pass' | 'choice' | 'wait' | 'succeed' | 'fail' | 'parallel' | 'map';

/**
 * What `graph.after(predecessors)` returns: the graph's state methods, each declaring a state whose
 * `after` is `predecessors` — its input typed by what they send it, and a predecessor without
 * `next`/`end` linked to it — so a sequence reads `machine.after(deploy).wait('Pause', { … })`.
 */
export type StatesAfter<In, Env extends BuilderEnv, A extends AfterOption> = Pick<
  GraphBuilder<In, Env, A>,
  StateMethod
>;

const METHODS: readonly StateMethod[] = [
  'task',
  'pass',
  'choice',
  'wait',
  'succeed',
  'fail',
  'parallel',
  'map',
];

/** The state methods of `graph` with `after: predecessors` given to each state. */
export function statesAfter<In, Env extends BuilderEnv, A extends AfterOption>(
  graph: GraphBuilder<In, Env>,
  predecessors: A,
): StatesAfter<In, Env, A> {
  const methods: Record<string, unknown> = {};
  for (const method of METHODS) {
    const declare = graph[method] as (name: string, options?: object) => unknown;
    methods[method] = (name: string, options: { readonly after?: unknown } = {}) => {
      // A JavaScript caller (or a cast) may still pass it: two `after`s would silently drop one.
      if (options.after !== undefined) {
        throw new AslDslError(
          'InvalidAfter',
          `'${name}' is declared with after(…) and also gives after: name its predecessors once`,
          { stateName: name },
        );
      }
      return declare.call(graph, name, { ...options, after: predecessors });
    };
  }
  return methods as unknown as StatesAfter<In, Env, A>;
}
