import type { JsonObject, JsonPrimitive, JsonValue } from '../model/json.js';
import { AslDslError } from './errors.js';
import { type IntrinsicValue, isIntrinsicValue, renderIntrinsic } from './intrinsics.js';
import {
  checkJsonataSyntax,
  isJsonataExpression,
  type JsonataExpression,
  rawJsonataBody,
  renderJsonataBody,
  renderJsonataField,
  wrapJsonata,
} from './jsonata.js';
import { checkRawPathOrIntrinsic } from './raw-expression.js';
import { childEnv } from './refs/field-env.js';
import { isPathRef, type PathRef, refData } from './refs/path-ref.js';
import { type RenderEnv, renderRef } from './refs/render-ref.js';

/** A value computed at run time: a reference, an intrinsic call (JSONPath) or a JSONata expression. */
export type Dynamic<T> = PathRef<T> | IntrinsicValue<T> | JsonataExpression<T>;

/**
 * A payload shaped like `T` whose leaves may be literals or {@link Dynamic} values of the right type.
 * Used for Parameters, Arguments, ResultSelector, ItemSelector, Output and Assign.
 */
export type Template<T> = unknown extends T ? LooseTemplate : Dynamic<T> | TemplateShape<T>;

type TemplateShape<T> = T extends JsonPrimitive
  ? T
  : T extends readonly (infer E)[]
    ? readonly Template<E>[]
    : T extends object
      ? { readonly [K in keyof T]: Template<T[K]> }
      : never;

/**
 * A payload of unknown shape: JSON with dynamic leaves. In JSONPath states a key ending in `.$` with a
 * string value is the raw escape hatch (`{ 'id.$': '$.accounts[0].id' }`), checked at build time.
 */
export type LooseTemplate =
  | JsonPrimitive
  | Dynamic<unknown>
  | readonly LooseTemplate[]
  | { readonly [key: string]: LooseTemplate };

function renderDynamic(value: unknown, env: RenderEnv): string | undefined {
  if (isPathRef(value)) return renderRef(refData(value), env);
  if (isIntrinsicValue(value)) return renderIntrinsic(value, env);
  if (isJsonataExpression(value)) {
    if (env.queryLanguage === 'JSONPath') {
      throw new AslDslError(
        'WrongQueryLanguageExpression',
        'a JSONata expression cannot be used in a JSONPath state; use a reference or an intrinsic function',
        { stateName: env.stateName, pointer: env.pointer },
      );
    }
    return renderJsonataBody(value, env);
  }
  return undefined;
}

/** A key's or index's environment; its pointer is built only if an error is raised there. */
const at = childEnv;

/**
 * Renders a JSONPath payload (Parameters, ResultSelector, ItemSelector, Assign): dynamic values go
 * under `key.$`; arrays must be literal because ASL does not evaluate paths inside arrays.
 */
export function renderJsonPathPayload(value: unknown, env: RenderEnv): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || renderDynamicSafe(value)) {
    throw new AslDslError('InvalidFieldValue', `${env.field} must be an object in a JSONPath state`, {
      stateName: env.stateName,
      pointer: env.pointer,
    });
  }
  return renderJsonPathObject(value as Record<string, unknown>, env);
}

function renderDynamicSafe(value: unknown): boolean {
  return isPathRef(value) || isIntrinsicValue(value) || isJsonataExpression(value);
}

function renderJsonPathObject(object: Record<string, unknown>, env: RenderEnv): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) continue;
    // Plain JSON literals (most payload leaves) need no environment of their own: nothing to render.
    if (isPlainLiteral(value) && !key.endsWith('.$')) {
      out[key] = value;
      continue;
    }
    const here = at(env, key);
    const dynamic = renderDynamic(value, here);
    if (dynamic !== undefined) {
      out[`${key}.$`] = dynamic;
    } else if (key.endsWith('.$')) {
      if (typeof value !== 'string') {
        throw new AslDslError('InvalidExpression', `a '.$' key must hold a path or intrinsic string`, {
          stateName: env.stateName,
          pointer: here.pointer,
        });
      }
      checkRawPathOrIntrinsic(value, here);
      out[key] = value;
    } else {
      out[key] = renderJsonPathValue(value, here);
    }
  }
  return out;
}

function renderJsonPathValue(value: unknown, env: RenderEnv): JsonValue {
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      const here = at(env, index);
      if (renderDynamicSafe(item)) {
        throw new AslDslError(
          'DynamicValueInArray',
          'JSONPath cannot evaluate a reference inside an array; build the array with States.Array(...)',
          { stateName: env.stateName, pointer: here.pointer },
        );
      }
      return renderJsonPathValue(item, here);
    });
  }
  if (typeof value === 'object' && value !== null) {
    return renderJsonPathObject(value as Record<string, unknown>, env);
  }
  return literal(value, env);
}

/** A string, boolean, null or finite number: what `literal` accepts as is. */
function isPlainLiteral(value: unknown): value is JsonPrimitive {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function literal(value: unknown, env: RenderEnv): JsonPrimitive {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new AslDslError('InvalidFieldValue', `${String(value)} is not a JSON value`, {
    stateName: env.stateName,
    pointer: env.pointer,
  });
}

/**
 * Renders a JSONata value (Arguments, Output, Assign values, Items): dynamic values become
 * `{% ... %}` strings anywhere in the structure; raw `{% %}` strings are checked to parse.
 */
export function renderJsonataValue(value: unknown, env: RenderEnv): JsonValue {
  if (isJsonataExpression(value)) return renderJsonataField(value, env);
  const dynamic = renderDynamic(value, env);
  if (dynamic !== undefined) return wrapJsonata(dynamic, env);
  if (Array.isArray(value)) return value.map((item, index) => renderJsonataValue(item, at(env, index)));
  if (typeof value === 'object' && value !== null) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = renderJsonataValue(item, at(env, key));
    }
    return out;
  }
  if (typeof value === 'string') {
    const body = rawJsonataBody(value);
    if (body !== undefined) checkJsonataSyntax(body, env);
  }
  return literal(value, env);
}

/** Renders a value for the state's query language: a JSONPath payload object or a JSONata value. */
export function renderPayload(value: unknown, env: RenderEnv): JsonValue {
  return env.queryLanguage === 'JSONata' ? renderJsonataValue(value, env) : renderJsonPathPayload(value, env);
}
