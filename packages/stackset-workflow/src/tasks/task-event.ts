import type { z } from 'zod';
import { InvalidInputError, toInputProblems } from '../input/input-error.js';

/**
 * Parses a task's event at the edge. A bad event raises `InvalidInput` (the error name the state
 * machine catches) naming each bad field.
 */
export function parseTaskEvent<S extends z.ZodType>(schema: S, event: unknown): z.output<S> {
  const result = schema.safeParse(event);
  if (!result.success) throw new InvalidInputError(toInputProblems(result.error));
  return result.data;
}
