import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '@stackset-lite/asl-dsl/model';
import type jsonataFactory from 'jsonata';
import { StatesError } from '../errors/states-error.js';
import { SeededRandom } from '../execution/seeded-random.js';
import type { VariableScope } from '../execution/variable-scope.js';
import { NODE_HASH_NAMES } from '../paths/hash-algorithms.js';
import { setOwn } from '../paths/own-property.js';

/** The `$states` variable of a JSONata state. */
export interface StatesBinding {
  input: JsonValue;
  context: JsonValue;
  result?: JsonValue;
  errorOutput?: JsonValue;
}

/** Everything a JSONata expression of one state can read. */
export interface JsonataEnvironment {
  states: StatesBinding;
  variables: VariableScope;
  random: SeededRandom;
  /** `State.Field` for error messages. */
  where: string;
  /** Runs real I/O (loading the JSONata runtime) as outside work of the execution's clock. */
  io: <T>(work: () => Promise<T>) => Promise<T>;
  budget: JsonataBudget;
}

/** What one expression may spend: wall-clock milliseconds and nested evaluation steps. */
export interface JsonataBudget {
  timeoutMs: number;
  maxDepth: number;
}

type Expression = ReturnType<typeof jsonataFactory>;
const cache = new Map<string, Expression>();
// Loaded on first use: JSONPath-only machines never pay for the JSONata runtime.
let jsonata: typeof jsonataFactory | undefined;

/** True for a string that is a whole `{% ... %}` JSONata expression. */
export function isJsonataExpression(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('{%') && v.endsWith('%}') && v.length >= 4;
}

async function compile(text: string, where: string, env: JsonataEnvironment): Promise<Expression> {
  const { timeoutMs, maxDepth } = env.budget;
  // JSONata's own guardrails (options.timeout / options.stack) are fixed when compiling.
  const key = `${timeoutMs}/${maxDepth}/${text}`;
  let e = cache.get(key);
  if (!e) {
    jsonata ??= (await env.io(() => import('jsonata'))).default;
    try {
      e = jsonata(text.slice(2, -2), { timeout: timeoutMs, stack: maxDepth });
    } catch (err) {
      throw queryError(text, where, `is not valid JSONata: ${(err as Error).message}`);
    }
    cache.set(key, e);
  }
  return e;
}

function fnError(_where: string, msg: string): StatesError {
  return new StatesError('States.QueryEvaluationError', msg);
}

/** The functions Step Functions adds to JSONata. */
function stepFunctionsFunctions(env: JsonataEnvironment): Record<string, unknown> {
  const w = env.where;
  return {
    partition: (array: unknown, size: unknown) => {
      if (!Array.isArray(array)) throw fnError(w, '$partition: the first argument must be an array');
      if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
        throw fnError(w, '$partition: the chunk size must be a positive integer');
      }
      const out: unknown[] = [];
      for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
      return out;
    },
    range: (start: unknown, end: unknown, step: unknown) => {
      if (![start, end, step].every((x) => typeof x === 'number' && Number.isInteger(x))) {
        throw fnError(w, '$range: start, end and step must be integers');
      }
      const [s, e, st] = [start as number, end as number, step as number];
      if (st === 0) throw fnError(w, '$range: the step must not be 0');
      const out: number[] = [];
      for (let v = s; st > 0 ? v <= e : v >= e; v += st) {
        out.push(v);
        if (out.length > 1000) throw fnError(w, '$range: more than the 1,000 items allowed');
      }
      // A JSONata sequence of one item is that item (AWS-recorded: $range(1, 9, 9) is 1).
      return out.length === 1 ? out[0] : out;
    },
    hash: (data: unknown, algorithm: unknown) => {
      const alg = typeof algorithm === 'string' ? NODE_HASH_NAMES[algorithm] : undefined;
      if (!alg) throw fnError(w, `$hash: unsupported algorithm ${JSON.stringify(algorithm)}`);
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      return createHash(alg).update(text, 'utf8').digest('hex');
    },
    random: (seed?: unknown) => {
      if (seed === undefined) return env.random.next();
      if (typeof seed !== 'number' || !Number.isInteger(seed))
        throw fnError(w, '$random: the seed must be an integer');
      return new SeededRandom(seed).next();
    },
    uuid: () => env.random.uuid(),
    parse: (text: unknown) => {
      if (typeof text !== 'string') throw fnError(w, '$parse: the argument must be a string');
      try {
        return JSON.parse(text);
      } catch {
        throw fnError(w, `$parse: not valid JSON: ${text}`);
      }
    },
  };
}

