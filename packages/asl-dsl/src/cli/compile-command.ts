import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { compileMachineModule } from '../compile/index.js';
import { serializeDefinition } from '../serialize/index.js';

const compileOptions = z.object({
  output: z.string().min(1, '-o needs a file name').optional(),
  compact: z.boolean().optional(),
});

/**
 * Registers `asl-dsl compile <module.ts>[#export] [-o file] [--compact]`: loads the module, picks the
 * machine export and prints its ASL JSON, or writes it to `-o`.
 */
export function registerCompileCommand(program: Command): void {
  program
    .command('compile')
    .description(
      'Compile a state machine exported by a TypeScript/JavaScript module to ASL JSON. ' +
        'Picks <module>#<export>, else the default export, else the only machine export.',
    )
    .argument('<module>', 'module path, optionally with #exportName (e.g. machines.ts#deploy)')
    .option('-o, --output <file>', 'write the JSON to this file instead of stdout')
    .option('--compact', 'no whitespace in the output')
    .action(async (reference: string, rawOptions: unknown) => {
      const options = compileOptions.parse(rawOptions);
      const compiled = await compileMachineModule(reference);
      const json = `${serializeDefinition(compiled.model, { compact: options.compact ?? false })}\n`;
      if (options.output === undefined) {
        process.stdout.write(json);
        return;
      }
      const target = resolve(options.output);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, json);
      const states = Object.keys(compiled.model.States).length;
      process.stderr.write(
        `compiled ${compiled.modulePath}#${compiled.exportName} (${states} top-level states) to ${options.output}\n`,
      );
    });
}
