import type { z } from 'zod';

/** One invalid field of an execution input: a JSON pointer and what is wrong with it. */
export interface InputProblem {
  /** JSON pointer into the input, e.g. `/preferences/maxConcurrentCount`. */
  pointer: string;
  message: string;
}

/**
 * Thrown (and raised to the state machine as the `InvalidInput` error) when an execution input is
 * invalid. The message names every bad field, so one run tells the user everything to fix.
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInput';
  constructor(readonly problems: InputProblem[]) {
    super(`invalid input: ${problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ')}`);
  }
}

function escapePointer(segment: PropertyKey): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Turns zod issues into pointer + message problems. */
export function toInputProblems(error: z.ZodError): InputProblem[] {
  return error.issues.map((issue) => ({
    pointer: issue.path.map((s) => `/${escapePointer(s)}`).join(''),
    message: issue.message,
  }));
}