/**
 * A JSONata failure worded as AWS words it (recorded in LocalStack's
 * evaluate_jsonata and scenarios snapshots): "The JSONata expression '<expr>' specified for the
 * field '<Field/key>' returned nothing (undefined)." / "... threw an error during evaluation.
 * <code>: <message>" / "... returned an unsupported result type."
 */
function queryError(text: string, field: string, what: string): StatesError {
  const se = new StatesError(
    'States.QueryEvaluationError',
    `The JSONata expression '${expressionOf(text)}' specified for the field '${field}' ${what}`,
  );
  se.location = field;
  return se;
}

/** The expression inside `{% ... %}`, as AWS quotes it. */
function expressionOf(text: string): string {
  return text.slice(2, -2).trim();
}

/** A JSONata function value (a lambda or a built-in): not JSON. */
function isFunctionValue(v: unknown): boolean {
  if (typeof v === 'function') return true;
  if (v === null || typeof v !== 'object') return false;
  const o = v as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return o._jsonata_lambda === true || o._jsonata_function === true;
}

/** Evaluates one `{% %}` expression; `undefined` results are an error, as in AWS. */
export async function evaluateJsonata(
  text: string,
  env: JsonataEnvironment,
  field: string,
): Promise<JsonValue> {
  const where = field || 'the expression';
  const expr = await compile(text, where, env);
  const bindings: Record<string, unknown> = env.variables.isEmpty ? {} : env.variables.toRecord();
  bindings.states = env.states;
  Object.assign(bindings, stepFunctionsFunctions({ ...env, where }));
  let r: unknown;
  try {
    r = await expr.evaluate(env.states.input, bindings);
  } catch (err) {
    if (err instanceof StatesError)
      throw queryError(text, where, `threw an error during evaluation. ${err.cause}`);
    const code = (err as { code?: unknown }).code;
    if (code === 'D1011' || code === 'D1012') {
      const what =
        code === 'D1011'
          ? `nested deeper than the ${env.budget.maxDepth} evaluation steps allowed (a recursion that does not end?)`
          : `ran longer than the ${env.budget.timeoutMs} ms allowed (a loop that does not end?)`;
      throw queryError(
        text,
        where,
        `threw an error during evaluation. ${code}: it ${what}; asl-local's options.jsonata sets this budget`,
      );
    }
    const msg = (err as { message?: string }).message ?? String(err);
    throw queryError(
      text,
      where,
      `threw an error during evaluation. ${typeof code === 'string' ? `${code}: ` : ''}${msg}`,
    );
  }
  if (r === undefined) throw queryError(text, where, 'returned nothing (undefined).');
  const json = toJson(r);
  if (json === FUNCTION) throw queryError(text, where, 'returned an unsupported result type.');
  return json;
}

const FUNCTION: unique symbol = Symbol('function');

/** Plain JSON of a JSONata result, or FUNCTION when it is (or holds) a function. */
function toJson(v: unknown): JsonValue | typeof FUNCTION {
  if (isFunctionValue(v)) return FUNCTION;
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    return v as JsonValue;
  }
  // JSONata sequences are arrays with extra flags; a JSON round-trip yields plain data.
  let holdsFunction = false;
  const text = JSON.stringify(v, (_k, x: unknown) => {
    if (isFunctionValue(x)) {
      holdsFunction = true;
      return null;
    }
    return x;
  });
  if (holdsFunction) return FUNCTION;
  return JSON.parse(text) as JsonValue;
}

/**
 * Evaluates a JSONata-state field value: `{% %}` strings anywhere inside objects and arrays are
 * evaluated; everything else is literal.
 */
export async function evaluateJsonataTemplate(
  value: JsonValue,
  env: JsonataEnvironment,
  field: string,
): Promise<JsonValue> {
  if (typeof value === 'string')
    return isJsonataExpression(value) ? evaluateJsonata(value, env, field) : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (let i = 0; i < value.length; i++)
      out.push(await evaluateJsonataTemplate(value[i] as JsonValue, env, `${field}/${i}`));
    return out;
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value))
    setOwn(out, k, await evaluateJsonataTemplate(v, env, field ? `${field}/${k}` : k));
  return out;
}
