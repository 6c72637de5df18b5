import { readFileSync } from 'node:fs';
import { validate } from '@stackset-lite/asl-dsl';
import type { JsonValue, StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { startExecution } from '../execution/start-execution.js';
import { handlersFromMocks, mocksFileSchema } from './mocks-file.js';

/** The package's version, for `--version`. */
const VERSION = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))).version;

/** Exit codes: 0 succeeded, 1 the execution did not succeed, 2 usage or unreadable input. */
const EXIT_USAGE = 2;

class UsageError extends Error {}

const definitionShape = z
  .object({ StartAt: z.string(), States: z.record(z.string(), z.object({ Type: z.string() }).loose()) })
  .loose();

function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `Cannot read ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} '${path}' is not valid JSON: ${(e as Error).message}`);
  }
}

function describeIssue(issues: readonly z.core.$ZodIssue[], what: string): string {
  const i = issues[0];
  return `${what} is invalid at '/${i?.path.join('/') ?? ''}': ${i?.message ?? 'invalid'}`;
}

/** Parses the `--input` value: inline JSON or `@file`. */
function readInput(raw: string | undefined): JsonValue {
  if (raw === undefined) return {};
  if (raw.startsWith('@')) return readJsonFile(raw.slice(1), 'input file') as JsonValue;
  try {
    return JSON.parse(raw) as JsonValue;
  } catch (e) {
    throw new UsageError(`--input is not valid JSON (use @file to read a file): ${(e as Error).message}`);
  }
}

interface RunOptions {
  input?: string;
  mocks?: string;
  json?: boolean;
  validate?: boolean;
}

async function run(definitionPath: string, opts: RunOptions): Promise<number> {
  const raw = readJsonFile(definitionPath, 'definition');
  const shape = definitionShape.safeParse(raw);
  if (!shape.success)
    throw new UsageError(describeIssue(shape.error.issues, `Definition '${definitionPath}'`));
  if (opts.validate) {
    // What CreateStateMachine would refuse: asl-dsl's validator, errors only.
    const errors = validate(raw).filter((d) => d.severity === 'ERROR');
    if (errors.length > 0) {
      const lines = errors.map((d) => `  ${d.code} at '${d.location}': ${d.message}`);
      throw new UsageError(`Definition '${definitionPath}' is invalid:\n${lines.join('\n')}`);
    }
  }
  const input = readInput(opts.input);
  let handlers = {};
  if (opts.mocks) {
    const m = mocksFileSchema.safeParse(readJsonFile(opts.mocks, 'mocks file'));
    if (!m.success) throw new UsageError(describeIssue(m.error.issues, `Mocks file '${opts.mocks}'`));
    handlers = handlersFromMocks(m.data);
  }
  const r = await startExecution({ definition: raw as StateMachineDefinition, input, handlers });
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({
        status: r.status,
        output: r.output ?? null,
        error: r.error ?? null,
        cause: r.cause ?? null,
        stateTransitions: r.stateTransitions,
        historyEvents: r.historyEventCount,
      })}\n`,
    );
  } else {
    const lines = [`status: ${r.status}`];
    if (r.status === 'SUCCEEDED') lines.push(`output: ${JSON.stringify(r.output)}`);
    else lines.push(`error: ${r.error ?? ''}`, `cause: ${r.cause ?? ''}`);
    lines.push(`stateTransitions: ${r.stateTransitions}`, `historyEvents: ${r.historyEventCount}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return r.status === 'SUCCEEDED' ? 0 : 1;
}

/** Runs the CLI with argv (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('asl-local')
    .description('Run an Amazon States Language definition in-process with AWS-faithful semantics.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code = 0;
  program
    .command('run')
    .description(
      'Run a state machine definition and print its status, output or error, transitions and history size.',
    )
    .argument('<definition.json>', 'the ASL definition file')
    .option('--input <json|@file>', 'execution input: inline JSON or @path/to/input.json', undefined)
    .option(
      '--mocks <file>',
      'task mocks: {"mocks": {"<resource|name|pattern>": {"return": ...} | {"throw": {"error", "cause"}} | [...]}}',
    )
    .option('--json', 'print {"status","output","error","cause","stateTransitions","historyEvents"}')
    .option('--validate', 'refuse a definition that AWS would refuse (asl-dsl validator errors), exit 2')
    .action(async (definition: string, opts: RunOptions) => {
      code = await run(definition, opts);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is a usage error.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`asl-local: ${e.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`asl-local: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
}
