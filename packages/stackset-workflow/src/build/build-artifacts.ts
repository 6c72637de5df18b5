import { copyFileSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeDefinition, toMermaid } from '@stackset-lite/asl-dsl';
import { makeDirectory } from '@stackset-lite/asl-dsl/command-line';
import { rolloutInputJsonSchema } from '../input/rollout-input.js';
import { stacksetMachine } from '../machine/stackset-machine.js';
import { TASK_FUNCTIONS, type TaskFunctionName } from '../machine/task-functions.js';
import { STACK_SET_FUNCTIONS, type StackSetFunctionName } from '../stack-set/stack-set-table-resources.js';
import { exampleRolloutInput } from './example-input.js';
import { functionCodeUri, type InstallationDefaults, samTemplate } from './sam-template.js';

/** A file `build` wrote, relative to the output directory. */
export interface BuiltFile {
  path: string;
  bytes: number;
}

/** The prebuilt function bundles are not where the package keeps them. */
export class MissingBundlesError extends Error {
  override readonly name = 'MissingBundlesError';
  readonly exitCode = 2;
}

/** The tasks package's CloudFormation templates (role templates, template bucket, macro). */
export function tasksTemplatesDir(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@stackset-lite/tasks/package.json'))), 'templates');
}

/**
 * The prebuilt Lambda bundles: `functions/<name>/index.mjs` at this package's root, made by
 * `scripts/bundle-functions.mjs` when the package is built and shipped in its tarball (the same path
 * from `src/build/` and `dist/build/`).
 */
export function functionBundlesDir(): string {
  return fileURLToPath(new URL('../../functions/', import.meta.url));
}

/** The workflow injector macro's zip (workflow-macro.yaml's CodeKey), next to the function bundles. */
const MACRO_ZIP = 'injectWorkflow.zip';

/**
 * Writes everything needed to deploy StackSets-lite with SAM:
 *
 * - `template.json`: the SAM template (state machine, functions, roles, topic, buckets);
 * - `functions/<name>/`: every function the template references (its `CodeUri`), bundled by esbuild
 *   when the package was built;
 * - `roles/*.yaml`: the role templates for the management and target accounts, the template bucket
 *   (a nested stack of template.json) and the workflow injector macro, whose code is
 *   `macro/inject-workflow.zip`;
 * - `statemachine.asl.json` (deterministic ASL), `statemachine.mmd` (Mermaid diagram),
 *   `rollout-input.schema.json` (JSON Schema of an execution input) and `example-input.json`.
 *
 * `defaults` (stack-name prefix, template bucket) go into the SAM parameters' defaults, the JSON
 * Schema and the example alike, so all describe the same installation. Same inputs, byte-identical
 * files.
 * @throws MissingBundlesError when the function bundles were not built (in the monorepo: build the package)
 * @throws DirectoryError when `outDir` cannot be created
 */
export async function buildArtifacts(
  outDir: string,
  defaults: InstallationDefaults = {},
): Promise<BuiltFile[]> {
  const bundles = functionBundlesDir();
  const names: (TaskFunctionName | StackSetFunctionName)[] = [
    ...(Object.keys(TASK_FUNCTIONS) as TaskFunctionName[]),
    ...STACK_SET_FUNCTIONS,
  ];
  const missing = names.filter((name) => !existsSync(join(bundles, name, 'index.mjs')));
  if (missing.length > 0 || !existsSync(join(bundles, MACRO_ZIP))) {
    throw new MissingBundlesError(
      `the prebuilt function bundles are missing from ${bundles} (${missing.join(', ') || MACRO_ZIP}); ` +
        'in the stackset-lite repository run: pnpm --filter @stackset-lite/stackset-workflow build',
    );
  }
  const definition = stacksetMachine();
  const written: BuiltFile[] = [];
  const write = (path: string, body: string) => {
    writeFileSync(join(outDir, path), body);
    written.push({ path, bytes: Buffer.byteLength(body) });
  };
  const copy = (from: string, path: string) => {
    copyFileSync(from, join(outDir, path));
    written.push({ path, bytes: statSync(from).size });
  };

  makeDirectory(outDir);
  write('template.json', `${JSON.stringify(samTemplate(definition, defaults), null, 2)}\n`);
  write('statemachine.asl.json', `${serializeDefinition(definition)}\n`);
  write('statemachine.mmd', `${toMermaid(definition)}\n`);
  write('rollout-input.schema.json', `${JSON.stringify(rolloutInputJsonSchema(defaults), null, 2)}\n`);
  write('example-input.json', `${JSON.stringify(exampleRolloutInput(defaults), null, 2)}\n`);

  for (const name of names) {
    const target = join(outDir, functionCodeUri(name));
    // A previous build's files must not linger in what SAM zips and uploads.
    rmSync(target, { recursive: true, force: true });
    makeDirectory(target);
    for (const file of readdirSync(join(bundles, name)).sort()) {
      copy(join(bundles, name, file), join(functionCodeUri(name), file));
    }
  }

  makeDirectory(join(outDir, 'roles'));
  const templates = tasksTemplatesDir();
  for (const file of readdirSync(templates)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    copy(join(templates, file), join('roles', file));
  }
  makeDirectory(join(outDir, 'macro'));
  copy(join(bundles, MACRO_ZIP), join('macro', 'inject-workflow.zip'));
  return written;
}
