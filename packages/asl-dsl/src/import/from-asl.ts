import type { JsonObject, StateMachineDefinition } from '../model/index.js';
import { aslSchema } from '../schema/asl-schema.js';
import { serializeDefinition } from '../serialize/serialize-definition.js';
import { checkStructure } from '../validate/structure-check.js';
import { AslImportError } from './asl-import-error.js';

/**
 * Reads any Amazon States Language definition (JSON text or a parsed object, JSONPath or JSONata)
 * into the typed model, through {@link aslSchema}. Structure only: run `validate()` for the rules
 * that need context (transitions, paths, query languages).
 * @throws {AslImportError} for text that is not JSON or JSON that is not ASL, naming the first
 * problem and its JSON pointer.
 * @example const model = fromAsl(readFileSync('machine.asl.json', 'utf8'));
 */
export function fromAsl(input: unknown): StateMachineDefinition {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new AslImportError(`not valid JSON: ${(error as Error).message}`, '');
    }
  }
  const parsed = aslSchema.safeParse(value);
  // The schema only checks (no defaults, no transforms), so the model is the input itself, cloned.
  // zod's copy would assign keys one by one and silently drop a "__proto__" key inside a Result or
  // Parameters object; structuredClone defines own properties and keeps it.
  if (parsed.success) return structuredClone(value) as StateMachineDefinition;
  const [first, ...rest] = checkStructure(value);
  if (first) {
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw new AslImportError(
      `not an ASL definition: ${first.location || '/'}: ${first.message}${more}`,
      first.location,
    );
  }
  const issue = parsed.error.issues[0];
  const location = issue ? `/${issue.path.join('/')}` : '';
  throw new AslImportError(`not an ASL definition: ${location}: ${issue?.message ?? 'invalid'}`, location);
}

/**
 * The ASL JSON object of a model, exactly as `serializeDefinition` writes it (canonical key order).
 * `toAsl(fromAsl(x))` deep-equals `x` for any ASL definition `x`.
 */
export function toAsl(model: StateMachineDefinition): JsonObject {
  return JSON.parse(serializeDefinition(model)) as JsonObject;
}
