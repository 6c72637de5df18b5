import type { z } from 'zod';

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Parses a command's options, naming each bad option (`--fail-rate: …`). */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const name = String(i.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    return `${name ? `--${name}: ` : ''}${i.message}`;
  });
  throw new UsageError(problems.join('; '));
}
