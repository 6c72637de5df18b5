/**
 * Runs one side of a benchmark (ours or a peer) in its own Node process.
 *
 * Why a process per side: in one process the side measured second pays for the first side's heap
 * (GC of hundreds of MB of CDK constructs, for instance) and RSS cannot be attributed. Why a bundle:
 * the child then runs plain JavaScript with no TypeScript loader in memory or in the startup path,
 * as a user's bundled Lambda or compiled CLI would; peers stay external and load from node_modules
 * exactly as their users get them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { z } from 'zod';

const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Packages measured as their users install them: never bundled. */
const PEERS = ['aws-cdk-lib', 'constructs', 'asl-validator', 'aws-local-stepfunctions'];

/** Bundles `bench/src/sides/<name>.ts` into `bench/out/<name>.mjs` and returns the bundle's path. */
export function bundleSide(name: string): string {
  const outDir = join(benchRoot, 'out');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(name)}.mjs`);
  buildSync({
    entryPoints: [join(benchRoot, 'src', 'sides', `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Workspace packages resolve to their TypeScript sources, as in tests.
    conditions: ['@stackset-lite/source'],
    external: PEERS,
    // Bundled CommonJS dependencies may call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}

/**
 * Runs a bundled side in a fresh Node process and parses the last stdout line with `schema`. Throws
 * with the child's stderr when it fails.
 */
export function runSide<T>(bundle: string, args: readonly string[], schema: z.ZodType<T>): T {
  const child = spawnSync(process.execPath, [bundle, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (child.status !== 0) {
    throw new Error(`${basename(bundle)} ${args.join(' ')} exited ${child.status}: ${child.stderr.trim()}`);
  }
  const last = child.stdout.trimEnd().split('\n').at(-1) ?? '';
  const parsed = schema.safeParse(JSON.parse(last));
  if (!parsed.success) {
    throw new Error(`${basename(bundle)} printed an unexpected result: ${parsed.error.message}`);
  }
  return parsed.data;
}
