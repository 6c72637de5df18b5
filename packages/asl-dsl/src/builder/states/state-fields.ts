import type { JsonObject, JsonValue } from '../../model/json.js';
import type { QueryLanguage } from '../../model/query-language.js';
import { AslDslError, joinPointer } from '../errors.js';
import type { JsonataExpression } from '../jsonata.js';
import { isJsonataExpression, renderJsonataField, wrapJsonata } from '../jsonata.js';
import { checkRawPath, checkReferencePath } from '../raw-expression.js';
import { FieldEnv } from '../refs/field-env.js';
import { isPathRef, type PathProxy, type PathRef, refData } from '../refs/path-ref.js';
import { type FieldRole, type RenderEnv, renderRef, rootsFor } from '../refs/render-ref.js';
import { type BuilderEnv, type Computed, compute } from '../scope.js';
import type { Target } from '../state-handle.js';
import { renderJsonataValue, renderJsonPathPayload } from '../template.js';
import type { StateRenderContext } from './render-context.js';

/** Sets `state[key]` when `value` is defined (direct assignment: rendering 1,000 states must not spread). */
export function put<T extends object, K extends keyof T>(state: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) state[key] = value;
}

/**
 * A JSONPath-only option: in a JSONata state (a JSONata machine, or `queryLanguage: 'JSONata'`) its type
 * is a message, so setting it does not compile and the error says why.
 */
export type JsonPathOnly<Env extends BuilderEnv, T> = Env['queryLanguage'] extends 'JSONata'
  ? JsonPathFieldInJsonata
  : T;

/** The type of a JSONPath-only option in a JSONata state: the message the compiler shows. */
export type JsonPathFieldInJsonata =
  '✗ a JSONPath-only field, but this state uses JSONata: use arguments / output / items / condition';

/**
 * A JSONata-only option: in a JSONPath state (the machine's default, unless the state sets
 * `queryLanguage: 'JSONata'`) its type is a message, so `arguments` / `output` / `items` / `condition`
 * on a JSONPath state do not compile.
 */
export type JsonataOnly<Env extends BuilderEnv, T> = Env['queryLanguage'] extends 'JSONPath'
  ? JsonataFieldInJsonPath
  : T;

/** The type of a JSONata-only option in a JSONPath state: the message the compiler shows. */
export type JsonataFieldInJsonPath =
  "✗ a JSONata-only field, but this state uses JSONPath: use parameters / resultSelector / resultPath / outputPath, or queryLanguage: 'JSONata'";

/** The query languages a state may choose in a machine: only JSONata inside a JSONata machine. */
export type AllowedQueryLanguage<Env extends BuilderEnv> = Env['queryLanguage'] extends 'JSONata'
  ? 'JSONata'
  : QueryLanguage;

/** The environment of one state: the machine's, with the state's own query language when it sets one. */
export type StateEnv<Env extends BuilderEnv, SQ> = SQ extends QueryLanguage
  ? Omit<Env, 'queryLanguage'> & { readonly queryLanguage: SQ }
  : Env;

/** The `queryLanguage` option, captured as a literal so the state's other options can follow it. */
export interface QueryLanguageOption<SQ> {
  /**
   * This state's query language; defaults to the machine's. Only `'JSONata'` inside a JSONata machine.
   * @default the machine's query language
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
   */
  readonly queryLanguage?: SQ;
}

/** Options every state accepts. */
export interface CommonOptions {
  /**
   * A human-readable description of the state.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
   */
  readonly comment?: string;
  /**
   * The query language of this state; defaults to the machine's. A JSONata machine cannot hold a
   * JSONPath state.
   * @default the machine's query language
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
   */
  readonly queryLanguage?: QueryLanguage;
}

/**
 * How a non-terminal state ends: the next state, or the end of the execution. Exactly one is required,
 * unless a later state names this one in `after` (it then becomes the next state).
 */
export interface TransitionOptions<NX = Target, END = true> {
  /**
   * The next state, by name (declared before or after) or by handle; a handle's declared input must
   * accept this state's output.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
   */
  readonly next?: NX;
  /** End the execution (or branch / iteration) after this state. @default false @see https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html */
  readonly end?: END;
}

/** A JSONPath-only path field: a typed reference, a raw path, or `null` (discard). */
export type PathOption<In> =
  | null
  | `$${string}`
  | ((scope: { readonly input: PathProxy<In> }) => PathRef<unknown>);

