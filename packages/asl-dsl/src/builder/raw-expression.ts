import { checkIntrinsicCall } from '../paths/intrinsic-check.js';
import { parseIntrinsic } from '../paths/intrinsic-parser.js';
import { parseJsonPath } from '../paths/jsonpath-parser.js';
import { isReferencePath } from '../paths/reference-path.js';
import { AslDslError } from './errors.js';
import type { RenderEnv } from './refs/render-ref.js';

function fail(message: string, env: RenderEnv): never {
  throw new AslDslError('InvalidExpression', message, { stateName: env.stateName, pointer: env.pointer });
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// Paths already found valid: machines repeat the same few raw paths many times. Bounded.
const VALID_PATHS = new Set<string>();
const MAX_CACHED_PATHS = 10_000;

/** Checks a raw JSONPath string (the escape hatch for path fields) with the shared JSONPath parser. */
export function checkRawPath(value: string, env: RenderEnv): void {
  if (VALID_PATHS.has(value)) return;
  try {
    parseJsonPath(value);
  } catch (error) {
    fail(`'${value}' is not a JSONPath: ${reason(error)}`, env);
  }
  if (VALID_PATHS.size >= MAX_CACHED_PATHS) VALID_PATHS.clear();
  VALID_PATHS.add(value);
}

const VALID_REFERENCE_PATHS = new Set<string>(['$']);

/** Checks a raw reference path (ResultPath): `$`, `$.a.b`, `$['a b']`, `$.a[0]`; no wildcards or filters. */
export function checkReferencePath(value: string, env: RenderEnv): void {
  if (VALID_REFERENCE_PATHS.has(value)) return;
  checkRawPath(value, env);
  if (!isReferencePath(value)) {
    fail(`'${value}' is not a reference path (only names and indexes; no wildcards, slices or filters)`, env);
  }
  if (VALID_REFERENCE_PATHS.size >= MAX_CACHED_PATHS) VALID_REFERENCE_PATHS.clear();
  VALID_REFERENCE_PATHS.add(value);
}

/** Checks a raw value of a `.$` key: a JSONPath, or an intrinsic call that parses and fits its signature. */
export function checkRawPathOrIntrinsic(value: string, env: RenderEnv): void {
  if (!value.startsWith('States.')) {
    checkRawPath(value, env);
    return;
  }
  let problems: { message: string }[];
  try {
    problems = checkIntrinsicCall(parseIntrinsic(value));
  } catch (error) {
    fail(reason(error), env);
  }
  const [first] = problems;
  if (first !== undefined) fail(`'${value}': ${first.message}`, env);
}
