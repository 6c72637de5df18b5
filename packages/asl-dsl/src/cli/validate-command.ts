import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { isValidResult, validate } from '../validate/index.js';
import { decodeUtf8, describeUtf8Problem } from '../validate/utf8-text.js';

/** A failure the CLI reports in one line with exit code 2 (unreadable or non-ASL input). */
export class InputError extends Error {
  readonly exitCode = 2;
}

/** The definition is invalid: the diagnostics are already printed, exit 1. */
class InvalidDefinitionError extends Error {
  readonly exitCode = 1;
}

/** How a file argument is named in messages: `-` is standard input. */
export function inputLabel(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/**
 * Reads a definition file (or standard input for `-`) and parses it as JSON that looks like ASL:
 * an object with StartAt or States. Anything else is an {@link InputError}.
 */
export function readDefinition(file: string): { text: string; json: unknown } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new InputError(`cannot read ${inputLabel(file)}: ${reason}`);
  }
  // Read bytes and decode strictly: a lenient decode would turn every invalid byte into U+FFFD.
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new InputError(`${inputLabel(file)} is ${describeUtf8Problem(decoded)}`);
  const text = decoded.text;
  if (text.trim() === '') throw new InputError(`${inputLabel(file)} is empty`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${inputLabel(file)} is not valid JSON: ${(error as Error).message}`);
  }
  const looksLikeAsl =
    json !== null &&
    typeof json === 'object' &&
    !Array.isArray(json) &&
    ('StartAt' in json || 'States' in json);
  if (!looksLikeAsl) {
    throw new InputError(
      `${inputLabel(file)} is not an ASL definition: expected an object with StartAt and States`,
    );
  }
  return { text, json };
}

const validateOptions = z.object({ json: z.boolean().optional() });

/**
 * Registers `asl-dsl validate <file|-> [--json]`: prints one line per diagnostic,
 * `<file>:<pointer>: <CODE> <message>` (or `{"valid":bool,"diagnostics":[...]}` with --json), and
 * exits 0 when there is no error (warnings allowed), 1 when there is one, 2 on unreadable input.
 */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('Validate an ASL definition (JSONPath or JSONata): AWS rules plus data-flow checks.')
    .argument('<file>', 'the definition, or - for standard input')
    .option('--json', 'print {"valid":bool,"diagnostics":[...]} instead of one line per diagnostic')
    .action((file: string, rawOptions: unknown) => {
      const options = validateOptions.parse(rawOptions);
      const { text } = readDefinition(file);
      const diagnostics = validate(text);
      const valid = isValidResult(diagnostics);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ valid, diagnostics })}\n`);
      } else {
        const label = inputLabel(file);
        for (const d of diagnostics) {
          process.stdout.write(
            `${label}:${d.location}: ${d.code} ${d.severity === 'WARNING' ? '(warning) ' : ''}${d.message}\n`,
          );
        }
      }
      if (!valid) {
        const errors = diagnostics.filter((d) => d.severity === 'ERROR').length;
        // With --json the verdict is already on stdout; the exit code alone says invalid.
        if (options.json) process.exitCode = 1;
        else
          throw new InvalidDefinitionError(
            `${inputLabel(file)} is invalid (${errors} error${errors > 1 ? 's' : ''})`,
          );
      }
    });
}
