#!/usr/bin/env node
/**
 * The `asl-dsl` command line: `compile`, plus the commands registered below.
 *
 * Exit codes: 0 success; 1 the machine is invalid; 2 a usage, load or build error. A command reports
 * a failure by throwing an error; `runCommandLine` prints its message as one line on stderr (never a
 * stack trace) and its numeric `exitCode` property, when it has one, is the exit code (default 2).
 * Commands live in `<name>-command.ts` and export `register<Name>Command(program)`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { runCommandLine } from './command-line.js';
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

await runCommandLine(program, process.argv);
