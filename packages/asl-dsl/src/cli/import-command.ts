import type { Command } from 'commander';
import { AslImportError, importAsSource } from '../import/index.js';
import { InputError, inputLabel, readDefinition } from './validate-command.js';

/**
 * Registers `asl-dsl import <file|->`: prints TypeScript source that `asl-dsl compile` turns back
 * into the same definition — fluent builder calls when the builder can express it (checked by
 * rebuilding), else a typed definition literal; a note on stderr says which.
 */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Print TypeScript DSL source that reproduces an ASL definition through asl-dsl compile.')
    .argument('<file>', 'the definition, or - for standard input')
    .action(async (file: string) => {
      const { json } = readDefinition(file);
      let imported: Awaited<ReturnType<typeof importAsSource>>;
      try {
        imported = await importAsSource(json);
      } catch (error) {
        if (error instanceof AslImportError) throw new InputError(`${inputLabel(file)}: ${error.message}`);
        throw error;
      }
      process.stdout.write(imported.source);
      if (imported.form === 'definition') {
        process.stderr.write(
          `asl-dsl: ${inputLabel(file)}: written as a typed definition: ${imported.reason}\n`,
        );
      }
    });
}
