/**
 * A 10,000-item inline Map (sides/engine-machine.ts) run by asl-local with full history (the
 * 25,000-event limit off) and by aws-local-stepfunctions (its retry pauses overridden to 0 ms).
 * Last stdout line: {"items":10000,"ours_ms":N,"peer_ms":N,"ratio":N,"ours_rss_mb":N}
 * `--items N` (a multiple of 10) times an N-item Map instead, e.g. 20,000 to check that the cost
 * grows linearly.
 *
 * Method: each engine runs in its own child process from an esbuild bundle (plain JavaScript, no
 * TypeScript loader in memory), so time and memory are those of that engine alone. Each process
 * runs the same untimed 1,000-item warm-up execution (JIT warm, as in a test suite that runs many
 * executions), then the one timed 10,000-item execution. The engines alternate over ROUNDS rounds
 * (the machine is shared) and times are the medians. Memory is measured the same way for both: the process's peak RSS (getrusage maxRSS)
 * after the execution, i.e. Node itself + the engine's code + the execution's work; ours_rss_mb is
 * the largest over the rounds.
 */
import { availableParallelism, loadavg } from 'node:os';
import { z } from 'zod';
import { bundleSide, runSide } from './harness/side-process.js';
import { median } from './harness/warm-median.js';
import { ITEMS } from './sides/engine-machine.js';

const ROUNDS = 5;

const itemsAt = process.argv.indexOf('--items');
const items = itemsAt >= 0 ? Number(process.argv[itemsAt + 1]) : ITEMS;
if (!Number.isInteger(items) || items < 10 || items % 10 !== 0) {
  console.error(`--items must be a positive multiple of 10, got ${process.argv[itemsAt + 1]}`);
  process.exit(2);
}

const runResult = z.object({
  ms: z.number(),
  rss_mb: z.number(),
  peak_rss_mb: z.number(),
  baseline_rss_mb: z.number(),
  events: z.number().int().optional(),
});
type RunResult = z.infer<typeof runResult>;

const oursBundle = bundleSide('engine-ours');
const peerBundle = bundleSide('engine-peer');
const ours: RunResult[] = [];
const peer: RunResult[] = [];
const loads: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  ours.push(runSide(oursBundle, [String(items)], runResult));
  peer.push(runSide(peerBundle, [String(items)], runResult));
  loads.push(loadavg()[0] ?? 0);
}

const list = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(' / ');
const describe = (rs: RunResult[]) =>
  `${list(rs.map((r) => r.ms))} ms; peak RSS ${list(rs.map((r) => r.peak_rss_mb))} MB ` +
  `(baseline before the run ${list(rs.map((r) => r.baseline_rss_mb))} MB)`;
const oursMs = median(ours.map((r) => r.ms));
const peerMs = median(peer.map((r) => r.ms));
const oursRss = Math.max(...ours.map((r) => r.peak_rss_mb));
console.log(`ours: ${describe(ours)}; ${ours[0]?.events} history events`);
console.log(`peer (aws-local-stepfunctions): ${describe(peer)}`);
console.log(
  `${ROUNDS} alternating rounds, one bundled process per engine; load average ${list(loads, 2)} on ${availableParallelism()} CPUs`,
);
console.log(
  JSON.stringify({
    items,
    ours_ms: Math.round(oursMs),
    peer_ms: Math.round(peerMs),
    ratio: Math.round((peerMs / oursMs) * 100) / 100,
    ours_rss_mb: Math.round(oursRss),
  }),
);
