import type { Resolved } from './resolved.js';
import type { ErrorOutput } from './scope.js';
import type { Edge, EdgesOf, InputOf, OutputOf, StateHandle, TargetName } from './state-handle.js';

/** What `after` accepts: the handle of an earlier state of the same graph, or several. */
export type AfterOption = StateHandle<unknown> | readonly StateHandle<unknown>[];

/** The data the transitions of the handle(s) `A` carry to the state named `N`. */
export type FlowInto<A, N extends string> = A extends readonly (infer H)[]
  ? EdgeData<EdgesOf<H>, N>
  : EdgeData<EdgesOf<A>, N>;

type EdgeData<E, N extends string> =
  E extends Edge<infer To, infer Data> ? (N extends To ? Data : string extends N ? Data : never) : never;

/** A state's input type: its `stateInput`, else what `after` sends it, else the graph input `In`. */
export type StateInput<A, SI, N extends string, In> = [SI] extends [never]
  ? [A] extends [undefined]
    ? In
    : FlowInto<A, N>
  : // Not plain `SI`: inference would then read a state's input back into SI from every callback.
    SI extends infer Declared
    ? Declared
    : never;

/** The names of the handles in `A` that have no transition to `N`. */
type Unlinked<A, N extends string> = (A extends readonly (infer H)[] ? H : A) extends infer H
  ? H extends unknown
    ? [EdgeData<EdgesOf<H>, N>] extends [never]
      ? TargetName<H>
      : never
    : never
  : never;

/** Checks `after`: each handle leads to this state, and what they send satisfies `stateInput`. */
export type AfterCheck<A, N extends string, SI> = [A] extends [undefined]
  ? unknown
  : [Unlinked<A, N>] extends [never]
    ? [SI] extends [never]
      ? unknown
      : [FlowInto<A, N>] extends [SI]
        ? unknown
        : `✗ after: what '${TargetName<A extends readonly (infer H)[] ? H : A>}' sends to '${N}' does not satisfy its stateInput${Mismatch<FlowInto<A, N>, SI>}`
    : `✗ after: no transition of '${Unlinked<A, N>}' leads to '${N}' (next, a Choice rule, default or catch must name it)`;

/**
 * The type of a state's `name` argument: the name itself when the flow checks pass, else the first
 * check's message, so the one error sits on the state's name and reads as the cause.
 */
export type CheckedName<N extends string, Check> = unknown extends Check
  ? N
  : // No inference from the message: it is computed from the other type parameters.
    NoInfer<Check>;

/**
 * The options given, by key: what tells a callback option TypeScript has not typed yet from one that
 * was left out. TypeScript infers a call in two rounds; in the first, callbacks over the state's input
 * are skipped, so a type parameter inferred from one (a Pass `parameters`, a `resultSelector`, a
 * processor) still has its default. The call's arguments are checked at the end of that round too, and
 * a `next` check made with that default (the input passed through) fails a loop back that the second
 * round would accept: the call is then rejected before its callbacks are typed. See {@link Typing}.
 */
export type GivenKeys<K extends PropertyKey> = { readonly [P in K]?: unknown };

/**
 * `true` while the callback option `Key` is given (`K` holds the given keys) but its type parameter
 * `T` still has its default `D`: the state's output is not known yet, so the `next` check waits for
 * the round that types it.
 */
export type Typing<K, Key extends string, T, D = never> = Key extends K
  ? [T] extends [D]
    ? [D] extends [T]
      ? true
      : false
    : false
  : false;

/** The `next` target to check: none while the output still waits for a callback (see {@link Typing}). */
export type CheckedNext<NX, Waiting> = true extends Waiting ? undefined : NX;

/** The flow checks of a state: `after` first, then `next`. */
export type FlowCheck<A, N extends string, SI, NX, Out> =
  unknown extends AfterCheck<A, N, SI> ? NextCheck<NX, Out> : AfterCheck<A, N, SI>;

/** Checks a `next` given as a handle: this state's output satisfies that state's declared input. */
export type NextCheck<NX, Out> =
  NX extends StateHandle<unknown>
    ? [InputOf<NX>] extends [never]
      ? unknown
      : [Out] extends [InputOf<NX>]
        ? unknown
        : `✗ next: this state's output does not satisfy the input '${TargetName<NX>}' declares${Mismatch<Out, InputOf<NX>>}`
    : unknown;

type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];

/** The first-level fields that explain why `Out` does not satisfy `In`. */
type Mismatch<Out, In> = [In] extends [object]
  ? [Out] extends [object]
    ? [Exclude<RequiredKeys<In>, keyof Out>] extends [never]
      ? [ConflictingKeys<Out, In>] extends [never]
        ? ''
        : `: field '${OneOf<ConflictingKeys<Out, In>> & string}' has another type`
      : `: field '${OneOf<Exclude<RequiredKeys<In>, keyof Out>> & string}' is missing`
    : ''
  : '';

