import { createRequire } from 'node:module';
import type { JsonObject, JsonValue, State, StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { startExecution } from '@stackset-lite/asl-local';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { StateMachine } = require('aws-local-stepfunctions') as typeof import('aws-local-stepfunctions');

/**
 * Differential test against aws-local-stepfunctions on random JSONPath machines, within the subset
 * both engines implement: Pass (Parameters with paths and deterministic intrinsics, Result,
 * ResultPath), Task (handlers that succeed, fail then succeed, or fail) with Retry and Catch,
 * Choice, inline Map and Fail. Same status, output and error expected.
 */

type TaskMode = { kind: 'ok' } | { kind: 'flaky'; failures: number } | { kind: 'fatal' };
type Step =
  | { kind: 'pass'; params: boolean; resultPath: string | null; intrinsic: number }
  | { kind: 'task'; mode: TaskMode; retries: number; catchAll: boolean; resultPath: string }
  | { kind: 'choice'; threshold: number; op: 'NumericGreaterThan' | 'NumericLessThanEquals' | 'StringEquals' }
  | { kind: 'map'; resultPath: string }
  | { kind: 'fail'; error: string };

const INTRINSICS = [
  'States.MathAdd($.a, $.b)',
  "States.Format('{}-{}', $.s, $.a)",
  'States.ArrayLength($.arr)',
  'States.ArrayContains($.arr, $.a)',
  'States.JsonToString($.obj)',
  "States.StringSplit($.s, 'x')",
  'States.ArrayPartition($.arr, 2)',
  'States.ArrayUnique($.arr)',
  'States.Array($.a, $.s)',
  'States.Base64Encode($.s)',
  "States.Hash($.s, 'SHA-256')",
];

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('pass' as const),
    params: fc.boolean(),
    // Explicit ResultPath "$" is left out: the peer nests the result under a "$" key (AWS replaces the input).
    resultPath: fc.constantFrom('$.res', null, '$.obj.added'),
    intrinsic: fc.nat(INTRINSICS.length - 1),
  }),
  fc.record({
    kind: fc.constant('task' as const),
    mode: fc.oneof(
      fc.constant({ kind: 'ok' as const }),
      fc.record({ kind: fc.constant('flaky' as const), failures: fc.integer({ min: 1, max: 3 }) }),
      fc.constant({ kind: 'fatal' as const }),
    ),
    retries: fc.integer({ min: 0, max: 3 }),
    catchAll: fc.boolean(),
    resultPath: fc.constantFrom('$.taskResult', '$.obj.t'),
  }),
  fc.record({
    kind: fc.constant('choice' as const),
    threshold: fc.integer({ min: -5, max: 5 }),
    op: fc.constantFrom(
      'NumericGreaterThan' as const,
      'NumericLessThanEquals' as const,
      'StringEquals' as const,
    ),
  }),
  fc.record({ kind: fc.constant('map' as const), resultPath: fc.constantFrom('$.mapped', '$.obj.m') }),
);
// A Fail state ends the chain: anything after it would be unreachable (invalid ASL).
const failStep: fc.Arbitrary<Step> = fc.record({
  kind: fc.constant('fail' as const),
  error: fc.constantFrom('Custom.Failure', 'Other'),
});
const machineSteps = fc
  .tuple(fc.array(step, { minLength: 1, maxLength: 5 }), fc.option(failStep, { freq: 4 }))
  .map(([body, last]) => (last ? [...body, last] : body));

const inputArb = fc.record({
  a: fc.integer({ min: -5, max: 5 }),
  b: fc.integer({ min: -5, max: 5 }),
  s: fc.stringMatching(/^[a-z]{0,3}(x[a-z]{1,3}){0,2}$/),
  arr: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 5 }),
  obj: fc.record({ k: fc.string({ maxLength: 4 }) }),
});

