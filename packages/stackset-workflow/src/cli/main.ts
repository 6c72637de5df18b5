#!/usr/bin/env node
/**
 * The `stackset-lite` command line: `build`, `simulate`, `publish-workflow`, `local-run`, `instances`,
 * `operations` and `stop`.
 *
 * Exit codes (the package README lists them per command): 0 success; 1 the rollout failed (simulated
 * or on Step Functions Local), AWS refused a workflow update, or a lifecycle story check failed;
 * 2 usage or input errors.
 * Errors are printed as one line on stderr, never a stack trace.
 * @module
 */
import { readFileSync } from 'node:fs';
import { runCommandLine } from '@stackset-lite/asl-dsl/command-line';
import { Command } from 'commander';
import { z } from 'zod';
import { registerBuildCommand } from './build-command.js';
import { registerLocalRunCommand } from './local-run-command.js';
import { registerPublishWorkflowCommand } from './publish-workflow-command.js';
import { registerSimulateCommand } from './simulate-command.js';
import { registerStackSetCommands } from './stack-set-commands.js';

const packageJson = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')));

const program = new Command('stackset-lite')
  .description('StackSets-lite: deploy a CloudFormation template to every account of an AWS Organization.')
  .version(packageJson.version)
  .exitOverride();

registerBuildCommand(program);
registerSimulateCommand(program);
registerPublishWorkflowCommand(program);
registerLocalRunCommand(program);
registerStackSetCommands(program);

await runCommandLine(program, process.argv);
