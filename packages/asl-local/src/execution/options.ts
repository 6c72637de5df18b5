// zod/mini: the engine validates its options without loading all of zod (~13 MB of RSS) into every process.
import * as z from 'zod/mini';
import type { ObjectStore } from '../distributed/object-store.js';
import { DEFAULT_LAMBDA_CONCURRENCY } from '../lambda/lambda-account.js';

/** AWS's payload quota: 256 KiB per state input, output and execution input/output. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 262_144;
/** AWS's hard quota of history events of a Standard execution. */
export const DEFAULT_MAX_HISTORY_EVENTS = 25_000;

/** Wall-clock milliseconds one JSONata expression may run (a loop that never ends is an error). */
export const DEFAULT_JSONATA_TIMEOUT_MS = 10_000;
/** Nested JSONata evaluation steps allowed (about three per recursive call: ~1,600 deep calls). */
export const DEFAULT_JSONATA_MAX_DEPTH = 5_000;

/** What the engine calls on an {@link ObjectStore}. */
const OBJECT_STORE_METHODS = [
  'getObject',
  'putObject',
  'listObjects',
] as const satisfies readonly (keyof ObjectStore)[];

const limitValue = z.union([z.number().check(z.int(), z.positive()), z.literal(false)]);

/** Validated execution options (see {@link ExecutionOptions}). */
export const executionOptionsSchema = z.strictObject({
  clock: z._default(z.enum(['virtual', 'real']), 'virtual'),
  startTime: z.optional(z.union([z.date(), z.string(), z.number()])),
  context: z.optional(z.record(z.string(), z.unknown())),
  limits: z.optional(
    z.union([
      z.literal(false),
      z.strictObject({ maxPayloadBytes: z.optional(limitValue), maxHistoryEvents: z.optional(limitValue) }),
    ]),
  ),
  seed: z.optional(z.number().check(z.int())),
  executionType: z._default(z.enum(['STANDARD', 'EXPRESS']), 'STANDARD'),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
  stateMachineName: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
  region: z._default(z.string(), 'us-east-1'),
  accountId: z._default(z.string(), '123456789012'),
  roleArn: z.optional(z.string()),
  recordHistory: z._default(z.boolean(), true),
  lambdaConcurrency: z._default(
    z.union([z.number().check(z.int(), z.positive()), z.literal(false)]),
    DEFAULT_LAMBDA_CONCURRENCY,
  ),
  jsonata: z._default(
    z.strictObject({
      timeoutMs: z._default(z.number().check(z.int(), z.positive()), DEFAULT_JSONATA_TIMEOUT_MS),
      maxDepth: z._default(z.number().check(z.int(), z.positive()), DEFAULT_JSONATA_MAX_DEPTH),
    }),
    { timeoutMs: DEFAULT_JSONATA_TIMEOUT_MS, maxDepth: DEFAULT_JSONATA_MAX_DEPTH },
  ),
  // Its methods, not just an object: a wrong store would otherwise fail inside a Distributed Map's ItemReader.
  objectStore: z.optional(
    z.custom<ObjectStore>(
      (v: unknown) =>
        typeof v === 'object' &&
        v !== null &&
        OBJECT_STORE_METHODS.every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
      { error: `expected an ObjectStore (an object with methods ${OBJECT_STORE_METHODS.join(', ')})` },
    ),
  ),
  signal: z.optional(z.custom<AbortSignal>((v) => v instanceof AbortSignal)),
});

/**
 * Options of an execution.
 * - `clock`: `virtual` (default: Waits, retries and timeouts take no real time) or `real`.
 * - `startTime`: the virtual clock's start (default: now).
 * - `context`: overrides merged into the context object (`$$`), e.g. `{Execution: {Name: 'x'}}`.
 * - `limits`: `maxPayloadBytes` (default 262,144) and `maxHistoryEvents` (default 25,000; not applied
 *   to EXPRESS); each may be `false`, or `limits: false` switches both off.
 * - `seed`: seeds jitter, `States.MathRandom`, `States.UUID`, `$random`, `$uuid` (default 1).
 * - `executionType`: `STANDARD` (default) or `EXPRESS`.
 * - `objectStore`: the S3 stand-in for Distributed Map ItemReader/ResultWriter.
 * - `signal`: aborts the execution (status ABORTED).
 * - `recordHistory`: keep the event list (default true); counting and limits work either way.
 * - `jsonata`: `{timeoutMs, maxDepth}`, the budget of one JSONata expression (default 10,000 ms of
 *   wall-clock time and 5,000 nested evaluation steps); past it the state fails with
 *   `States.QueryEvaluationError` instead of running forever or out of memory.
 * - `lambdaConcurrency`: the account's Lambda concurrent-executions limit (default 1,000, AWS's
 *   default quota; `false` for none). Function calls in flight at once, Distributed Map children
 *   included, count against it; one more fails with `Lambda.TooManyRequestsException`.
 */
export type ExecutionOptions = z.input<typeof executionOptionsSchema>;
/** Options after defaults. */
export type ResolvedExecutionOptions = z.output<typeof executionOptionsSchema>;
