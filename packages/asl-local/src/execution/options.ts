import { z } from 'zod';
import type { ObjectStore } from '../distributed/object-store.js';
import { DEFAULT_LAMBDA_CONCURRENCY } from '../lambda/lambda-account.js';

/** AWS's payload quota: 256 KiB per state input, output and execution input/output. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 262_144;
/** AWS's hard quota of history events of a Standard execution. */
export const DEFAULT_MAX_HISTORY_EVENTS = 25_000;

const limitValue = z.union([z.number().int().positive(), z.literal(false)]);

/** Validated execution options (see {@link ExecutionOptions}). */
export const executionOptionsSchema = z.strictObject({
  clock: z.enum(['virtual', 'real']).default('virtual'),
  startTime: z.union([z.date(), z.string(), z.number()]).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  limits: z
    .union([
      z.literal(false),
      z.strictObject({ maxPayloadBytes: limitValue.optional(), maxHistoryEvents: limitValue.optional() }),
    ])
    .optional(),
  seed: z.number().int().optional(),
  executionType: z.enum(['STANDARD', 'EXPRESS']).default('STANDARD'),
  name: z.string().min(1).max(80).optional(),
  stateMachineName: z.string().min(1).max(80).optional(),
  region: z.string().default('us-east-1'),
  accountId: z.string().default('123456789012'),
  roleArn: z.string().optional(),
  recordHistory: z.boolean().default(true),
  lambdaConcurrency: z
    .union([z.number().int().positive(), z.literal(false)])
    .default(DEFAULT_LAMBDA_CONCURRENCY),
  objectStore: z.custom<ObjectStore>((v) => typeof v === 'object' && v !== null).optional(),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal).optional(),
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
 * - `lambdaConcurrency`: the account's Lambda concurrent-executions limit (default 1,000, AWS's
 *   default quota; `false` for none). Function calls in flight at once, Distributed Map children
 *   included, count against it; one more fails with `Lambda.TooManyRequestsException`.
 */
export type ExecutionOptions = z.input<typeof executionOptionsSchema>;
/** Options after defaults. */
export type ResolvedExecutionOptions = z.output<typeof executionOptionsSchema>;
