import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { compileMachineModule } from '../compile/index.js';
import { serializeDefinition } from '../serialize/index.js';
import { type Diagnostic, validate } from '../validate/index.js';
import { makeDirectory } from './make-directory.js';
import { withStdoutOnStderr } from './stdout-to-stderr.js';

/** The compiled machine is not valid ASL: the CLI exits 1 after listing the errors. */
class InvalidMachineError extends Error {
  readonly exitCode = 1;
}

function describeDiagnostic(d: Diagnostic): string {
  return `${d.severity} ${d.code} at ${d.location || '/'}: ${d.message}`;
}

const compileOptions = z.object({
  output: z.string().min(1, '-o needs a file name').optional(),
  compact: z.boolean().optional(),
  validate: z.boolean(),
});

/**
 * Registers `asl-dsl compile <module.ts>[#export] [-o file] [--compact] [--no-validate]`: loads the
 * module, picks the machine export, validates it (invalid: errors on stderr, exit 1) and prints its
 * ASL JSON, or writes it to `-o`.
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
    .option('--no-validate', 'skip validating the machine before writing it')
    .action(async (reference: string, rawOptions: unknown) => {
      const options = compileOptions.parse(rawOptions);
      // The module runs here: whatever it prints must not end up in the JSON on stdout.
      const compiled = await withStdoutOnStderr(() => compileMachineModule(reference));
      if (options.validate) {
        const diagnostics = validate(compiled.model);
        const errors = diagnostics.filter((d) => d.severity === 'ERROR');
        for (const d of diagnostics.filter((x) => x.severity !== 'ERROR')) {
          process.stderr.write(`asl-dsl: ${describeDiagnostic(d)}\n`);
        }
        if (errors.length > 0) {
          for (const d of errors.slice(1)) process.stderr.write(`asl-dsl: ${describeDiagnostic(d)}\n`);
          const first = errors[0] as Diagnostic;
          throw new InvalidMachineError(
            `${compiled.modulePath}#${compiled.exportName} is not a valid state machine (${errors.length} error(s)); ${describeDiagnostic(first)}`,
          );
        }
      }
      const json = `${serializeDefinition(compiled.model, { compact: options.compact ?? false })}\n`;
      if (options.output === undefined) {
        process.stdout.write(json);
        return;
      }
      const target = resolve(compiled.baseDir, options.output);
      makeDirectory(dirname(target));
      writeFileSync(target, json);
      const states = Object.keys(compiled.model.States).length;
      process.stderr.write(
        `compiled ${compiled.modulePath}#${compiled.exportName} (${states} top-level states) to ${options.output}\n`,
      );
    });
}
