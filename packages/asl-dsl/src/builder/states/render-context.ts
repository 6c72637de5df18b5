import type { QueryLanguage } from '../../model/query-language.js';
import type { StateGraph } from '../../model/states.js';
import type { JsonataKind } from '../flow/jsonata-shape.js';
import type { Located } from '../refs/field-env.js';
import type { VariableRead } from '../refs/render-ref.js';
import type { Target } from '../state-handle.js';

/** A graph of states that can render itself (a machine, a Parallel branch or a Map item processor). */
export interface RenderableGraph {
  /** Renders the graph; `at` is where its `StartAt`/`States` live in the definition. */
  renderGraph(context: MachineRenderContext, at: Located): StateGraph;
}

/** Facts of the whole machine that every state render needs. */
export interface MachineRenderContext {
  readonly queryLanguage: QueryLanguage;
  readonly substitutions: ReadonlySet<string>;
  readonly variables: ReadonlySet<string>;
  /** Every state name seen so far, with where it is, to reject duplicates across nested graphs. */
  readonly seenNames: Map<string, Located>;
  /** The variable scope being rendered: reads and assignments, checked at Distributed Map boundaries. */
  readonly variableScope: VariableScope;
  /** The kinds `jsonata.number`-style tags claim, by the JSON pointer of the field (see `flow/`). */
  readonly jsonataClaims: Map<string, JsonataKind>;
}

/** Variable reads and assignments of one scope (the machine, or a Distributed Map's child workflow). */
export interface VariableScope {
  readonly reads: VariableRead[];
  readonly assigned: Set<string>;
}

/** What a state's render function gets: its name, pointer, and how to resolve targets and sub-graphs. */
export interface StateRenderContext extends Located {
  readonly name: string;
  /** JSON pointer of the state, e.g. `/States/Deploy` or `/States/Each/ItemProcessor/States/Deploy`. */
  readonly pointer: string;
  readonly machine: MachineRenderContext;
  /**
   * Resolves the transition target in `field` (`Next`, `Default`) of the object at `at` (by default
   * this context) to a state name of the same graph. The field's pointer is built only on error.
   */
  resolveTarget(target: Target, field: string, at?: Located): string;
  /** The state whose `after` links this one (its `Next` when it gives neither `next` nor `end`). */
  readonly follower?: string | undefined;
}

/** The same state's context with another base pointer (a Choice rule, a Catch). */
export function atPointer(rc: StateRenderContext, at: Located): StateRenderContext {
  return new RelocatedContext(rc, at);
}

/** A class rather than an object of closures: one is made per Choice rule and Catch. */
class RelocatedContext implements StateRenderContext {
  readonly name: string;
  readonly machine: MachineRenderContext;

  constructor(
    private readonly state: StateRenderContext,
    private readonly at: Located,
  ) {
    this.name = state.name;
    this.machine = state.machine;
  }

  get pointer(): string {
    return this.at.pointer;
  }

  resolveTarget(target: Target, field: string, at: Located = this): string {
    return this.state.resolveTarget(target, field, at);
  }

  get follower(): string | undefined {
    return this.state.follower;
  }
}
