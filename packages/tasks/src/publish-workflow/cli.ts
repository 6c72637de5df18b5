import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { PublishWorkflowError } from './errors.js';
import { type PublishWorkflowDependencies, publishWorkflow } from './publish-workflow.js';

/** Usage text of the publish-workflow command. */
export const PUBLISH_WORKFLOW_USAGE = `usage: publish-workflow --stack <name> --definition <file.asl.json> --bucket <workflow bucket>
  [--region <region>] [--key-prefix workflows/] [--sm-resource <logical id>]
  [--allow-other-changes] [--allow-replacement] [--poll-interval <s>] [--timeout <s>]

Uploads the definition, updates the stack's S3Key parameter through a change set that must only
modify the state machine, executes it and waits for UPDATE_COMPLETE.
Exit status: 0 updated or no changes, 1 the publish failed, 2 bad usage.`;

const ArgsSchema = z.object({
  stack: z.string({ error: '--stack is required' }).min(1),
  definition: z.string({ error: '--definition is required' }).min(1),
  bucket: z.string({ error: '--bucket is required' }).min(1),
  region: z.string().min(1).optional(),
  'key-prefix': z.string().optional(),
  'sm-resource': z.string().min(1).optional(),
  'allow-other-changes': z.boolean().default(false),
  'allow-replacement': z.boolean().default(false),
  'poll-interval': z.coerce
    .number({ error: '--poll-interval must be a number of seconds' })
    .positive()
    .optional(),
  timeout: z.coerce.number({ error: '--timeout must be a number of seconds' }).positive().optional(),
});

/** Where the command writes and what it runs against; tests pass fakes. */
export interface PublishWorkflowCliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly readFile: (path: string) => Promise<string>;
  /** Builds the AWS side for a region (default: real SDK clients with adaptive retries, real time). */
  readonly dependencies: (region: string | undefined) => Omit<PublishWorkflowDependencies, 'onProgress'>;
}

const defaultIo: PublishWorkflowCliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => readFile(path, 'utf-8'),
  dependencies: (region) => ({
    s3: new S3Client({ ...(region ? { region } : {}), retryMode: 'adaptive' }),
    cloudFormation: new CloudFormationClient({ ...(region ? { region } : {}), retryMode: 'adaptive' }),
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }),
};

/**
 * The publish-workflow command: parses `argv`, runs {@link publishWorkflow} and returns the exit
 * status. Errors are one line naming what went wrong, never a stack trace.
 */
export async function publishWorkflowCli(
  argv: readonly string[],
  io: PublishWorkflowCliIo = defaultIo,
): Promise<number> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        stack: { type: 'string' },
        definition: { type: 'string' },
        bucket: { type: 'string' },
        region: { type: 'string' },
        'key-prefix': { type: 'string' },
        'sm-resource': { type: 'string' },
        'allow-other-changes': { type: 'boolean' },
        'allow-replacement': { type: 'boolean' },
        'poll-interval': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    io.err(`publish-workflow: ${error instanceof Error ? error.message : String(error)}`);
    io.err(PUBLISH_WORKFLOW_USAGE);
    return 2;
  }
  if (values.help) {
    io.out(PUBLISH_WORKFLOW_USAGE);
    return 0;
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    io.err(`publish-workflow: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    io.err(PUBLISH_WORKFLOW_USAGE);
    return 2;
  }
  const args = parsed.data;
  let definition: string;
  try {
    definition = await io.readFile(args.definition);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? ` (${String(error.code)})` : '';
    io.err(`publish-workflow: cannot read --definition ${args.definition}${code}`);
    return 2;
  }
  try {
    const result = await publishWorkflow(
      {
        stackName: args.stack,
        definition,
        bucket: args.bucket,
        ...(args['key-prefix'] !== undefined ? { keyPrefix: args['key-prefix'] } : {}),
        ...(args['sm-resource'] ? { stateMachineLogicalId: args['sm-resource'] } : {}),
        allowOtherChanges: args['allow-other-changes'],
        allowReplacement: args['allow-replacement'],
        ...(args['poll-interval'] ? { pollIntervalSeconds: args['poll-interval'] } : {}),
        ...(args.timeout ? { timeoutSeconds: args.timeout } : {}),
      },
      { ...io.dependencies(args.region), onProgress: (line) => io.err(line) },
    );
    io.out(JSON.stringify(result));
    return 0;
  } catch (error) {
    if (error instanceof PublishWorkflowError) {
      io.err(`publish-workflow: ${error.code}: ${error.message}`);
      return 1;
    }
    const name = error instanceof Error ? error.name : 'Error';
    io.err(
      `publish-workflow: AWS call failed: ${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}
