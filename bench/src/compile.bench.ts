/**
 * Builds and serializes the same 1,000-state machine with our DSL and with aws-cdk-lib's Step
 * Functions module, and prints warm medians. Last stdout line:
 * {"states":1000,"ours_ms":N,"cdk_ms":N,"ratio_cdk":N}   (ratio_cdk = cdk_ms / ours_ms)
 *
 * Method: each side runs in its own child process from an esbuild bundle (sides/compile-ours.ts,
 * sides/compile-cdk.ts), so neither pays for the other's heap or for a TypeScript loader; each
 * collects garbage before every timed sample and reports the median of many warm samples. The
 * sides alternate over ROUNDS rounds (the machine is shared) and the figure is the median of the
 * rounds' medians. Each side's timing covers everything a user pays for to get the JSON text; for
 * CDK that is a StateMachine in a Stack, `app.synth()` and the template's DefinitionString. The
 * parent then checks that both sides produced the same 1,000 states, field for field.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { StateMachineDefinition } from '@stackset-lite/asl-dsl';
import { z } from 'zod';
import { bundleSide, runSide } from './harness/side-process.js';
import { sideTimingSchema } from './harness/side-timing-schema.js';
import { median } from './harness/warm-median.js';

const ROUNDS = 3;

const oursResult = z.object({ timing: sideTimingSchema, output: z.string() });
const cdkResult = z.object({
  timing: sideTimingSchema,
  graphJson: sideTimingSchema,
  coldMs: z.number(),
  output: z.string(),
});

/** Counts states recursively (Parallel branches, Map item processors). */
function countStates(definition: Pick<StateMachineDefinition, 'States'>): number {
  let count = 0;
  for (const state of Object.values(definition.States)) {
    count += 1;
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) count += countStates(processor);
    }
    if (state.Type === 'Parallel') for (const branch of state.Branches) count += countStates(branch);
  }
  return count;
}

/**
 * The definition as sorted-key JSON, without `ProcessorConfig: { Mode: 'INLINE' }` (the default,
 * which CDK writes and we leave out): the two sides must build the same states field for field.
 */
function comparable(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'ProcessorConfig' && JSON.stringify(v) === '{"Mode":"INLINE"}') return undefined;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries);
  });
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

const oursBundle = bundleSide('compile-ours');
const cdkBundle = bundleSide('compile-cdk');
const ours: z.infer<typeof oursResult>[] = [];
const cdk: z.infer<typeof cdkResult>[] = [];
const loads: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  ours.push(runSide(oursBundle, [], oursResult));
  cdk.push(runSide(cdkBundle, [], cdkResult));
  loads.push(loadavg()[0] ?? 0);
}

const ourDefinition = JSON.parse(ours[0]?.output ?? '') as StateMachineDefinition;
const cdkDefinition = JSON.parse(cdk[0]?.output ?? '') as StateMachineDefinition;
const ourStates = countStates(ourDefinition);
const cdkStates = countStates(cdkDefinition);
if (ourStates !== 1000 || cdkStates !== 1000) {
  throw new Error(`expected 1000 states on both sides, got ours=${ourStates} cdk=${cdkStates}`);
}
for (const [name, state] of Object.entries(ourDefinition.States)) {
  if (comparable(state) !== comparable(cdkDefinition.States[name])) {
    throw new Error(`the DSL and aws-cdk-lib built different states '${name}'`);
  }
}
if (ourDefinition.StartAt !== cdkDefinition.StartAt) throw new Error('different StartAt');

const oursMs = median(ours.map((r) => r.timing.ms));
const cdkMs = median(cdk.map((r) => r.timing.ms));
const list = (xs: number[]) => xs.map((x) => round(x, 1)).join(' / ');
console.log(
  `ours: ${list(ours.map((r) => r.timing.ms))} ms per round (CPU ${list(ours.map((r) => r.timing.cpuMs))}; ` +
    `best ${round(Math.min(...ours.map((r) => r.timing.minMs)))}; ${ours[0]?.output.length} bytes)`,
);
console.log(
  `aws-cdk-lib synth: ${list(cdk.map((r) => r.timing.ms))} ms per round (CPU ${list(cdk.map((r) => r.timing.cpuMs))}; ` +
    `cold ${list(cdk.map((r) => r.coldMs))}; ${cdk[0]?.output.length} bytes); ` +
    `StateGraph.toGraphJson only: ${list(cdk.map((r) => r.graphJson.ms))} ms`,
);
console.log(
  `same 1,000 states, field for field, on both sides; ${ROUNDS} alternating rounds, one process per side; ` +
    `load average ${list(loads)} on ${availableParallelism()} CPUs`,
);
console.log(
  JSON.stringify({
    states: 1000,
    ours_ms: round(oursMs),
    cdk_ms: round(cdkMs),
    ratio_cdk: round(cdkMs / oursMs, 1),
  }),
);
