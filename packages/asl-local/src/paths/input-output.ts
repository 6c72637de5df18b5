import type { JsonObject, JsonValue } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import { NOT_FOUND, parsePath } from './json-path.js';
import { getOwn, setOwn } from './own-property.js';
import { type PathEnvironment, resolvePath } from './path-environment.js';
import { invalidPathCause } from './path-errors.js';

/**
 * InputPath / OutputPath: `null` gives `{}`, `$` (the default) passes through, and a path that selects
 * nothing fails the state with States.Runtime as AWS does ("Invalid path ... No results").
 */
export function applyFilterPath(path: string | null | undefined, env: PathEnvironment): JsonValue {
  if (path === undefined || path === '$') return env.data;
  if (path === null) return {};
  const parsed = parsePath(path);
  const r = resolvePath(parsed, env);
  if (r === NOT_FOUND) {
    const data =
      parsed.root.kind === 'data' ? env.data : parsed.root.kind === 'context' ? env.context() : null;
    throw new StatesError('States.Runtime', invalidPathCause(parsed, data));
  }
  return r;
}

/**
 * ResultPath: puts `result` into `input` at a reference path (copying only the objects on the way,
 * so the input is never mutated), `null` discards the result, `$` replaces the input.
 */
export function applyResultPath(
  input: JsonValue,
  result: JsonValue,
  resultPath: string | null | undefined,
): JsonValue {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return input;
  const keys = resultPathKeys(resultPath);
  // The objects on the way, copied outside in (each checked before the next is read), then linked.
  const copies: JsonObject[] = [];
  let node: JsonValue | undefined = input;
  for (const k of keys) {
    if (node === undefined) node = {};
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw new StatesError(
        'States.ResultPathMatchFailure',
        `Unable to apply ResultPath '${resultPath}' to input '${truncate(JSON.stringify(input))}'`,
      );
    }
    copies.push({ ...node });
    node = getOwn(node, k);
  }
  let value = result;
  for (let d = copies.length - 1; d >= 0; d--) {
    const copy = copies[d] as JsonObject;
    setOwn(copy, keys[d] as string, value);
    value = copy;
  }
  return value;
}

/** The member names of a ResultPath, parsed once per path text (a Map's items apply the same one). */
const resultPathKeyCache = new Map<string, readonly string[]>();

function resultPathKeys(resultPath: string): readonly string[] {
  const hit = resultPathKeyCache.get(resultPath);
  if (hit) return hit;
  let parsed: ReturnType<typeof parsePath>;
  try {
    parsed = parsePath(resultPath);
  } catch (e) {
    const reason = e instanceof StatesError ? e.cause : e instanceof Error ? e.message : String(e);
    throw new StatesError('States.ResultPathMatchFailure', reason);
  }
  if (parsed.root.kind !== 'data' || !parsed.definite) {
    throw new StatesError(
      'States.ResultPathMatchFailure',
      `ResultPath '${resultPath}' is not a reference path`,
    );
  }
  const keys: string[] = [];
  for (const s of parsed.segments) {
    if (s.selector.kind !== 'name') {
      throw new StatesError(
        'States.ResultPathMatchFailure',
        `Unsupported by asl-local: array indexes in ResultPath '${resultPath}'`,
      );
    }
    keys.push(s.selector.name);
  }
  resultPathKeyCache.set(resultPath, keys);
  return keys;
}

function truncate(s: string | undefined): string {
  if (s === undefined) return 'undefined';
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}
