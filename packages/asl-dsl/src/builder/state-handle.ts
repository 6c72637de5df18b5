import type { ZodType } from 'zod';

declare const handleOutputType: unique symbol;
declare const handleInputType: unique symbol;
declare const handleEdges: unique symbol;

/**
 * One transition of a state, as the types see it: the name of the state it leads to (`string` when the
 * target is not known yet, e.g. a state without `next` that a later `after` links) and the data it
 * carries. A handle's edges let a later state's `after` find what flows into it by name.
 */
export interface Edge<out To extends string = string, out Data = unknown> {
  readonly to: To;
  readonly data: Data;
}

/**
 * A declared state. Use it as a transition target (`next: deploy`), as a later state's `after`
 * (its input is then what this state sends it) or as `stateInput`.
 *
 * - `Out`: the state's output on its `Next` transition;
 * - `Name`: the state's name, as a literal where it was given as one;
 * - `In`: the state's declared input, which every state transitioning to it by handle must satisfy
 *   (`never`: not declared, nothing to check);
 * - `Edges`: every transition (`Next`, Choice rules and `Default`, `Catch`) with the data it carries.
 */
export interface StateHandle<
  out Out = unknown,
  out Name extends string = string,
  in In = never,
  out Edges extends Edge = Edge<string, Out>,
> {
  // Functions, so inferring the types back keeps `undefined`.
  readonly [handleOutputType]?: () => Out;
  readonly [handleInputType]?: (input: In) => void;
  readonly [handleEdges]?: Edges;
  /** The state name. */
  readonly name: Name;
  /** The graph (machine, branch or item processor) the state belongs to. */
  readonly graph: object;
}

/** A Task's handle, which also carries its payload and result schemas for handlers and engines. */
export interface TaskHandle<
  Out = unknown,
  Payload = unknown,
  Result = unknown,
  Name extends string = string,
  In = never,
  Edges extends Edge = Edge<string, Out>,
> extends StateHandle<Out, Name, In, Edges> {
  /** The schema of what the resource receives (Parameters / Arguments), when declared. */
  readonly inputSchema: ZodType<Payload> | undefined;
  /** The schema of what the resource returns, when declared. */
  readonly outputSchema: ZodType<Result> | undefined;
}

/** A transition target: a state name (it may be declared later) or a state handle. */
export type Target = string | StateHandle<unknown>;

/** The output type of a state handle: `OutputOf<typeof deploy>`. */
export type OutputOf<H> = H extends { readonly [handleOutputType]?: () => infer Out } ? Out : never;

/** The declared input type of a state handle (`never` when the state declares none). */
export type InputOf<H> = H extends { readonly [handleInputType]?: (input: infer In) => void } ? In : never;

/** The transitions of a state handle, as {@link Edge}s. */
export type EdgesOf<H> = H extends { readonly [handleEdges]?: infer E } ? E : never;

/** The name a transition target designates (`string` when it is not a literal). */
export type TargetName<T> = T extends string
  ? T
  : T extends { readonly name: infer N extends string }
    ? N
    : string;
