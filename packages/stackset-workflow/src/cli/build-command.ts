import { toMermaid } from '@stackset-lite/asl-dsl';
import type { Command } from 'commander';
import { z } from 'zod';
import { buildArtifacts } from '../build/build-artifacts.js';
import { StackNamePrefixSchema } from '../input/rollout-input.js';
import { parseOptions } from './cli-options.js';

const BuildOptionsSchema = z.object({
  out: z.string().min(1).default('out/stackset-lite'),
  stackNamePrefix: StackNamePrefixSchema.optional(),
  templateBucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional(),
});

/** `stackset-lite build [--out dir] [--stack-name-prefix p] [--template-bucket b]` */
export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description('write the ASL JSON, the SAM template, the role templates and a Mermaid diagram')
    .option('--out <dir>', 'output directory', 'out/stackset-lite')
    .option(
      '--stack-name-prefix <prefix>',
      "the deploy roles' StackNamePrefix (default stackset-lite-; '' allows any name)",
    )
    .option('--template-bucket <name>', "the deploy roles' TemplateBucketName (default: none)")
    .action(async (raw: unknown) => {
      const { out, stackNamePrefix, templateBucket } = parseOptions(BuildOptionsSchema, raw);
      const files = await buildArtifacts(out, (definition) => toMermaid(definition), {
        ...(stackNamePrefix !== undefined && { stackNamePrefix }),
        ...(templateBucket && { templateBucket }),
      });
      for (const f of files) process.stdout.write(`wrote ${out}/${f.path}\n`);
    });
}
