import type { QueryLanguage } from '../model/query-language.js';
import type { ContextObject } from './refs/context-object.js';
import { createPathProxy, type PathProxy } from './refs/path-ref.js';

/**
 * The types a graph of states shares: declared variables, the context object (typed with the machine
 * input and the current Map item) and the DefinitionSubstitutions keys.
 */
export interface BuilderEnv {
  /** The machine's query language (JSONata machines reject JSONPath-only options at compile time). */
  readonly queryLanguage: QueryLanguage;
  readonly vars: object;
  readonly context: object;
  readonly substitutions: string;
}

/** The environment of a machine without declared variables or substitutions. */
export interface DefaultEnv extends BuilderEnv {
  readonly queryLanguage: 'JSONPath';
  readonly vars: Record<never, never>;
  readonly context: ContextObject;
  readonly substitutions: never;
}

/** Typed references to the declared variables: `vars.deployResult.status` renders `$deployResult.status`. */
export type VariableRefs<V> = { readonly [K in keyof V & string]-?: PathProxy<V[K]> };

/** What a state option callback sees: the state input, the variables and the context object. */
export interface StateScope<In, Env extends BuilderEnv> {
  /** The state input (`$` in JSONPath, `$states.input` in JSONata). */
  readonly input: PathProxy<In>;
  /** Workflow variables (`$name`). */
  readonly vars: VariableRefs<Env['vars']>;
  /** The context object (`$$` in JSONPath, `$states.context` in JSONata). */
  readonly ctx: PathProxy<Env['context']>;
}

/** The scope of fields that see a state's result (ResultSelector, Output, Assign). */
export interface ResultScope<In, R, Env extends BuilderEnv> extends StateScope<In, Env> {
  /** The state result (`$` in ResultSelector / JSONPath Assign, `$states.result` in JSONata). */
  readonly result: PathProxy<R>;
}

/** The error output a Catch sees. */
export interface ErrorOutput {
  Error: string;
  Cause: string;
}

/** The scope of a Catch's Output and Assign. */
export interface CatchScope<In, Env extends BuilderEnv> extends StateScope<In, Env> {
  /** The error output (`$` in JSONPath, `$states.errorOutput` in JSONata). */
  readonly errorOutput: PathProxy<ErrorOutput>;
}

/** A value given directly, or computed from the scope's typed references. */
export type Computed<Scope, T> = T | ((scope: Scope) => T);

const variablesProxy: unknown = new Proxy(Object.create(null) as object, {
  get(_target, property) {
    if (typeof property === 'symbol') return undefined;
    return createPathProxy('variable', property);
  },
});

/** One scope object serves every state: proxies are immutable, so they can be shared. */
const SHARED_SCOPE = {
  input: createPathProxy('input'),
  result: createPathProxy('result'),
  errorOutput: createPathProxy('errorOutput'),
  vars: variablesProxy,
  ctx: createPathProxy('context'),
};

/** Resolves a {@link Computed} value. */
export function compute<T>(value: Computed<never, T>): T {
  return typeof value === 'function' ? (value as (scope: unknown) => T)(SHARED_SCOPE) : value;
}
