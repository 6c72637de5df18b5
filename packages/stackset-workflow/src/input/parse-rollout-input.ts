import { InvalidInputError, toInputProblems } from './input-error.js';
import { type RolloutInput, RolloutInputSchema } from './rollout-input.js';

/**
 * Validates an execution input, applying defaults.
 * @throws InvalidInputError naming every bad field
 */
export function parseRolloutInput(value: unknown): RolloutInput {
  const result = RolloutInputSchema.safeParse(value);
  if (!result.success) throw new InvalidInputError(toInputProblems(result.error));
  return result.data;
}
