import * as aslDsl from '@stackset-lite/asl-dsl';
import type { Command } from 'commander';
import { z } from 'zod';
import { buildArtifacts, type MermaidRenderer } from '../build/build-artifacts.js';
import { parseOptions } from './cli-options.js';

const BuildOptionsSchema = z.object({ out: z.string().min(1).default('out/stackset-lite') });

/** asl-dsl's `toMermaid`, when that package exports it. */
function mermaidRenderer(): MermaidRenderer | undefined {
  const candidate = (aslDsl as Record<string, unknown>).toMermaid;
  return typeof candidate === 'function' ? (candidate as MermaidRenderer) : undefined;
}

/** `stackset-lite build [--out dir]` */
export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description('write the ASL JSON, the SAM template, the role templates and a Mermaid diagram')
    .option('--out <dir>', 'output directory', 'out/stackset-lite')
    .action(async (raw: unknown) => {
      const { out } = parseOptions(BuildOptionsSchema, raw);
      const render = mermaidRenderer();
      const files = await buildArtifacts(out, render);
      for (const f of files) process.stdout.write(`wrote ${out}/${f.path}\n`);
      if (!render) process.stdout.write('no Mermaid diagram: this asl-dsl has no toMermaid yet\n');
    });
}
