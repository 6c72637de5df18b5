import { readFileSync } from 'node:fs';
import { toInputProblems } from '../input/input-error.js';
import { type RolloutInput, rolloutInputSchema } from '../input/rollout-input.js';
import { UsageError } from './cli-options.js';

/** Step Functions' quota on an execution's input (StartExecution refuses a larger one). */
const MAX_EXECUTION_INPUT_BYTES = 262_144;

/** A user's rollout input as read from a file: the document verbatim and its validated form. */
export interface RolloutInputFile {
  document: unknown;
  input: RolloutInput;
}

/**
 * Reads and validates `--input`: with the machine's own input schema (the installation's stack-name
 * prefix included), so what passes here passes PrepareOperation. Every problem is a one-line usage
 * error naming the file and, for schema problems, each field's JSON pointer.
 */
export function readRolloutInputFile(
  path: string,
  options: { stackNamePrefix?: string } = {},
): RolloutInputFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(
      `--input: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  if (bytes.length > MAX_EXECUTION_INPUT_BYTES) {
    throw new UsageError(
      `--input: ${path} is ${bytes.length} bytes; an execution input is at most ${MAX_EXECUTION_INPUT_BYTES} (Step Functions quota)`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UsageError(`--input: ${path} is not JSON (${(error as Error).message})`);
  }
  const result = rolloutInputSchema(
    options.stackNamePrefix === undefined ? {} : { stackNamePrefix: options.stackNamePrefix },
  ).safeParse(document);
  if (!result.success) {
    const problems = toInputProblems(result.error).map((p) => `${p.pointer || '/'}: ${p.message}`);
    throw new UsageError(`--input: ${path} is not a valid rollout input: ${problems.join('; ')}`);
  }
  return { document, input: result.data };
}
