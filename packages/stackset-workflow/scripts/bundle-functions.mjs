#!/usr/bin/env node
/**
 * Bundles the eight Lambda functions of the StackSets-lite SAM template into `functions/<name>/index.mjs`
 * (shipped in the npm package, so `stackset-lite build` copies prebuilt code and users never need
 * esbuild), and the workflow injector macro's function into `functions/injectWorkflow.zip`
 * (workflow-macro.yaml's CodeKey). Run by this package's `build` script; the same sources give
 * byte-identical bundles. `test/build-artifacts.test.ts` checks that every CodeUri of the template has
 * its bundle, so this list cannot drift from the machine's TASK_FUNCTIONS unnoticed.
 *
 * Usage: node scripts/bundle-functions.mjs
 */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFunction } from '../../tasks/scripts/bundle.mjs';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tasksDir = resolve(packageDir, '..', 'tasks');
const outdir = join(packageDir, 'functions');

/** Function name (the SAM template's `functions/<name>/`) → entry point exporting `handler`. */
export const FUNCTION_ENTRIES = {
  prepareOperation: join(packageDir, 'src/lambda/prepare-operation.ts'),
  listTargets: join(tasksDir, 'src/list-targets/handler.ts'),
  planRollout: join(packageDir, 'src/lambda/plan-rollout.ts'),
  deployStack: join(tasksDir, 'src/deploy-stack/handler.ts'),
  pollStack: join(tasksDir, 'src/poll-stack/handler.ts'),
  recordStage: join(packageDir, 'src/lambda/record-stage.ts'),
  aggregateResults: join(packageDir, 'src/lambda/aggregate-results.ts'),
  notify: join(tasksDir, 'src/notify/handler.ts'),
  // Stack set operations (not machine tasks): Organizations events and drift detection.
  autoDeployment: join(packageDir, 'src/lambda/auto-deployment.ts'),
  detectDrift: join(packageDir, 'src/lambda/detect-drift.ts'),
};

try {
  rmSync(outdir, { recursive: true, force: true });
  const results = await Promise.all([
    ...Object.entries(FUNCTION_ENTRIES).map(([name, entry]) => bundleFunction({ name, entry, outdir })),
    bundleFunction({
      name: 'injectWorkflow',
      entry: join(tasksDir, 'src/inject-workflow/handler.ts'),
      outdir,
      zip: true,
    }),
  ]);
  // The macro ships as its zip only (it is deployed from S3, not by SAM).
  rmSync(join(outdir, 'injectWorkflow'), { recursive: true, force: true });
  const total = results.reduce((sum, r) => sum + (r.bytes ?? 0), 0);
  process.stderr.write(
    `bundled ${results.length} functions into functions/ (${(total / 1e6).toFixed(1)} MB)\n`,
  );
} catch (error) {
  process.stderr.write(`bundle-functions: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
