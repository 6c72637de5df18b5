/**
 * Validates the same 1,000-state definition (sides/validate-definition.ts) with our validator and
 * with asl-validator (the popular peer), and prints warm medians. Then the scaling rows: our
 * validator on 250 and 1,500 Choice+Assign diamonds (sides/validate-diamonds.ts), in process and as
 * whole `asl-dsl validate` CLI runs (spawn to exit). Last stdout line:
 * {"states":1000,"ours_ms":N,"peer_ms":N,"ratio":N,"diamonds_250_ms":N,"diamonds_1500_ms":N,
 *  "cli_250_ms":N,"cli_1500_ms":N,"cli_ratio":N}
 * (ratio = peer_ms / ours_ms; cli_ratio = cli_1500_ms / cli_250_ms, which must stay under 3).
 *
 * Method as in compile.bench.ts: each side in its own child process from an esbuild bundle,
 * alternating rounds, the median of the rounds' warm medians.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { bundleAslDslCli, timeCliRun } from './harness/cli-process.js';
import { bundleSide, runSide } from './harness/side-process.js';
import { sideTimingSchema } from './harness/side-timing-schema.js';
import { median } from './harness/warm-median.js';
import { diamondDefinition } from './sides/validate-diamonds.js';

const ROUNDS = 3;
const CLI_RUNS = 7;
const DIAMONDS = [250, 1500] as const;

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
const diamonds = new Map<number, z.infer<typeof oursResult>[]>(DIAMONDS.map((n) => [n, []]));
const loads: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  ours.push(runSide(oursBundle, [], oursResult));
  peer.push(runSide(peerBundle, [], peerResult));
  for (const n of DIAMONDS) diamonds.get(n)?.push(runSide(oursBundle, ['diamonds', String(n)], oursResult));
  loads.push(loadavg()[0] ?? 0);
}

const first = ours[0];
if (first === undefined) throw new Error('no rounds ran');
const rejected = [first, ...DIAMONDS.map((n) => diamonds.get(n)?.[0])].flatMap(
  (r) => r?.diagnostics.filter((d) => d.severity === 'ERROR') ?? [],
);
if (rejected.length > 0) {
  console.error(`our validator rejected a benchmark definition: ${JSON.stringify(rejected.slice(0, 3))}`);
  process.exit(1);
}

// Whole CLI runs, alternating sizes so load changes hit both alike.
const cli = bundleAslDslCli();
const files = new Map<number, string>();
for (const n of DIAMONDS) {
  const file = join(dirname(cli), '..', '..', '..', `diamonds-${n}.asl.json`);
  writeFileSync(file, `${JSON.stringify(diamondDefinition(n), null, 2)}\n`);
  files.set(n, file);
}
const cliTimes = new Map<number, number[]>(DIAMONDS.map((n) => [n, []]));
for (const n of DIAMONDS) timeCliRun(cli, ['validate', files.get(n) as string]); // warm the file cache
for (let i = 0; i < CLI_RUNS; i++) {
  for (const n of DIAMONDS) cliTimes.get(n)?.push(timeCliRun(cli, ['validate', files.get(n) as string]));
}
loads.push(loadavg()[0] ?? 0);

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const list = (xs: number[]) => xs.map((x) => round(x, 2)).join(' / ');
const oursMs = median(ours.map((r) => r.timing.ms));
const peerMs = median(peer.map((r) => r.timing.ms));
const diamondMs = (n: number) => median((diamonds.get(n) ?? []).map((r) => r.timing.ms));
const cliMs = (n: number) => median(cliTimes.get(n) ?? []);
console.log(
  `ours: ${list(ours.map((r) => r.timing.ms))} ms per round (CPU ${list(ours.map((r) => r.timing.cpuMs))}), ` +
    `${first.diagnostics.length} diagnostics (warnings); asl-validator: ${list(peer.map((r) => r.timing.ms))} ms ` +
    `per round, isValid=${peer[0]?.isValid}`,
);
for (const n of DIAMONDS) {
  const rounds = diamonds.get(n) ?? [];
  console.log(
    `${n} diamonds (${rounds[0]?.states} states): ${list(rounds.map((r) => r.timing.ms))} ms per round in process; ` +
      `asl-dsl validate: ${list(cliTimes.get(n) ?? [])} ms per run`,
  );
}
console.log(
  `${ROUNDS} alternating rounds, one process per side, ${CLI_RUNS} CLI runs per size; ` +
    `load average ${list(loads)} on ${availableParallelism()} CPUs`,
);
console.log(
  JSON.stringify({
    states: first.states,
    ours_ms: round(oursMs),
    peer_ms: round(peerMs),
    ratio: round(peerMs / oursMs),
    diamonds_250_ms: round(diamondMs(250)),
    diamonds_1500_ms: round(diamondMs(1500)),
    cli_250_ms: round(cliMs(250), 1),
    cli_1500_ms: round(cliMs(1500), 1),
    cli_ratio: round(cliMs(1500) / cliMs(250)),
  }),
);