/**
 * An `inputPath` / `outputPath` option whose choice `P` is kept: a raw path or `null` (as a literal),
 * or a callback over `In` (`P` is then the type of the value it references). See `Selected`.
 */
export type PathChoice<In, P> =
  | (P & (null | `$${string}`))
  | ((scope: { readonly input: PathProxy<In> }) => PathRef<P>);

/** A number given as a literal, a typed reference (→ `…Path` in JSONPath) or a JSONata expression. */
export type DynamicNumber = number | PathRef<number | undefined> | JsonataExpression<number>;

/** A string given as a literal, a typed reference (→ `…Path` in JSONPath) or a JSONata expression. */
export type DynamicString = string | PathRef<string | undefined> | JsonataExpression<string>;

/** A {@link DynamicNumber}, or a callback that picks it from the state's typed scope: `({ input }) => input.wait`. */
export type DynamicNumberOption<Scope> =
  | DynamicNumber
  | ((scope: Scope) => PathRef<number | undefined> | JsonataExpression<number>);

/** A {@link DynamicString}, or a callback that picks it from the state's typed scope. */
export type DynamicStringOption<Scope> =
  | DynamicString
  | ((scope: Scope) => PathRef<string | undefined> | JsonataExpression<string>);

/** The effective query language of a state, enforcing the mixing rule. */
export function queryLanguageOf(options: CommonOptions, rc: StateRenderContext): QueryLanguage {
  const own = options.queryLanguage;
  if (own === 'JSONPath' && rc.machine.queryLanguage === 'JSONata') {
    throw new AslDslError(
      'ConflictingQueryLanguages',
      'a JSONata state machine cannot contain a JSONPath state; remove queryLanguage or use JSONata',
      { stateName: rc.name, pointer: joinPointer(rc.pointer, 'QueryLanguage') },
    );
  }
  return own ?? rc.machine.queryLanguage;
}

/** `Comment` and an explicit `QueryLanguage`. */
export function commonFields(options: CommonOptions): { Comment?: string; QueryLanguage?: QueryLanguage } {
  return {
    ...(options.comment === undefined ? {} : { Comment: options.comment }),
    ...(options.queryLanguage === undefined ? {} : { QueryLanguage: options.queryLanguage }),
  };
}

/** A render environment for one field of a state. */
export function envFor(
  rc: StateRenderContext,
  queryLanguage: QueryLanguage,
  field: string,
  role: FieldRole = 'state-input',
  hasResult = true,
): RenderEnv {
  // The pointer (`rc.pointer` + field) is built only if an error is raised.
  return new FieldEnv(
    queryLanguage,
    rootsFor(role, queryLanguage, hasResult),
    rc.name,
    field,
    rc.machine.variableScope.reads,
    rc,
    field,
    rc.machine.jsonataClaims,
  );
}

/**
 * Rejects option fields that do not exist in the state's query language, naming the ASL field.
 * `fields` maps an option name to its ASL field name.
 */
export function rejectFields(
  options: object,
  queryLanguage: QueryLanguage,
  jsonPathOnly: Record<string, string>,
  jsonataOnly: Record<string, string>,
  rc: StateRenderContext,
): void {
  const forbidden = queryLanguage === 'JSONata' ? jsonPathOnly : jsonataOnly;
  const values = options as Record<string, unknown>;
  for (const option in forbidden) {
    if (values[option] === undefined) continue;
    const language = queryLanguage === 'JSONata' ? 'JSONPath' : 'JSONata';
    const field = forbidden[option] ?? option;
    throw new AslDslError(
      queryLanguage === 'JSONata' ? 'JsonPathFieldInJsonata' : 'JsonataFieldInJsonPath',
      `${field} is a ${language} field but the state uses ${queryLanguage}${
        queryLanguage === 'JSONata' ? ' (use arguments / output / items / condition)' : ''
      }`,
      { stateName: rc.name, pointer: joinPointer(rc.pointer, field) },
    );
  }
}

/** `Next` or `End`, exactly one. */
export function transitionFields(
  options: TransitionOptions<Target | undefined, true | undefined>,
  rc: StateRenderContext,
): { Next: string } | { End: true } {
  if (options.next !== undefined && options.end !== undefined) {
    throw new AslDslError('MissingTransition', 'a state has either next or end: true, not both', {
      stateName: rc.name,
      pointer: joinPointer(rc.pointer, 'End'),
    });
  }
  if (options.next !== undefined) {
    return { Next: rc.resolveTarget(options.next, 'Next') };
  }
  if (options.end === true) return { End: true };
  // A later state's `after` names this one: it is the next state.
  if (rc.follower !== undefined) return { Next: rc.resolveTarget(rc.follower, 'Next') };
  throw new AslDslError('MissingTransition', 'give next (a state name or handle) or end: true', {
    stateName: rc.name,
    pointer: rc.pointer,
  });
}

