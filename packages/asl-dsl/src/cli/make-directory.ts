import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A directory could not be created: the message names it and the system's reason. */
export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  /** A usage error for the command lines: exit code 2. */
  readonly exitCode = 2;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/**
 * `mkdir -p`, one level at a time. Node's `mkdir(dir, { recursive: true })` never returns for some
 * paths a user may type (`/proc/x` on Linux: the kernel answers ENOENT for the child of an existing
 * directory and Node retries forever), so the command lines create the missing levels themselves.
 * @throws DirectoryError naming the directory that could not be created, or the file in the way.
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      if (!statSync(current).isDirectory())
        throw new DirectoryError(`'${current}' exists and is not a directory`);
      break;
    } catch (error) {
      if (error instanceof DirectoryError) throw error;
      const code = errorCode(error);
      if (code !== 'ENOENT')
        throw new DirectoryError(`cannot use directory '${current}' (${code ?? String(error)})`);
      const parent = dirname(current);
      if (parent === current) throw new DirectoryError(`cannot use directory '${current}' (ENOENT)`);
      missing.push(current);
      current = parent;
    }
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EEXIST' && statSync(dir).isDirectory()) continue;
      throw new DirectoryError(`cannot create directory '${dir}' (${code ?? String(error)})`);
    }
  }
}
