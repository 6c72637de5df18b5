import { createHash } from 'node:crypto';
import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import {
  type FormatTemplatePart,
  INTRINSIC_FUNCTIONS,
  type IntrinsicArgument,
  type IntrinsicCall,
  IntrinsicSyntaxError,
  JsonPathSyntaxError,
  parseFormatTemplate,
  parseIntrinsic as parseIntrinsicAst,
} from '@stackset-lite/asl-dsl/paths';
import { StatesError } from '../errors/states-error.js';
import type { SeededRandom } from '../execution/seeded-random.js';
import { NODE_HASH_NAMES } from './hash-algorithms.js';
import { NOT_FOUND } from './json-path.js';
import { type PathEnvironment, resolvePath } from './path-environment.js';
import { pathNotFoundCause } from './path-errors.js';

const fail = (cause: string) => new StatesError('States.IntrinsicFailure', cause);
const cache = new Map<string, IntrinsicCall>();

/** True when a `.$` value is an intrinsic-function call rather than a path. */
export function isIntrinsic(text: string): boolean {
  return text.startsWith('States.');
}

/**
 * Parses (and caches) an intrinsic-function expression with the DSL's parser; syntax errors,
 * unknown functions and wrong arity are States.IntrinsicFailure.
 */
export function parseIntrinsic(text: string): IntrinsicCall {
  const hit = cache.get(text);
  if (hit) return hit;
  let call: IntrinsicCall;
  try {
    call = parseIntrinsicAst(text);
  } catch (e) {
    if (e instanceof IntrinsicSyntaxError || e instanceof JsonPathSyntaxError) throw fail(e.message);
    throw e;
  }
  checkArity(call);
  cache.set(text, call);
  return call;
}

function checkArity(call: IntrinsicCall): void {
  const sig = INTRINSIC_FUNCTIONS.get(call.name);
  if (!sig) throw fail(`Unknown intrinsic function ${call.name}`);
  const n = call.arguments.length;
  if (n < sig.minArity || n > sig.maxArity) {
    const want =
      sig.minArity === sig.maxArity
        ? `${sig.minArity}`
        : Number.isFinite(sig.maxArity)
          ? `${sig.minArity} to ${sig.maxArity}`
          : `at least ${sig.minArity}`;
    throw fail(`${call.name} takes ${want} argument(s), got ${n}`);
  }
  for (const a of call.arguments) if (a.kind === 'call') checkArity(a);
}

/** What an intrinsic call needs besides its arguments. */
export interface IntrinsicEnvironment extends PathEnvironment {
  random: SeededRandom;
}

/** Evaluates an intrinsic-function expression (string or parsed) with AWS's argument rules. */
export function evaluateIntrinsic(
  text: string | IntrinsicCall,
  env: IntrinsicEnvironment,
  field = 'the intrinsic function',
): JsonValue {
  const call = typeof text === 'string' ? parseIntrinsic(text) : text;
  if (call.name === 'States.Format') return format(call, env, field);
  const args = call.arguments.map((a) => evaluateArg(a, env, field));
  const impl = FUNCTIONS[call.name];
  if (!impl) throw fail(`Unknown intrinsic function ${call.name}`);
  return impl(args, env, call.name);
}

function evaluateArg(arg: IntrinsicArgument, env: IntrinsicEnvironment, field: string): JsonValue {
  switch (arg.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return arg.value;
    case 'null':
      return null;
    case 'call':
      return evaluateIntrinsic(arg, env, field);
    case 'path': {
      const v = resolvePath(arg.path.source, env);
      // As for a plain path: States.Runtime, which no catcher catches.
      if (v === NOT_FOUND)
        throw new StatesError('States.Runtime', pathNotFoundCause(arg.path.source, field, env.data));
      return v;
    }
  }
}

