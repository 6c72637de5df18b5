import type { z } from 'zod';
import { InvalidInput } from './errors.js';

/**
 * Parses a handler event against its schema at the edge, so everything inside is typed.
 * A mismatch throws `InvalidInput` naming every bad field as a JSON pointer (e.g. `/target/accountId`).
 */
export function parseEvent<S extends z.ZodType>(schema: S, event: unknown, handlerName: string): z.output<S> {
  const result = schema.safeParse(event);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: `/${issue.path.map((segment) => String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`,
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new InvalidInput(`${handlerName} received an invalid event: ${summary}`, issues);
}