/** One member of a union, so a message names one field rather than splitting into one message per field. */
type OneOf<U> = (
  (U extends unknown ? (pick: () => U) => void : never) extends (pick: infer I) => void
    ? I
    : never
) extends () => infer R
  ? R
  : never;

type ConflictingKeys<Out, In> = {
  [K in keyof In & keyof Out]-?: [Out[K]] extends [In[K]] ? never : K;
}[keyof In & keyof Out];

/** The value a template or a template callback produces. */
export type ResolvedValue<T> = T extends (...args: never[]) => infer R ? Resolved<R> : Resolved<T>;

/**
 * A JSONPath state's data after `ResultPath`: the result itself (`$` or absent), the input unchanged
 * (`null`), or the input with the result placed at a `$.a.b` path. Other paths give `unknown`.
 */
export type AfterResultPath<In, Result, RP> = RP extends undefined | '$'
  ? Result
  : RP extends null
    ? In
    : RP extends `$.${infer Path}`
      ? Placed<In, Path, Result>
      : unknown;

type Placed<In, Path extends string, Result> = Path extends `${string}[${string}`
  ? unknown
  : Path extends `${infer Head}.${infer Rest}`
    ? Omit<In, Head> & { [K in Head]: Placed<Head extends keyof In ? In[Head] : unknown, Rest, Result> }
    : Omit<In, Path> & { [K in Path]: Result };

/**
 * The value an `InputPath` / `OutputPath` option selects. `P` is what the option was inferred as: a
 * raw path (`$` or absent: the whole value; `$.a.b`: the value there; other paths: `unknown`), `null`
 * (`{}`), or, for a callback, the type of the value its reference points at.
 */
export type Selected<T, P> = [P] extends [undefined]
  ? T
  : [P] extends [null]
    ? Record<string, never>
    : P extends '$'
      ? T
      : P extends `$.${infer Path}`
        ? ValueAtPath<T, Path>
        : P extends `$${string}`
          ? unknown
          : P;

type ValueAtPath<T, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof NonNullable<T>
    ? ValueAtPath<NonNullable<T>[Head], Rest>
    : unknown
  : Path extends keyof NonNullable<T>
    ? NonNullable<T>[Path]
    : unknown;

/**
 * The `Next` transition: to the named state; none with `end: true`; open (to any name) when neither is
 * given, as a later `after` links it.
 */
export type NextEdge<NX, Out, END = undefined> = [NX] extends [undefined]
  ? [END] extends [true]
    ? never
    : Edge<string, Out>
  : Edge<TargetName<NX>, Out>;

/**
 * The transitions of a `catch` list: each to its `next`, carrying the error output as placed. Only a
 * literal list (a tuple) is known; without `catch`, or with a list built elsewhere, there are none
 * (build-time checks still see every Catch).
 */
export type CatchEdges<C, S> =
  number extends Length<C>
    ? never
    : C extends readonly (infer K)[]
      ? K extends { readonly next: infer T }
        ? Edge<TargetName<T>, CaughtData<K, S>>
        : never
      : never;

type Length<T> = T extends { readonly length: infer L } ? L : number;

/** What a Catch passes on: its JSONata `output`, else the error output placed by `resultPath`. */
export type CaughtData<K, S> = K extends { readonly output: infer O }
  ? ResolvedValue<O>
  : K extends { readonly resultPath: infer RP }
    ? AfterResultPath<S, ErrorOutput, RP>
    : ErrorOutput;

/** The transitions of a Choice: each rule's `next` (with the rule's JSONata `output`) and `default`. */
export type ChoiceEdges<CR, D, Out> =
  | (CR extends readonly (infer K)[]
      ? K extends { readonly next: infer T }
        ? Edge<TargetName<T>, K extends { readonly output: infer O } ? ResolvedValue<O> : Out>
        : never
      : never)
  | ([D] extends [undefined] ? never : Edge<TargetName<D>, Out>);

/**
 * What an item processor or branch callback returns: nothing (its output is then `unknown`), or the
 * handle(s) of its terminal states, whose outputs make the processor's or branch's output type.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a callback with a block body and no return returns void
export type GraphResult = void | StateHandle<unknown> | readonly StateHandle<unknown>[];

/** The output of a branch or of one Map iteration, from the handles its callback returned. */
// biome-ignore lint/suspicious/noConfusingVoidType: what a callback without a return gives
export type GraphOutput<PR> = PR extends void | undefined
  ? unknown
  : PR extends readonly (infer H)[]
    ? OutputOf<H>
    : OutputOf<PR>;

/** What a Distributed Map that exports its results to S3 returns instead of the results. */
export interface ResultWriterOutput {
  MapRunArn: string;
  ResultWriterDetails: { Bucket: string; Key: string };
}

/** A Map's result: the iterations' outputs, or the ResultWriter's export details. */
export type MapResult<PR, RW> = RW extends { readonly resource: string }
  ? ResultWriterOutput
  : GraphOutput<PR>[];

/** A Parallel's result: one output per branch, in order (`B` is what each branch callback returns). */
export type ParallelResult<B> = { -readonly [I in keyof B]: GraphOutput<B[I]> };
