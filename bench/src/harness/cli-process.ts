/**
 * Whole command-line runs: the `asl-dsl` CLI bundled once (as its users run one process per file),
 * then timed from spawn to exit, start-up included.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { z } from 'zod';

const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packageRoot = join(benchRoot, '..', 'packages', 'asl-dsl');

/**
 * Bundles `packages/asl-dsl/src/cli/main.ts` into `bench/out/asl-dsl/dist/cli/main.mjs`, where the
 * installed CLI sits. It reads its version from `../../package.json`, so a package.json holding the
 * package's version is written there.
 */
export function bundleAslDslCli(): string {
  const outfile = join(benchRoot, 'out', 'asl-dsl', 'dist', 'cli', 'main.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  const { version } = z
    .object({ version: z.string() })
    .parse(JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')));
  writeFileSync(join(benchRoot, 'out', 'asl-dsl', 'package.json'), `${JSON.stringify({ version })}\n`);
  buildSync({
    entryPoints: [join(packageRoot, 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    conditions: ['@stackset-lite/source'],
    // tsx loads TypeScript machine modules for `compile`; it stays a dependency, as when installed.
    external: ['tsx', 'tsx/*'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}

/** Runs the bundled CLI once and returns its wall time in ms; throws unless it exits with `expectCode`. */
export function timeCliRun(cli: string, args: readonly string[], expectCode = 0): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const ms = performance.now() - start;
  if (child.status !== expectCode) {
    throw new Error(
      `asl-dsl ${args.join(' ')} exited ${child.status}: ${child.stderr.trim() || child.stdout.trim()}`,
    );
  }
  return ms;
}
