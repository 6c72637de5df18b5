import jsonataCompiler from 'jsonata';
import type { JsonPrimitive } from '../model/json.js';
import { AslDslError } from './errors.js';
import { type JsonataKind, jsonataShape, kindOf, parseJsonata } from './flow/jsonata-shape.js';
import { isPathRef, type PathRef, refData } from './refs/path-ref.js';
import { type RenderEnv, renderRef } from './refs/render-ref.js';

/** The key under which a JSONata expression keeps its parts. */
export const JSONATA_EXPRESSION: unique symbol = Symbol('@stackset-lite/asl-dsl/jsonata');

declare const jsonataResultType: unique symbol;

/**
 * What may be interpolated into a {@link jsonata} expression: references, other expressions, JSON
 * literals, and arrays and objects of these (rendered as JSONata array and object constructors).
 */
export type JsonataInterpolation =
  | PathRef<unknown>
  | JsonataExpression<unknown>
  | JsonPrimitive
  | readonly JsonataInterpolation[]
  | { readonly [key: string]: JsonataInterpolation };

/**
 * A JSONata expression, rendered as `{% ... %}`, whose value has type `T`. JSONata states only.
 * `T` follows from how it was built: a typed function helper (`$.count(ref)` is a number), a
 * kind-claiming tag checked at build time (`jsonata.number`), or `unknown` for a plain `jsonata` tag.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
export interface JsonataExpression<out T> {
  readonly [jsonataResultType]?: () => T;
  readonly [JSONATA_EXPRESSION]: {
    readonly strings: readonly string[];
    readonly values: readonly JsonataInterpolation[];
    /** The kind a `jsonata.number`-style tag claims, checked against the expression at build time. */
    readonly claim?: JsonataKind;
  };
}

/** A tagged template that builds a JSONata expression of type `T`. */
export type JsonataTag<T> = (
  strings: TemplateStringsArray,
  ...values: JsonataInterpolation[]
) => JsonataExpression<T>;

/**
 * The `jsonata` tag: a JSONata expression whose value is `unknown` to TypeScript, plus one tag per
 * kind that claims its value's kind and has it checked when the model is built.
 */
export interface JsonataTags extends JsonataTag<unknown> {
  /** A JSONata expression that gives a number; build time rejects one that gives another kind. */
  readonly number: JsonataTag<number>;
  /** A JSONata expression that gives a string; build time rejects one that gives another kind. */
  readonly string: JsonataTag<string>;
  /** A JSONata expression that gives a boolean; build time rejects one that gives another kind. */
  readonly boolean: JsonataTag<boolean>;
  /** A JSONata expression that gives an array (of values not described further). */
  readonly array: JsonataTag<unknown[]>;
  /** A JSONata expression that gives an object (of fields not described further). */
  readonly object: JsonataTag<{ [key: string]: unknown }>;
}

function tag<T>(claim: JsonataKind | undefined): JsonataTag<T> {
  return (strings, ...values) =>
    ({
      [JSONATA_EXPRESSION]: {
        strings: [...strings],
        values,
        ...(claim === undefined ? {} : { claim }),
      },
    }) as JsonataExpression<T>;
}

/**
 * Tagged templates for JSONata expressions; interpolated references render as `$states.input.x`,
 * `$name` or `$states.context.x`, arrays and objects as JSONata constructors, other values as
 * JSONata literals. The expression is parsed at build time.
 *
 * - `` jsonata.number`${input.polls} + 1` ``, `jsonata.string`, `jsonata.boolean`, `jsonata.array`,
 *   `jsonata.object`: the value's kind is claimed for TypeScript and checked when the model is built,
 *   against what the expression gives (its operator, built-in function, literal, constructor, or the
 *   schema of the data a plain path reaches). A claim the expression cannot confirm (`$lookup`, a
 *   lambda, a path into untyped data) is trusted, by TypeScript and by the build-time flow checks.
 * - `` jsonata`…` ``: the value is `unknown` to TypeScript; the build-time checks still work out its
 *   shape from the expression.
 *
 * Prefer the typed helpers of {@link $} (`$.count(input.accounts)`), whose types follow from their
 * arguments, and plain references where they say the same.
 */
