import { type Command, CommanderError } from 'commander';

export { DirectoryError, makeDirectory } from './make-directory.js';

/**
 * Runs a commander program under the exit-code contract the stackset-lite command lines share:
 *
 * - on success the exit code is what the command set in `process.exitCode` (0 unless it set one);
 * - `--help` / `--version` exit 0; what commander rejects exits 2 (it has already printed its message
 *   and usage hint);
 * - otherwise a command reports failure by throwing: its message is printed as one line on stderr,
 *   prefixed with the program's name (never a stack trace), and its numeric `exitCode` property, when
 *   it has one, is the exit code (default 2, a usage or input error);
 * - stdout closed by its reader (`… | head`) ends the program quietly (see {@link exitQuietlyOnClosedStdout}).
 *
 * The program must be built with `.exitOverride()` so that commander throws instead of exiting.
 * Exported as `@stackset-lite/asl-dsl/command-line` for the other packages' command lines.
 */
export async function runCommandLine(program: Command, argv: readonly string[]): Promise<void> {
  exitQuietlyOnClosedStdout();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help/version text, exit code 0).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      process.stderr.write(`${program.name()}: ${oneLine(error)}\n`);
      process.exitCode = exitCodeOf(error);
    }
  }
}

/** An error's message as one line (a thrown non-Error is shown as a string). */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replaceAll(/\s*\n\s*/g, ' ').trim();
}

/** The exit code of a failure: the error's own integer `exitCode`, else 2. */
function exitCodeOf(error: unknown): number {
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' && Number.isInteger(code) ? code : 2;
}

let closedStdoutHandled = false;

/**
 * When the reader of stdout goes away (`stackset-lite simulate | head`), writing fails with EPIPE:
 * without a listener Node throws it as an uncaught exception with a stack trace. The reader has all it
 * wanted, so the program stops quietly with exit code 0 (a shell with `pipefail` then reports the
 * reader's status, not ours).
 */
export function exitQuietlyOnClosedStdout(): void {
  if (closedStdoutHandled) return;
  closedStdoutHandled = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`cannot write to stdout: ${error.code ?? error.message}\n`);
    process.exit(2);
  });
}
