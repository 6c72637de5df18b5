import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeDefinition } from '@stackset-lite/asl-dsl';
import { makeDirectory } from '@stackset-lite/asl-dsl/command-line';
import { publishWorkflowCli } from '@stackset-lite/tasks';
import type { Command } from 'commander';
import { stacksetMachine } from '../machine/stackset-machine.js';

/**
 * `stackset-lite publish-workflow --stack <name> --bucket <workflow bucket> [...]`: the tasks
 * package's publishWorkflow (upload, change set that may only touch the state machine, execute, wait
 * for the stack). Without `--definition` it publishes the current StackSets-lite machine.
 */
export function registerPublishWorkflowCommand(program: Command): void {
  program
    .command('publish-workflow')
    .description('publish the machine to a stack that uses the workflow injector macro (see --help)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[options...]', 'publish-workflow options: --stack, --bucket, --definition, --region, ...')
    .action(async (args: string[]) => {
      const argv = [...args];
      if (!argv.includes('--definition') && !argv.includes('--help') && !argv.includes('-h')) {
        const dir = join('out', 'stackset-lite');
        makeDirectory(dir);
        const file = join(dir, 'statemachine.asl.json');
        await writeFile(file, `${serializeDefinition(stacksetMachine())}\n`);
        argv.push('--definition', file);
      }
      process.exitCode = await publishWorkflowCli(argv);
    });
}
