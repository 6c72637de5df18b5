import { toMermaid } from '@stackset-lite/asl-dsl';
import type { Command } from 'commander';
import { z } from 'zod';
import { buildArtifacts } from '../build/build-artifacts.js';
import { parseOptions } from './cli-options.js';

const BuildOptionsSchema = z.object({ out: z.string().min(1).default('out/stackset-lite') });

/** `stackset-lite build [--out dir]` */
export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description('write the ASL JSON, the SAM template, the role templates and a Mermaid diagram')
    .option('--out <dir>', 'output directory', 'out/stackset-lite')
    .action(async (raw: unknown) => {
      const { out } = parseOptions(BuildOptionsSchema, raw);
      const files = await buildArtifacts(out, (definition) => toMermaid(definition));
      for (const f of files) process.stdout.write(`wrote ${out}/${f.path}\n`);
    });
}
