import { z } from 'zod';
import type { StateMachineDefinition } from '../model/index.js';

/**
 * Anything that yields a state machine model: a builder machine (any object with `toModel()`) or a
 * plain model.
 */
export type MachineSource = StateMachineDefinition | { toModel(): StateMachineDefinition };

/**
 * The outline every definition has: StartAt and a States map of typed states. Enough to tell a
 * machine from other exports; the validator checks the rest.
 */
const definitionOutline = z.looseObject({
  StartAt: z.string(),
  States: z.record(z.string(), z.looseObject({ Type: z.string() })),
});

/** Whether a value is a builder machine: it has a `toModel()` method. */
export function isBuilderMachine(value: unknown): value is { toModel(): unknown } {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { toModel?: unknown }).toModel === 'function'
  );
}

/** Whether a value is a plain state machine model (has StartAt and a States map of typed states). */
export function isDefinitionModel(value: unknown): value is StateMachineDefinition {
  return definitionOutline.safeParse(value).success;
}

/** Whether a value is a machine in either form. */
export function isMachineSource(value: unknown): value is MachineSource {
  return isBuilderMachine(value) || isDefinitionModel(value);
}

/**
 * The model of a machine source: `toModel()` of a builder machine, or the plain model itself.
 * Errors thrown by `toModel()` (builder misuse) propagate unchanged.
 * @throws TypeError when `toModel()` returns something that is not a definition.
 */
export function machineModel(source: MachineSource): StateMachineDefinition {
  if (isBuilderMachine(source)) {
    const model = source.toModel();
    if (!isDefinitionModel(model)) {
      throw new TypeError('toModel() did not return a state machine definition (StartAt and States)');
    }
    return model;
  }
  return source;
}