/** Renders `InputPath` / `OutputPath` / `ItemsPath`-style fields (JSONPath only). */
export function pathField(value: PathOption<unknown> | undefined, env: RenderEnv): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string') {
    checkRawPath(value, env);
    return value;
  }
  return renderRef(refData(compute(value as Computed<never, PathRef<unknown>>)), env);
}

/** Renders `ResultPath` (a reference path into the state input, or `null` to discard the result). */
export function resultPathField(
  value: PathOption<unknown> | undefined,
  env: RenderEnv,
): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string') {
    checkReferencePath(value, env);
    return value;
  }
  const data = refData(compute(value as Computed<never, PathRef<unknown>>));
  if (data.root !== 'input') {
    throw new AslDslError('ReferenceOutOfScope', 'ResultPath must point into the state input', {
      stateName: env.stateName,
      pointer: env.pointer,
    });
  }
  return renderRef(data, env);
}

/** Where a path is not allowed but a value may be: renders a number/string field and its `…Path` form. */
export function dynamicField(
  field: string,
  value: DynamicNumber | DynamicString | undefined,
  env: RenderEnv,
): Record<string, JsonValue> {
  if (value === undefined) return {};
  if (isPathRef(value)) {
    const rendered = renderRef(refData(value), env);
    return env.queryLanguage === 'JSONata'
      ? { [field]: wrapJsonata(rendered, env) }
      : { [`${field}Path`]: rendered };
  }
  if (isJsonataExpression(value)) {
    if (env.queryLanguage === 'JSONPath') {
      throw new AslDslError(
        'WrongQueryLanguageExpression',
        `${field} cannot be a JSONata expression in a JSONPath state`,
        {
          stateName: env.stateName,
          pointer: env.pointer,
        },
      );
    }
    return { [field]: renderJsonataField(value, env) };
  }
  return { [field]: value };
}

/** Checks a literal number field is an integer within range. */
export function checkRange(
  value: DynamicNumber | undefined,
  min: number,
  max: number,
  env: RenderEnv,
  integer = true,
): void {
  if (typeof value !== 'number') return;
  if ((integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new AslDslError(
      'InvalidFieldValue',
      `${env.field} must be ${integer ? 'an integer ' : ''}between ${min} and ${max}, got ${value}`,
      { stateName: env.stateName, pointer: env.pointer },
    );
  }
}

/** Renders `Assign`, checking the variable names against the machine's declarations. */
export function assignField(
  assign: unknown,
  rc: StateRenderContext,
  queryLanguage: QueryLanguage,
  role: FieldRole,
  hasResult: boolean,
  at?: string,
): { Assign?: JsonObject } {
  if (assign === undefined) return {};
  const pointer = at ?? joinPointer(rc.pointer, 'Assign');
  const env: RenderEnv = { ...envFor(rc, queryLanguage, 'Assign', role, hasResult), pointer };
  const value = compute(assign as Computed<never, object>);
  for (const name of Object.keys(value)) {
    const variable = name.endsWith('.$') ? name.slice(0, -2) : name;
    if (!rc.machine.variables.has(variable)) {
      throw new AslDslError(
        'InvalidVariable',
        `variable '${variable}' is not declared; declare it in stateMachine({ variables })`,
        { stateName: rc.name, pointer: joinPointer(pointer, name) },
      );
    }
  }
  for (const name of Object.keys(value)) {
    rc.machine.variableScope.assigned.add(name.endsWith('.$') ? name.slice(0, -2) : name);
  }
  const rendered =
    queryLanguage === 'JSONata'
      ? (renderJsonataValue(value, env) as JsonObject)
      : renderJsonPathPayload(value, env);
  return { Assign: rendered };
}

/** Renders `Output` (JSONata only). */
export function outputField(
  output: unknown,
  rc: StateRenderContext,
  queryLanguage: QueryLanguage,
  hasResult: boolean,
  role: FieldRole = 'assign-output',
): { Output?: JsonValue } {
  if (output === undefined) return {};
  const env = envFor(rc, queryLanguage, 'Output', role, hasResult);
  return { Output: renderJsonataValue(compute(output as Computed<never, unknown>), env) };
}