function build(steps: Step[]): { definition: StateMachineDefinition; modes: Map<string, TaskMode> } {
  const States: Record<string, State> = {};
  const modes = new Map<string, TaskMode>();
  const name = (i: number) => `S${i}`;
  steps.forEach((s, i) => {
    const next = i + 1 < steps.length ? { Next: name(i + 1) } : { End: true as const };
    switch (s.kind) {
      case 'pass': {
        const p: JsonObject = {
          const: 7,
          'a.$': '$.a',
          'calc.$': INTRINSICS[s.intrinsic] as string,
        };
        States[name(i)] = s.params
          ? { Type: 'Pass', Parameters: p, ResultPath: s.resultPath, ...next }
          : { Type: 'Pass', Result: { fixed: i }, ResultPath: s.resultPath, ...next };
        // Keep the input shape for later steps: replacing the whole input would starve their paths.
        if (s.resultPath === '$' && i + 1 < steps.length)
          (States[name(i)] as { ResultPath: string }).ResultPath = '$.res';
        break;
      }
      case 'task': {
        modes.set(name(i), s.mode);
        States[name(i)] = {
          Type: 'Task',
          Resource: `arn:aws:lambda:us-east-1:123456789012:function:${name(i)}`,
          ResultPath: s.resultPath,
          Retry:
            s.retries > 0
              ? [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: s.retries, BackoffRate: 2 }]
              : undefined,
          Catch: s.catchAll
            ? [
                {
                  ErrorEquals: ['States.ALL'],
                  ResultPath: '$.caught',
                  ...(i + 1 < steps.length ? { Next: name(i + 1) } : { Next: 'Caught' }),
                },
              ]
            : undefined,
          ...next,
        };
        break;
      }
      case 'choice':
        States[name(i)] = {
          Type: 'Choice',
          Choices: [
            s.op === 'StringEquals'
              ? { Variable: '$.s', StringEquals: 'x', Next: 'Side' }
              : { Variable: '$.a', [s.op]: s.threshold, Next: 'Side' },
          ],
          Default: i + 1 < steps.length ? name(i + 1) : 'Caught',
        };
        break;
      case 'map':
        States[name(i)] = {
          Type: 'Map',
          ItemsPath: '$.arr',
          ItemSelector: { 'v.$': '$$.Map.Item.Value', 'i.$': '$$.Map.Item.Index', 'a.$': '$.a' },
          ItemProcessor: {
            StartAt: `Inner${i}`,
            States: {
              [`Inner${i}`]: {
                Type: 'Pass',
                Parameters: { 'sum.$': 'States.MathAdd($.v, $.a)', 'i.$': '$.i' },
                End: true,
              },
            },
          },
          ResultPath: s.resultPath,
          ...next,
        };
        break;
      case 'fail':
        States[name(i)] = { Type: 'Fail', Error: s.error, Cause: `failed at ${i}` };
        break;
    }
  });
  // Shared end states, only when something goes there (unreachable states are invalid ASL).
  const text = JSON.stringify(States);
  if (text.includes('"Side"'))
    States.Side = { Type: 'Pass', Result: 'side', ResultPath: '$.side', End: true };
  if (text.includes('"Caught"'))
    States.Caught = { Type: 'Pass', Result: 'caught', ResultPath: '$.end', End: true };
  // A JSON round trip drops undefined fields, as a definition file would not have them.
  return {
    definition: JSON.parse(JSON.stringify({ StartAt: name(0), States })) as StateMachineDefinition,
    modes,
  };
}

/** Handlers for one run (attempt counters are per execution). */
function handlersFor(modes: Map<string, TaskMode>): Map<string, (input: JsonValue) => Promise<JsonValue>> {
  const out = new Map<string, (input: JsonValue) => Promise<JsonValue>>();
  for (const [state, mode] of modes) {
    let attempts = 0;
    out.set(state, async (input) => {
      attempts++;
      if (mode.kind === 'fatal') throw Object.assign(new Error(`fatal in ${state}`), { name: 'Fatal' });
      if (mode.kind === 'flaky' && attempts <= mode.failures)
        throw Object.assign(new Error(`try ${attempts}`), { name: 'Transient' });
      const i = input as { a: number; b: number };
      return { value: i.a * 10 + i.b, attempts };
    });
  }
  return out;
}

type Outcome = { status: string; output?: JsonValue; error?: string };

async function runOurs(
  definition: StateMachineDefinition,
  input: JsonValue,
  modes: Map<string, TaskMode>,
): Promise<Outcome> {
  const handlers = Object.fromEntries(handlersFor(modes));
  const r = await startExecution({ definition, input, handlers });
  return r.status === 'SUCCEEDED'
    ? { status: r.status, output: bareCauses(r.output) }
    : { status: r.status, error: r.error };
}

/**
 * Known peer divergence: a Lambda function error's Cause is the function's error payload on AWS
 * (`{"errorType":...,"errorMessage":...}`, AWS-recorded) and in asl-local, its bare message in the
 * peer. Caught errors are compared by that message.
 */
function bareCauses(v: JsonValue | undefined): JsonValue | undefined {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => bareCauses(x) as JsonValue);
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'Cause' && typeof x === 'string' && x.startsWith('{"errorType"')) {
      out[k] = (JSON.parse(x) as { errorMessage: string }).errorMessage;
    } else out[k] = bareCauses(x) as JsonValue;
  }
  return out;
}

async function runPeer(
  definition: StateMachineDefinition,
  input: JsonValue,
  modes: Map<string, TaskMode>,
): Promise<Outcome> {
  const machine = new StateMachine(definition as never, {
    validationOptions: { noValidate: true },
  });
  const overrides = Object.fromEntries(handlersFor(modes));
  const retryIntervalOverrides = Object.fromEntries([...modes.keys()].map((k) => [k, 0]));
  try {
    const output = await machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: overrides as never, retryIntervalOverrides },
    }).result;
    return { status: 'SUCCEEDED', output: output as JsonValue };
  } catch (e) {
    const cause = (e as { cause?: { name?: string } }).cause;
    return { status: 'FAILED', error: cause?.name };
  }
}

describe('differential: asl-local vs aws-local-stepfunctions', () => {
  it('agrees on status, output and error for random JSONPath machines', async () => {
    await fc.assert(
      fc.asyncProperty(machineSteps, inputArb, async (steps, input) => {
        const { definition, modes } = build(steps);
        const [ours, peer] = [
          await runOurs(definition, input, modes),
          await runPeer(definition, input, modes),
        ];
        expect(ours).toEqual(peer);
      }),
      { numRuns: 400, seed: 20261121 },
    );
  }, 60_000);
});