export const jsonata: JsonataTags = Object.assign(tag<unknown>(undefined), {
  number: tag<number>('number'),
  string: tag<string>('string'),
  boolean: tag<boolean>('boolean'),
  array: tag<unknown[]>('array'),
  object: tag<{ [key: string]: unknown }>('object'),
});

/** True when `value` was built with {@link jsonata} (or a typed helper). */
export function isJsonataExpression(value: unknown): value is JsonataExpression<unknown> {
  return typeof value === 'object' && value !== null && JSONATA_EXPRESSION in value;
}

/** The kind a `jsonata.<kind>` tag claimed for this expression, if any. */
export function jsonataClaim(expression: JsonataExpression<unknown>): JsonataKind | undefined {
  return expression[JSONATA_EXPRESSION].claim;
}

/**
 * Renders the body of a JSONata expression (without `{% %}`). A claimed kind is checked here against
 * what the expression itself gives (the data it reads is checked by the flow checks).
 */
export function renderJsonataBody(expression: JsonataExpression<unknown>, env: RenderEnv): string {
  const { strings, values, claim } = expression[JSONATA_EXPRESSION];
  let body = strings[0] ?? '';
  values.forEach((value, index) => {
    body += renderInterpolation(value, env) + (strings[index + 1] ?? '');
  });
  body = body.trim();
  if (claim !== undefined) {
    checkJsonataSyntax(body, env);
    // The data the expression reads is not known here: the flow checks look at it again with it.
    checkJsonataClaim(body, claim, kindOf(jsonataShape(body, {})), env);
  }
  return body;
}

/** Throws `JsonataKindMismatch` when an expression known to give `actual` was claimed as `claim`. */
export function checkJsonataClaim(
  body: string,
  claim: JsonataKind,
  actual: JsonataKind | 'null' | undefined,
  env: { readonly stateName: string | undefined; readonly pointer: string },
): void {
  if (actual === undefined || actual === claim) return;
  throw new AslDslError(
    'JsonataKindMismatch',
    `jsonata.${claim} claims ${article(claim)} ${claim}, but the JSONata expression '${body}' gives ${article(actual)} ${actual}`,
    { stateName: env.stateName, pointer: env.pointer },
  );
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? 'an' : 'a';
}

function renderInterpolation(value: JsonataInterpolation, env: RenderEnv): string {
  if (isPathRef(value)) return renderRef(refData(value), env);
  if (isJsonataExpression(value)) return `(${renderJsonataBody(value, env)})`;
  if (Array.isArray(value)) {
    return `[${value.map((item: JsonataInterpolation) => renderInterpolation(item, env)).join(', ')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as { readonly [key: string]: JsonataInterpolation });
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${renderInterpolation(item, env)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Renders an expression as a whole field value (`{% … %}`) and records the kind it claims, if any,
 * under the field's pointer: the flow checks compare it with what the data the expression reads gives.
 */
export function renderJsonataField(expression: JsonataExpression<unknown>, env: RenderEnv): string {
  const text = wrapJsonata(renderJsonataBody(expression, env), env);
  const claim = expression[JSONATA_EXPRESSION].claim;
  if (claim !== undefined) env.jsonataClaims?.set(env.pointer, claim);
  return text;
}

/** Wraps a body as an ASL JSONata string after checking that it parses. */
export function wrapJsonata(body: string, env: RenderEnv): string {
  checkJsonataSyntax(body, env);
  return `{% ${body} %}`;
}

/** Throws `InvalidExpression` when a JSONata body does not parse. */
export function checkJsonataSyntax(body: string, env: RenderEnv): void {
  // Parsed once per body; the flow checks read the same parse.
  if (parseJsonata(body) !== undefined) return;
  try {
    jsonataCompiler(body);
  } catch (error) {
    // jsonata throws plain objects with a `message`, not Error instances.
    const reason =
      typeof error === 'object' && error !== null && 'message' in error
        ? String(error.message)
        : String(error);
    throw new AslDslError('InvalidExpression', `JSONata expression '${body}' does not parse: ${reason}`, {
      stateName: env.stateName,
      pointer: env.pointer,
    });
  }
}

/** The body of a raw `{% ... %}` string, or undefined when the string is not a JSONata expression. */
export function rawJsonataBody(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.startsWith('{%') && trimmed.endsWith('%}')) return trimmed.slice(2, -2).trim();
  return undefined;
}
