/**
 * Runs `work` with everything written to stdout (a user module's `console.log`, say) sent to stderr,
 * so that `asl-dsl compile machine.ts > machine.json` writes only the JSON to the file.
 */
export async function withStdoutOnStderr<T>(work: () => Promise<T>): Promise<T> {
  const stdoutWrite = process.stdout.write;
  // console.log looks `write` up on the stream at each call, so replacing it catches console output too.
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = stdoutWrite;
  }
}
