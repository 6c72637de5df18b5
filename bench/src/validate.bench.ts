/**
 * Validates the same 1,000-state definition (sides/validate-definition.ts) with our validator and
 * with asl-validator (the popular peer), and prints warm medians. Last stdout line:
 * {"states":1000,"ours_ms":N,"peer_ms":N,"ratio":N}   (ratio = peer_ms / ours_ms)
 *
 * Method as in compile.bench.ts: each side in its own child process from an esbuild bundle,
 * alternating rounds, the median of the rounds' warm medians.
 */
import { availableParallelism, loadavg } from 'node:os';
import { z } from 'zod';
import { bundleSide, runSide } from './harness/side-process.js';
import { sideTimingSchema } from './harness/side-timing-schema.js';
import { median } from './harness/warm-median.js';

const ROUNDS = 3;

const oursResult = z.object({
  timing: sideTimingSchema,
  states: z.number().int(),
  diagnostics: z.array(z.object({ severity: z.string(), code: z.string() }).loose()),
});
const peerResult = z.object({ timing: sideTimingSchema, isValid: z.boolean() });

const oursBundle = bundleSide('validate-ours');
const peerBundle = bundleSide('validate-peer');
const ours: z.infer<typeof oursResult>[] = [];
const peer: z.infer<typeof peerResult>[] = [];
const loads: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  ours.push(runSide(oursBundle, [], oursResult));
  peer.push(runSide(peerBundle, [], peerResult));
  loads.push(loadavg()[0] ?? 0);
}

const first = ours[0];
if (first === undefined) throw new Error('no rounds ran');
const errors = first.diagnostics.filter((d) => d.severity === 'ERROR');
if (errors.length > 0) {
  console.error(`our validator rejected the benchmark definition: ${JSON.stringify(errors.slice(0, 3))}`);
  process.exit(1);
}
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const list = (xs: number[]) => xs.map((x) => round(x, 2)).join(' / ');
const oursMs = median(ours.map((r) => r.timing.ms));
const peerMs = median(peer.map((r) => r.timing.ms));
console.log(
  `ours: ${list(ours.map((r) => r.timing.ms))} ms per round (CPU ${list(ours.map((r) => r.timing.cpuMs))}), ` +
    `${first.diagnostics.length} diagnostics (warnings); asl-validator: ${list(peer.map((r) => r.timing.ms))} ms ` +
    `per round, isValid=${peer[0]?.isValid}`,
);
console.log(
  `${ROUNDS} alternating rounds, one process per side; load average ${list(loads)} on ${availableParallelism()} CPUs`,
);
console.log(
  JSON.stringify({
    states: first.states,
    ours_ms: round(oursMs),
    peer_ms: round(peerMs),
    ratio: round(peerMs / oursMs),
  }),
);
