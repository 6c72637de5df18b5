import type { JsonObject, JsonValue } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import {
  evaluateIntrinsic,
  type IntrinsicEnvironment,
  isIntrinsic,
  parseIntrinsic,
} from './intrinsic-functions.js';
import { NOT_FOUND, parsePath } from './json-path.js';
import { setOwn } from './own-property.js';
import { resolvePath } from './path-environment.js';
import { pathNotFoundCause } from './path-errors.js';

type Compiled = (env: IntrinsicEnvironment, field: string) => JsonValue;

const compiled = new WeakMap<object, Compiled>();

/**
 * Applies an ASL payload template (Parameters, ResultSelector, ItemSelector, JSONPath Assign):
 * keys ending in `.$` take the value of a path, a context path or an intrinsic call.
 * Templates are compiled once per definition object, so a 10,000-item Map pays the parsing once.
 */
export function applyPayloadTemplate(
  template: JsonValue,
  env: IntrinsicEnvironment,
  field: string,
): JsonValue {
  // A template that is not an object or array (AWS accepts any JSON as Parameters) is its own value.
  if (template === null || typeof template !== 'object') return template;
  let fn = compiled.get(template);
  if (!fn) {
    fn = compile(template);
    compiled.set(template, fn);
  }
  return fn(env, field);
}

function compile(value: JsonValue): Compiled {
  if (Array.isArray(value)) {
    const parts = value.map(compile);
    return (env, field) => parts.map((p) => p(env, field));
  }
  if (value === null || typeof value !== 'object') return () => value;
  const entries: [string, Compiled][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith('.$')) {
      const outKey = key.slice(0, -2);
      entries.push([outKey, compileDynamic(key, v)]);
    } else entries.push([key, compile(v)]);
  }
  return (env, field) => {
    const out: JsonObject = {};
    for (const [k, f] of entries) setOwn(out, k, f(env, field));
    return out;
  };
}

function compileDynamic(key: string, v: JsonValue): Compiled {
  if (typeof v !== 'string') {
    return (_env, field) => {
      throw new StatesError(
        'States.Runtime',
        `The value of the field '${key}' in ${field} must be a path or an intrinsic function, got ${JSON.stringify(v)}`,
      );
    };
  }
  if (isIntrinsic(v)) {
    const call = parseIntrinsic(v);
    return (env) => evaluateIntrinsic(call, env, key);
  }
  let parsed: ReturnType<typeof parsePath>;
  try {
    parsed = parsePath(v);
  } catch (e) {
    // The StatesError's cause, not its message (which starts with the error name).
    const reason = e instanceof StatesError ? e.cause : e instanceof Error ? e.message : String(e);
    return () => {
      throw new StatesError('States.Runtime', `The field '${key}': ${reason}`);
    };
  }
  return (env) => {
    const r = resolvePath(parsed, env);
    // AWS: States.Runtime (not States.ParameterPathFailure), which no catcher catches.
    if (r === NOT_FOUND) throw new StatesError('States.Runtime', pathNotFoundCause(v, key, env.data));
    return r;
  };
}
