#!/usr/bin/env node
/**
 * The `asl-dsl` command line: `compile`, plus the commands registered below.
 *
 * Exit codes: 0 success; 1 the machine is invalid; 2 a usage, load or build error. A command reports
 * a failure by throwing an error; its message is printed as one line on stderr (never a stack
 * trace) and its numeric `exitCode` property, when it has one, is the exit code (default 2).
 * Commands live in `<name>-command.ts` and export `register<Name>Command(program)`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { registerCompileCommand } from './compile-command.js';
import { registerImportCommand } from './import-command.js';
import { registerRenderCommand } from './render-command.js';
import { registerValidateCommand } from './validate-command.js';

const packageJson = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')));

const program = new Command('asl-dsl')
  .description('Compile, validate, render and import Amazon States Language state machines.')
  .version(packageJson.version)
  .exitOverride()
  .showHelpAfterError('(run asl-dsl --help for usage)');

registerCompileCommand(program);
registerValidateCommand(program);
registerRenderCommand(program);
registerImportCommand(program);

/** The exit code of a failure: the error's own `exitCode`, else 2. */
function exitCodeOf(error: unknown): number {
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' && Number.isInteger(code) ? code : 2;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help/version text, exit code 0).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`asl-dsl: ${message.replaceAll(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = exitCodeOf(error);
  }
}