/** States.Format renders the raw template so `\{` stays a literal brace. */
function format(call: IntrinsicCall, env: IntrinsicEnvironment, field: string): JsonValue {
  const [first, ...rest] = call.arguments;
  const name = call.name;
  let parts: FormatTemplatePart[];
  if (first?.kind === 'string') parts = parseFormatTemplate(first.raw);
  else {
    const t = first ? evaluateArg(first, env, field) : undefined;
    if (typeof t !== 'string') throw fail(`${name}: the template must be a string, got ${JSON.stringify(t)}`);
    parts = parseFormatTemplate(t);
  }
  const values = rest.map((a) => evaluateArg(a, env, field));
  const holes = parts.filter((p) => p.kind === 'placeholder').length;
  if (holes !== values.length) {
    throw fail(`${name}: the template has ${holes} {} but ${values.length} argument(s) were given`);
  }
  let out = '';
  let used = 0;
  for (const p of parts) {
    if (p.kind === 'text') out += p.text;
    else {
      out += formatValue(values[used++] as JsonValue);
    }
  }
  return out;
}

/**
 * How States.Format renders an argument: strings as they are, objects and arrays the way Java
 * prints maps and lists (`{Arg1=1, Arg2=[]}`, AWS-recorded).
 */
function formatValue(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}=${formatValue(x)}`)
    .join(', ')}}`;
}

type Impl = (args: JsonValue[], env: IntrinsicEnvironment, name: string) => JsonValue;

function arity(name: string, args: JsonValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw fail(`${name} takes ${want} argument(s), got ${args.length}`);
  }
}
function str(name: string, v: JsonValue, what: string): string {
  if (typeof v !== 'string') throw fail(`${name}: ${what} must be a string, got ${JSON.stringify(v)}`);
  return v;
}
function int(name: string, v: JsonValue, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw fail(`${name}: ${what} must be an integer, got ${JSON.stringify(v)}`);
  }
  return v;
}
/** A number rounded half up (Java's Math.round), as AWS takes decimals in the Math functions. */
function rounded(name: string, v: JsonValue, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw fail(`${name}: ${what} must be a number, got ${JSON.stringify(v)}`);
  }
  return Math.round(v) + 0;
}
function arr(name: string, v: JsonValue, what: string): JsonValue[] {
  if (!Array.isArray(v)) throw fail(`${name}: ${what} must be an array, got ${JSON.stringify(v)}`);
  return v;
}
function limitLength(name: string, s: string): void {
  if (s.length > 10000) throw fail(`${name}: the input is longer than the 10,000 characters allowed`);
}

/** Canonical JSON with sorted keys, for deep equality of JSON values. */
export function canonicalJson(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k] as JsonValue)}`).join(',')}}`;
}

