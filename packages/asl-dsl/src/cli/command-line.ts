import { type Command, CommanderError } from 'commander';

/**
 * Runs a commander program under the exit-code contract the stackset-lite command lines share:
 *
 * - on success the exit code is what the command set in `process.exitCode` (0 unless it set one);
 * - `--help` / `--version` exit 0; what commander rejects exits 2 (it has already printed its message
 *   and usage hint);
 * - otherwise a command reports failure by throwing: its message is printed as one line on stderr,
 *   prefixed with the program's name (never a stack trace), and its numeric `exitCode` property, when
 *   it has one, is the exit code (default 2, a usage or input error).
 *
 * The program must be built with `.exitOverride()` so that commander throws instead of exiting.
 * Exported as `@stackset-lite/asl-dsl/command-line` for the other packages' command lines.
 */
export async function runCommandLine(program: Command, argv: readonly string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help/version text, exit code 0).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${program.name()}: ${message.replaceAll(/\s*\n\s*/g, ' ')}\n`);
      process.exitCode = exitCodeOf(error);
    }
  }
}

/** The exit code of a failure: the error's own integer `exitCode`, else 2. */
function exitCodeOf(error: unknown): number {
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' && Number.isInteger(code) ? code : 2;
}
