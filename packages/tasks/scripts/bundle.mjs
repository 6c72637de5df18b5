#!/usr/bin/env node
/**
 * Bundles every Lambda entry point `src/<name>/handler.ts` into `out/lambda/<camelName>/index.mjs` (git-ignored, not published)
 * (ESM, Node 22 target, runs on the nodejs22.x and nodejs24.x runtimes). `bundleFunction` is also what
 * `@stackset-lite/stackset-workflow` builds its shipped `functions/` with (all eight functions of the SAM
 * template, whose CodeUri is `functions/<camelName>/` with Handler `index.handler`), so users get
 * prebuilt bundles and never run esbuild.
 *
 * AWS SDK v3 is bundled by default: the SDK inside the Lambda runtime is whatever version AWS ships
 * that month, while a bundle runs exactly the version the tests ran against; ESM tree-shaking keeps
 * each function to the few clients it uses. Pass --external-sdk to rely on the runtime's SDK instead
 * (smaller artifacts, unpinned behaviour).
 *
 * --zip also writes `<camelName>.zip` (index.mjs at its root) for templates whose Lambda Code is an
 * S3 object, like workflow-macro.yaml.
 *
 * Usage: node scripts/bundle.mjs [--outdir dir] [--only inject-workflow,poll-stack] [--external-sdk] [--no-minify] [--zip]
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { crc32, deflateRawSync } from 'node:zlib';
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
 * A deflated zip of `files` with a fixed timestamp (1980-01-01) and 0644 Unix permissions, so the
 * same bundle always gives the same archive (and the same CloudFormation diff).
 * @param {{ name: string, data: Buffer }[]} files
 */
export function zipFiles(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf-8');
    const compressed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time 00:00
    local.writeUInt16LE(33, 12); // date 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the permissions below count
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(33, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The banner every bundle starts with: CommonJS dependencies inside an ESM bundle still call require(). */
const REQUIRE_BANNER =
  "import { createRequire as __stacksetLiteCreateRequire } from 'node:module'; const require = __stacksetLiteCreateRequire(import.meta.url);";

/**
 * Bundles one Lambda entry point into `<outdir>/<name>/index.mjs` (Handler `index.handler`), with the
 * licenses of what it bundled in `index.mjs.LEGAL.txt`. The same sources give byte-identical output:
 * no timestamps, no absolute paths, no source map (a map would carry the build machine's layout).
 * Minified with names kept, so a Lambda error's stack trace still names our functions.
 * @param {{ name: string, entry: string, outdir: string, externalSdk?: boolean, minify?: boolean, zip?: boolean }} options
 * @returns {Promise<{ function: string, entry: string, outfile: string, bytes: number, zipfile?: string }>}
 */
export async function bundleFunction(options) {
  const outfile = join(options.outdir, options.name, 'index.mjs');
  rmSync(join(options.outdir, options.name), { recursive: true, force: true });
  const result = await build({
    entryPoints: [options.entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // '@stackset-lite/source' resolves workspace packages to their TypeScript; 'module' picks the SDK's ESM builds.
    conditions: ['@stackset-lite/source', 'module'],
    mainFields: ['module', 'main'],
    external: options.externalSdk ? ['@aws-sdk/*', '@smithy/*'] : [],
    minify: options.minify ?? true,
    keepNames: true,
    sourcemap: false,
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
    banner: { js: REQUIRE_BANNER },
  });
  const bytes = Object.entries(result.metafile.outputs).find(([file]) =>
    file.endsWith(`${options.name}/index.mjs`),
  )?.[1].bytes;
  const summary = { function: options.name, entry: relative(process.cwd(), options.entry), outfile, bytes };
  if (options.zip) {
    const zipfile = join(options.outdir, `${options.name}.zip`);
    writeFileSync(zipfile, zipFiles([{ name: 'index.mjs', data: readFileSync(outfile) }]));
    summary.zipfile = zipfile;
  }
  return summary;
}

/**
 * Bundles the selected handlers of this package; returns one summary per function.
 * @param {{ outdir?: string, only?: string[], externalSdk?: boolean, minify?: boolean, zip?: boolean }} options
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
    results.push(
      await bundleFunction({
        name: functionName(folder),
        entry: join(packageDir, 'src', folder, 'handler.ts'),
        outdir,
        externalSdk: options.externalSdk,
        minify: options.minify,
        zip: options.zip,
      }),
    );
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
        zip: { type: 'boolean', default: false },
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
      zip: values.zip,
    });
    for (const r of results) console.log(JSON.stringify(r));
  } catch (error) {
    console.error(`bundle: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
