import type { Command } from 'commander';
import { z } from 'zod';
import { AslImportError, fromAsl } from '../import/index.js';
import { toMermaid } from '../render/index.js';
import { InputError, inputLabel, readDefinition } from './validate-command.js';

const renderOptions = z.object({
  format: z.enum(['mermaid'], { error: () => "--format must be 'mermaid'" }),
  direction: z.enum(['TD', 'LR'], { error: () => "--direction must be 'TD' or 'LR'" }),
});

/** Registers `asl-dsl render <file|-> [--format mermaid] [--direction TD|LR]`: prints the diagram. */
export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description('Render an ASL definition as a Mermaid flowchart.')
    .argument('<file>', 'the definition, or - for standard input')
    .option('--format <format>', 'diagram format', 'mermaid')
    .option('--direction <direction>', 'flowchart direction, TD or LR', 'TD')
    .action((file: string, rawOptions: unknown) => {
      const parsed = renderOptions.safeParse(rawOptions);
      if (!parsed.success) throw new InputError(parsed.error.issues[0]?.message ?? 'bad option');
      const { json } = readDefinition(file);
      let model: ReturnType<typeof fromAsl>;
      try {
        model = fromAsl(json);
      } catch (error) {
        if (error instanceof AslImportError) throw new InputError(`${inputLabel(file)}: ${error.message}`);
        throw error;
      }
      process.stdout.write(`${toMermaid(model, { direction: parsed.data.direction })}\n`);
    });
}
