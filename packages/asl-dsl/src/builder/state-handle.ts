import type { ZodType } from 'zod';

declare const handleOutputType: unique symbol;

/**
 * A declared state. Use it as a transition target (`next: deploy`) or as another state's
 * `stateInput` to carry this state's output type over. `Out` is the state's output type where the
 * builder can work it out.
 */
export interface StateHandle<out Out = unknown> {
  readonly [handleOutputType]?: Out;
  /** The state name. */
  readonly name: string;
  /** The graph (machine, branch or item processor) the state belongs to. */
  readonly graph: object;
}

/**
 * A Task's handle, which also carries its payload and result schemas for handlers and engines, and its
 * name as a literal type (so {@link taskLookup} can find it by name with its types).
 */
export interface TaskHandle<Out = unknown, Payload = unknown, Result = unknown, Name extends string = string>
  extends StateHandle<Out> {
  /** The Task state's name. */
  readonly name: Name;
  /** The schema of what the resource receives (Parameters / Arguments), when declared. */
  readonly inputSchema: ZodType<Payload> | undefined;
  /** The schema of what the resource returns, when declared. */
  readonly outputSchema: ZodType<Result> | undefined;
}

/** A transition target: a state name (it may be declared later) or a state handle. */
export type Target = string | StateHandle<unknown>;
