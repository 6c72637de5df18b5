import { copyFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StateMachineDefinition, serializeDefinition } from '@stackset-lite/asl-dsl';
import { makeDirectory } from '@stackset-lite/asl-dsl/command-line';
import { rolloutInputJsonSchema } from '../input/rollout-input.js';
import { stacksetMachine } from '../machine/stackset-machine.js';
import { type InstallationDefaults, samTemplate } from './sam-template.js';

/** A file `build` wrote, relative to the output directory. */
export interface BuiltFile {
  path: string;
  bytes: number;
}

/** Renders a Mermaid flowchart of a definition (asl-dsl's renderer, when the package provides one). */
export type MermaidRenderer = (definition: StateMachineDefinition) => string;

/** The tasks package's CloudFormation templates (role templates, template bucket, macro). */
export function tasksTemplatesDir(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@stackset-lite/tasks/package.json'))), 'templates');
}

/**
 * Writes everything needed to deploy StackSets-lite: the ASL definition (deterministic), the SAM
 * template, the per-account role templates, the input JSON Schema and, given a renderer, a Mermaid
 * diagram. `defaults` (stack-name prefix, template bucket) go into the SAM parameters' defaults and
 * the JSON Schema alike, so both describe the same installation. Same inputs, byte-identical files.
 */
export async function buildArtifacts(
  outDir: string,
  renderMermaid?: MermaidRenderer,
  defaults: InstallationDefaults = {},
): Promise<BuiltFile[]> {
  const definition = stacksetMachine();
  const files: [string, string][] = [
    ['statemachine.asl.json', `${serializeDefinition(definition)}\n`],
    ['template.json', `${JSON.stringify(samTemplate(definition, defaults), null, 2)}\n`],
    ['rollout-input.schema.json', `${JSON.stringify(rolloutInputJsonSchema(defaults), null, 2)}\n`],
  ];
  if (renderMermaid) files.push(['statemachine.mmd', `${renderMermaid(definition)}\n`]);
  makeDirectory(join(outDir, 'roles'));
  const written: BuiltFile[] = [];
  for (const [path, body] of files) {
    await writeFile(join(outDir, path), body);
    written.push({ path, bytes: Buffer.byteLength(body) });
  }
  const templates = tasksTemplatesDir();
  for (const name of (await readdir(templates)).filter((f) => f.endsWith('.yaml')).sort()) {
    await copyFile(join(templates, name), join(outDir, 'roles', name));
    written.push({ path: join('roles', name), bytes: 0 });
  }
  return written;
}
