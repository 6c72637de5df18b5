import type { Command } from 'commander';
import { z } from 'zod';
import { type BuiltFile, buildArtifacts } from '../build/build-artifacts.js';
import { StackNamePrefixSchema } from '../input/rollout-input.js';
import { parseOptions } from './cli-options.js';

const BuildOptionsSchema = z.object({
  out: z.string().min(1, 'needs a directory').default('out/stackset-lite'),
  stackNamePrefix: StackNamePrefixSchema.optional(),
  templateBucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional(),
});

const megabytes = (files: readonly BuiltFile[]) =>
  `${(files.reduce((sum, f) => sum + f.bytes, 0) / 1e6).toFixed(1)} MB`;

/** What `build` wrote, grouped (the function bundles as one line), then how to deploy it. */
function buildReport(out: string, files: readonly BuiltFile[]): string {
  const top = files.filter((f) => !f.path.includes('/'));
  const functions = files.filter((f) => f.path.startsWith('functions/'));
  const functionNames = new Set(functions.map((f) => f.path.split('/')[1]));
  const roles = files.filter((f) => f.path.startsWith('roles/'));
  const macro = files.filter((f) => f.path.startsWith('macro/'));
  return [
    `wrote ${out}/ (${files.length} files, ${megabytes(files)})`,
    ...top.map((f) => `  ${f.path}`),
    `  functions/   ${functionNames.size} Lambda bundles, one per CodeUri (${megabytes(functions)})`,
    `  roles/       ${roles.map((f) => f.path.slice('roles/'.length)).join(', ')}`,
    ...(macro.length > 0
      ? [`  macro/       ${macro.map((f) => f.path.slice('macro/'.length)).join(', ')}`]
      : []),
    'deploy it with AWS SAM:',
    `  sam deploy --guided --template-file ${out}/template.json --capabilities CAPABILITY_NAMED_IAM CAPABILITY_AUTO_EXPAND`,
  ].join('\n');
}

/** `stackset-lite build [--out dir] [--stack-name-prefix p] [--template-bucket b]` */
export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description(
      'write the deployable artifact: SAM template, function bundles, role templates, input JSON Schema, example input, diagram',
    )
    .option('--out <dir>', 'output directory', 'out/stackset-lite')
    .option(
      '--stack-name-prefix <prefix>',
      "the deploy roles' StackNamePrefix (default stackset-lite-; '' allows any name)",
    )
    .option('--template-bucket <name>', "the deploy roles' TemplateBucketName (default: none)")
    .action(async (raw: unknown) => {
      const { out, stackNamePrefix, templateBucket } = parseOptions(BuildOptionsSchema, raw);
      const files = await buildArtifacts(out, {
        ...(stackNamePrefix !== undefined && { stackNamePrefix }),
        ...(templateBucket && { templateBucket }),
      });
      process.stdout.write(`${buildReport(out.replace(/\/+$/, ''), files)}\n`);
    });
}
