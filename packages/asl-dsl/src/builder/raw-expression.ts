import { AslDslError } from './errors.js';
import type { RenderEnv } from './refs/render-ref.js';

/** The 18 intrinsic function names, for checking raw strings. */
const INTRINSIC_NAMES = new Set([
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
]);

/**
 * A JSONPath as AWS accepts it in path fields: `$`, `$$`, or `$name` (a variable), then `.name`,
 * `['name']`, `[n]`, `[*]`, `..name`, slices and filters. The builder checks only the outer shape;
 * the validator parses paths fully.
 */
const RAW_PATH = /^\$(\$|[A-Za-z_][A-Za-z0-9_]*)?((\.\.?[^.[\]\s]+)|(\[[^\]]*\])|\.\*)*$/;

/** A reference path (ResultPath and friends): names and indexes only, no wildcards or filters. */
const REFERENCE_PATH = /^\$((\.[A-Za-z_][A-Za-z0-9_-]*)|(\['[^']*'\])|(\[\d+\]))*$/;

function fail(message: string, env: RenderEnv): never {
  throw new AslDslError('InvalidExpression', message, { stateName: env.stateName, pointer: env.pointer });
}

/** Checks a raw JSONPath string (the escape hatch for path fields). */
export function checkRawPath(value: string, env: RenderEnv): void {
  if (!RAW_PATH.test(value)) fail(`'${value}' is not a JSONPath (it must start with '$')`, env);
}

/** Checks a raw reference path (ResultPath): `$`, `$.a.b`, `$['a b']`, `$.a[0]`. */
export function checkReferencePath(value: string, env: RenderEnv): void {
  if (!REFERENCE_PATH.test(value)) {
    fail(`'${value}' is not a reference path (only '$', '.name', ['name'] and [index] are allowed)`, env);
  }
}

/** Checks a raw value of a `.$` key: a JSONPath or an intrinsic function call. */
export function checkRawPathOrIntrinsic(value: string, env: RenderEnv): void {
  if (value.startsWith('States.')) {
    const name = value.slice(0, value.indexOf('('));
    if (!INTRINSIC_NAMES.has(name) || !value.endsWith(')')) {
      fail(`'${value}' is not a call of one of the 18 intrinsic functions`, env);
    }
    return;
  }
  checkRawPath(value, env);
}
