#!/usr/bin/env node
/**
 * Bundles every Lambda entry point `src/<name>/handler.ts` into `out/lambda/<camelName>/index.mjs` (git-ignored, not published)
 * (ESM, Node 22 target, runs on the nodejs22.x and nodejs24.x runtimes). The stackset-lite SAM template
 * points each function's CodeUri at `functions/<camelName>/` with Handler `index.handler`.
 *
 * AWS SDK v3 is bundled by default: the SDK inside the Lambda runtime is whatever version AWS ships
 * that month, while a bundle runs exactly the version the tests ran against; ESM tree-shaking keeps
 * each function to the few clients it uses. Pass --external-sdk to rely on the runtime's SDK instead
 * (smaller artifacts, unpinned behaviour).
 *
 * Usage: node scripts/bundle.mjs [--outdir dir] [--only inject-workflow,poll-stack] [--external-sdk] [--no-minify]
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `deploy-stack` → `deployStack`, the function name the SAM template uses. */
export function functionName(folder) {
  return folder.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

/** Folders under src/ that hold a Lambda entry point. */
export function handlerFolders() {
  return readdirSync(join(packageDir, 'src'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(packageDir, 'src', d.name, 'handler.ts')))
    .map((d) => d.name)
    .sort();
}

/**
 * Bundles the selected handlers; returns one summary per function.
 * @param {{ outdir?: string, only?: string[], externalSdk?: boolean, minify?: boolean }} options
 */
export async function bundleHandlers(options = {}) {
  const outdir = resolve(packageDir, options.outdir ?? 'out/lambda');
  const folders = handlerFolders();
  const selected = options.only ?? folders;
  const unknown = selected.filter((f) => !folders.includes(f));
  if (unknown.length > 0) {
    throw new Error(
      `no handler at src/<name>/handler.ts for: ${unknown.join(', ')} (have: ${folders.join(', ')})`,
    );
  }
  const results = [];
  for (const folder of selected) {
    const name = functionName(folder);
    const outfile = join(outdir, name, 'index.mjs');
    rmSync(join(outdir, name), { recursive: true, force: true });
    const result = await build({
      entryPoints: [join(packageDir, 'src', folder, 'handler.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      // 'source' resolves workspace packages to their TypeScript; 'module' picks the SDK's ESM builds.
      conditions: ['source', 'module'],
      mainFields: ['module', 'main'],
      external: options.externalSdk ? ['@aws-sdk/*', '@smithy/*'] : [],
      minify: options.minify ?? true,
      sourcemap: 'linked',
      metafile: true,
      legalComments: 'linked',
      logLevel: 'warning',
      // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __stacksetLiteCreateRequire } from 'node:module'; const require = __stacksetLiteCreateRequire(import.meta.url);",
      },
    });
    const bytes =
      result.metafile.outputs[outfile.slice(process.cwd().length + 1)]?.bytes ??
      Object.entries(result.metafile.outputs).find(([file]) => file.endsWith(`${name}/index.mjs`))?.[1].bytes;
    results.push({ function: name, entry: `src/${folder}/handler.ts`, outfile, bytes });
  }
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { values } = parseArgs({
      options: {
        outdir: { type: 'string' },
        only: { type: 'string' },
        'external-sdk': { type: 'boolean', default: false },
        'no-minify': { type: 'boolean', default: false },
      },
    });
    const results = await bundleHandlers({
      outdir: values.outdir,
      only: values.only
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      externalSdk: values['external-sdk'],
      minify: !values['no-minify'],
    });
    for (const r of results) console.log(JSON.stringify(r));
  } catch (error) {
    console.error(`bundle: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
