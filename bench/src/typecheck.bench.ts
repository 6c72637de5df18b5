/**
 * Type-checking speed of the 200-state test machine (packages/asl-dsl/test/builder/
 * type-performance.test-d.ts): the DSL today against the DSL before issue 14's typed data flow
 * (commit bd14fdc, the parent of the first issue-14 commits; override with TYPECHECK_BASE=<commit>).
 * Issue 14 allows at most 1.5× the time before. Last stdout line:
 * {"machine":...,"base":...,"rounds":N,"before_cpu_ms":N,"after_cpu_ms":N,"ratio_cpu":N,
 *  "before_check_ms":N,"after_check_ms":N,"ratio_check":N,...,"load":[1m,5m,15m]}
 *
 * Method: the base commit's packages/asl-dsl/src is extracted with `git archive` into bench/out;
 * each side is one `tsc --noEmit --extendedDiagnostics -p` over the same machine file, with
 * `@stackset-lite/asl-dsl` mapped (tsconfig `paths`) to that side's sources and the same node_modules.
 * The sides alternate for ROUNDS rounds (TYPECHECK_ROUNDS, default 5), so load on the shared machine
 * falls on both; the figures are medians. CPU time (user + system of the tsc process) is what other
 * processes inflate least; tsc's own "Check time" isolates type checking from loading zod and the
 * sources, which costs the same on both sides.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './harness/warm-median.js';

const BASE = process.env.TYPECHECK_BASE ?? 'bd14fdc';
const ROUNDS = Number(process.env.TYPECHECK_ROUNDS ?? 5);
const MAX_RATIO = 1.5;

const root = fileURLToPath(new URL('../../', import.meta.url));
const machineFile = join(root, 'packages/asl-dsl/test/builder/type-performance.test-d.ts');
const work = join(root, 'bench/out/typecheck');
const tscPath = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript')), 'tsc.js');

/** Extracts the base commit's DSL sources; they resolve their dependencies from the package's node_modules. */
function extractBase(): string {
  const dir = join(work, `asl-dsl-${BASE}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['-C', root, 'archive', BASE, 'packages/asl-dsl/src'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir, '--strip-components=2'], { input: archive });
  symlinkSync(join(root, 'packages/asl-dsl/node_modules'), join(dir, 'node_modules'), 'dir');
  return join(dir, 'src');
}

/** A tsconfig that type-checks only the machine file, against the DSL sources in `src`. */
function writeConfig(side: string, src: string): string {
  const file = join(work, `${side}.tsconfig.json`);
  const config = {
    extends: join(root, 'tsconfig.base.json'),
    compilerOptions: {
      noEmit: true,
      incremental: false,
      paths: { '@stackset-lite/asl-dsl': [join(src, 'index.ts')] },
    },
    files: [machineFile],
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

interface Run {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly checkMs: number;
  readonly instantiations: number;
}

// Runs tsc in a child node process that reports its own CPU time when tsc exits.
const RUNNER = `
const started = performance.now();
process.on('exit', () => {
  const u = process.cpuUsage();
  process.stdout.write('\\nRUNNER ' + JSON.stringify({ cpuMs: (u.user + u.system) / 1000, wallMs: performance.now() - started }) + '\\n');
});
process.argv = [process.argv[0], ${JSON.stringify(tscPath)}, ...process.argv.slice(1)];
require(${JSON.stringify(tscPath)});
`;

function typecheck(config: string): Run {
  const run = spawnSync(
    process.execPath,
    ['-e', RUNNER, '--', '--noEmit', '--extendedDiagnostics', '-p', config],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const out = run.stdout;
  const errors = out.split('\n').filter((line) => / error TS\d+/.test(line));
  if (run.status !== 0 || errors.length > 0)
    throw new Error(
      `tsc -p ${config} failed (exit ${run.status}):\n${errors.join('\n') || out || run.stderr}`,
    );
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+([\\d.]+)`, 'm').exec(out);
    if (!match) throw new Error(`tsc --extendedDiagnostics printed no "${name}"`);
    return Number(match[1]);
  };
  const runner = /^RUNNER (.*)$/m.exec(out);
  if (!runner) throw new Error('the tsc runner printed no timing');
  const { cpuMs, wallMs } = JSON.parse(runner[1] as string) as { cpuMs: number; wallMs: number };
  return { cpuMs, wallMs, checkMs: field('Check time') * 1000, instantiations: field('Instantiations') };
}

if (!existsSync(machineFile)) throw new Error(`missing ${machineFile}`);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('TYPECHECK_ROUNDS must be a positive integer');
const baseCommit = execFileSync('git', ['-C', root, 'rev-parse', '--short', BASE], {
  encoding: 'utf8',
}).trim();
mkdirSync(work, { recursive: true });
const sides = {
  before: writeConfig('before', extractBase()),
  after: writeConfig('after', join(root, 'packages/asl-dsl/src')),
} as const;

const loadBefore = loadavg();
console.log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} alternating rounds`);
const runs: Record<keyof typeof sides, Run[]> = { before: [], after: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which side goes first, so a load trend does not favour one side.
  const order: (keyof typeof sides)[] = round % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
  for (const side of order) {
    const run = typecheck(sides[side]);
    runs[side].push(run);
    console.log(
      `round ${round + 1} ${side.padEnd(6)} cpu ${(run.cpuMs / 1000).toFixed(2)} s, wall ${(run.wallMs / 1000).toFixed(2)} s, check ${(run.checkMs / 1000).toFixed(2)} s, ${run.instantiations} instantiations`,
    );
  }
}
const loadAfter = loadavg();

const med = (side: keyof typeof sides, key: keyof Run) => median(runs[side].map((r) => r[key]));
const r2 = (n: number) => Math.round(n * 100) / 100;
const result = {
  machine: 'packages/asl-dsl/test/builder/type-performance.test-d.ts (200 states)',
  base: baseCommit,
  rounds: ROUNDS,
  before_cpu_ms: Math.round(med('before', 'cpuMs')),
  after_cpu_ms: Math.round(med('after', 'cpuMs')),
  ratio_cpu: r2(med('after', 'cpuMs') / med('before', 'cpuMs')),
  before_wall_ms: Math.round(med('before', 'wallMs')),
  after_wall_ms: Math.round(med('after', 'wallMs')),
  ratio_wall: r2(med('after', 'wallMs') / med('before', 'wallMs')),
  before_check_ms: Math.round(med('before', 'checkMs')),
  after_check_ms: Math.round(med('after', 'checkMs')),
  ratio_check: r2(med('after', 'checkMs') / med('before', 'checkMs')),
  before_instantiations: med('before', 'instantiations'),
  after_instantiations: med('after', 'instantiations'),
  max_ratio: MAX_RATIO,
  load: loadAfter.map((l) => r2(l)),
  load_at_start: loadBefore.map((l) => r2(l)),
};
if (result.ratio_cpu > MAX_RATIO) {
  console.log(`type-checking takes ${result.ratio_cpu}× the CPU time before issue 14 (limit ${MAX_RATIO}×)`);
  process.exitCode = 1;
}
console.log(JSON.stringify(result));