const FUNCTIONS: Record<string, Impl> = {
  'States.Format': (args) => args.join(''),
  'States.StringToJson': (args, _env, name) => {
    arity(name, args, 1);
    const s = str(name, args[0] as JsonValue, 'the argument');
    // AWS returns null for an empty or blank string (recorded), not a parse error.
    if (s.trim() === '') return null;
    try {
      // -0 is not a JSON value: AWS answers 0 (recorded).
      return JSON.parse(s, (_k, v: unknown) => (Object.is(v, -0) ? 0 : v)) as JsonValue;
    } catch {
      throw fail(`${name}: the argument is not valid JSON: ${s}`);
    }
  },
  'States.JsonToString': (args, _env, name) => {
    arity(name, args, 1);
    return JSON.stringify(args[0]);
  },
  'States.Array': (args) => args,
  'States.ArrayPartition': (args, _env, name) => {
    arity(name, args, 2);
    const a = arr(name, args[0] as JsonValue, 'the first argument');
    const size = int(name, args[1] as JsonValue, 'the chunk size');
    if (size <= 0) throw fail(`${name}: the chunk size must be greater than 0, got ${size}`);
    const out: JsonValue[] = [];
    for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
    return out;
  },
  'States.ArrayContains': (args, _env, name) => {
    arity(name, args, 2);
    const a = arr(name, args[0] as JsonValue, 'the first argument');
    const needle = canonicalJson(args[1] as JsonValue);
    return a.some((x) => canonicalJson(x) === needle);
  },
  'States.ArrayRange': (args, _env, name) => {
    arity(name, args, 3);
    const start = int(name, args[0] as JsonValue, 'the start');
    const end = int(name, args[1] as JsonValue, 'the end');
    const step = int(name, args[2] as JsonValue, 'the step');
    if (step === 0) throw fail(`${name}: the step must not be 0`);
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > 1000) throw fail(`${name}: the range has more than the 1,000 items allowed`);
    }
    return out;
  },
  'States.ArrayGetItem': (args, _env, name) => {
    arity(name, args, 2);
    const a = arr(name, args[0] as JsonValue, 'the first argument');
    const i = int(name, args[1] as JsonValue, 'the index');
    if (i < 0 || i >= a.length) throw fail(`${name}: index ${i} is out of bounds (length ${a.length})`);
    return a[i] as JsonValue;
  },
  'States.ArrayLength': (args, _env, name) => {
    arity(name, args, 1);
    return arr(name, args[0] as JsonValue, 'the argument').length;
  },
  'States.ArrayUnique': (args, _env, name) => {
    arity(name, args, 1);
    const seen = new Set<string>();
    const out: JsonValue[] = [];
    for (const x of arr(name, args[0] as JsonValue, 'the argument')) {
      const k = canonicalJson(x);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(x);
      }
    }
    return out;
  },
  'States.Base64Encode': (args, _env, name) => {
    arity(name, args, 1);
    const s = str(name, args[0] as JsonValue, 'the argument');
    limitLength(name, s);
    return Buffer.from(s, 'utf8').toString('base64');
  },
  'States.Base64Decode': (args, _env, name) => {
    arity(name, args, 1);
    const s = str(name, args[0] as JsonValue, 'the argument');
    limitLength(name, s);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) throw fail(`${name}: '${s}' is not base64`);
    return Buffer.from(s, 'base64').toString('utf8');
  },
  'States.Hash': (args, _env, name) => {
    arity(name, args, 2);
    const data = args[0] as JsonValue;
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    limitLength(name, text);
    const alg = str(name, args[1] as JsonValue, 'the algorithm');
    const node = NODE_HASH_NAMES[alg];
    if (!node) throw fail(`${name}: unsupported algorithm '${alg}' (MD5, SHA-1, SHA-256, SHA-384, SHA-512)`);
    return createHash(node).update(text, 'utf8').digest('hex');
  },
  'States.JsonMerge': (args, _env, name) => {
    arity(name, args, 3);
    const [a, b, deep] = args;
    const isObj = (v: JsonValue | undefined): v is Record<string, JsonValue> =>
      v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!isObj(a) || !isObj(b)) throw fail(`${name}: both inputs must be JSON objects`);
    if (deep !== false)
      throw fail(`${name}: only shallow merge is supported (the third argument must be false)`);
    return { ...a, ...b };
  },
  'States.MathRandom': (args, env, name) => {
    arity(name, args, 2, 3);
    const start = rounded(name, args[0] as JsonValue, 'the start');
    const end = rounded(name, args[1] as JsonValue, 'the end');
    if (end <= start) throw fail(`${name}: the end must be greater than the start`);
    return env.random.int(start, end);
  },
  'States.MathAdd': (args, _env, name) => {
    arity(name, args, 2);
    // Each operand is rounded half up first (AWS-recorded: 1.5 + 1.51 = 4, -1.5 + -1.51 = -3).
    return (
      rounded(name, args[0] as JsonValue, 'the first value') +
      rounded(name, args[1] as JsonValue, 'the step') +
      0
    );
  },
  'States.StringSplit': (args, _env, name) => {
    arity(name, args, 2);
    const s = str(name, args[0] as JsonValue, 'the input');
    const delims = str(name, args[1] as JsonValue, 'the delimiter');
    const out: string[] = [];
    let cur = '';
    for (const ch of s) {
      if (delims.includes(ch)) {
        if (cur !== '') out.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur !== '') out.push(cur);
    return out;
  },
  'States.UUID': (args, env, name) => {
    arity(name, args, 0);
    return env.random.uuid();
  },
};

/** The names of the 18 intrinsic functions this engine implements. */
export const INTRINSIC_FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);
