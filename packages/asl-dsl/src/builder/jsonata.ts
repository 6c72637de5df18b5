import jsonataCompiler from 'jsonata';
import { AslDslError } from './errors.js';
import { isPathRef, type PathRef, refData } from './refs/path-ref.js';
import { type RenderEnv, renderRef } from './refs/render-ref.js';

/** The key under which a JSONata expression keeps its parts. */
export const JSONATA_EXPRESSION: unique symbol = Symbol('@stackset-lite/asl-dsl/jsonata');

declare const jsonataResultType: unique symbol;

/** What may be interpolated into a {@link jsonata} expression. */
export type JsonataInterpolation =
  | PathRef<unknown>
  | JsonataExpression<unknown>
  | string
  | number
  | boolean
  | null;

/**
 * A JSONata expression, rendered as `{% ... %}`. JSONata states only.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
export interface JsonataExpression<out T> {
  readonly [jsonataResultType]?: () => T;
  readonly [JSONATA_EXPRESSION]: {
    readonly strings: readonly string[];
    readonly values: readonly JsonataInterpolation[];
  };
}

/**
 * Tagged template for a JSONata expression; interpolated references render as `$states.input.x`,
 * `$name` or `$states.context.x`, and other values as JSONata literals. Give the result type when
 * it matters: `` jsonata<number>`$count(${input.accounts})` ``. The expression is parsed at build time.
 */
export function jsonata<T = unknown>(
  strings: TemplateStringsArray,
  ...values: JsonataInterpolation[]
): JsonataExpression<T> {
  return { [JSONATA_EXPRESSION]: { strings: [...strings], values } } as JsonataExpression<T>;
}

/** True when `value` was built with {@link jsonata}. */
export function isJsonataExpression(value: unknown): value is JsonataExpression<unknown> {
  return typeof value === 'object' && value !== null && JSONATA_EXPRESSION in value;
}

/** Renders the body of a JSONata expression (without `{% %}`). */
export function renderJsonataBody(expression: JsonataExpression<unknown>, env: RenderEnv): string {
  const { strings, values } = expression[JSONATA_EXPRESSION];
  let body = strings[0] ?? '';
  values.forEach((value, index) => {
    body += renderInterpolation(value, env) + (strings[index + 1] ?? '');
  });
  return body.trim();
}

function renderInterpolation(value: JsonataInterpolation, env: RenderEnv): string {
  if (isPathRef(value)) return renderRef(refData(value), env);
  if (isJsonataExpression(value)) return `(${renderJsonataBody(value, env)})`;
  return JSON.stringify(value);
}

/** Wraps a body as an ASL JSONata string after checking that it parses. */
export function wrapJsonata(body: string, env: RenderEnv): string {
  checkJsonataSyntax(body, env);
  return `{% ${body} %}`;
}

/** Throws `InvalidExpression` when a JSONata body does not parse. */
export function checkJsonataSyntax(body: string, env: RenderEnv): void {
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
