import type { JsonValue, MapState, QueryLanguage } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';
import { evaluateJsonataTemplate, isJsonataExpression } from '../jsonata/jsonata-evaluator.js';
import { NOT_FOUND, parsePath } from '../paths/json-path.js';
import { resolvePath } from '../paths/path-environment.js';
import { invalidPathCause } from '../paths/path-errors.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';
import { filterPath } from './state-io.js';

/** The Map's effective input (InputPath for JSONPath, the raw input for JSONata). */
export function mapEffectiveInput(frame: Frame, s: MapState, input: JsonValue, ql: QueryLanguage): JsonValue {
  return ql === 'JSONata' ? input : filterPath(frame, s.InputPath, input);
}

/** The items array from ItemsPath (JSONPath) or Items (JSONata); anything but an array fails. */
export async function mapItemsFromInput(
  frame: Frame,
  name: string,
  s: MapState,
  effective: JsonValue,
  ql: QueryLanguage,
): Promise<JsonValue[]> {
  let items: JsonValue;
  if (ql === 'JSONata') {
    // Causes as AWS words them (LocalStack evaluate_jsonata / query_language snapshots).
    if (s.Items === undefined) {
      if (!Array.isArray(effective)) {
        throw new StatesError(
          'States.QueryEvaluationError',
          `Map state input must be an array but was: ${JSON.stringify(effective)}`,
        );
      }
      return effective;
    }
    items = await evaluateJsonataTemplate(
      s.Items,
      frame.exec.jsonataEnv(frame, name, { input: effective }),
      'Items',
    );
    if (!Array.isArray(items)) {
      const expression = isJsonataExpression(s.Items) ? s.Items.slice(2, -2).trim() : JSON.stringify(s.Items);
      const se = new StatesError(
        'States.QueryEvaluationError',
        `The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${jsonType(items)}' for value: ${JSON.stringify(items)}`,
      );
      se.location = 'Items';
      throw se;
    }
    return items;
  }
  items = filterPath(frame, s.ItemsPath, effective);
  if (!Array.isArray(items)) {
    throw new StatesError('States.Runtime', `Reference path "${s.ItemsPath ?? '$'}" must point to array.`);
  }
  return items;
}

function jsonType(v: JsonValue): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** The input of one iteration: ItemSelector (or legacy Parameters) with `$$.Map.Item`, or the item. */
export async function mapItemInput(
  frame: Frame,
  name: string,
  s: MapState,
  effective: JsonValue,
  item: JsonValue,
  index: number,
  ql: QueryLanguage,
): Promise<JsonValue> {
  const selector = s.ItemSelector ?? (ql === 'JSONPath' ? s.Parameters : undefined);
  if (selector === undefined) return item;
  frame.mapItem = { Index: index, Value: item };
  try {
    if (ql === 'JSONata') {
      return await evaluateJsonataTemplate(
        selector,
        frame.exec.jsonataEnv(frame, name, { input: effective }),
        'ItemSelector',
      );
    }
    return applyPayloadTemplate(
      selector,
      frame.exec.pathEnv(frame, effective),
      `the ItemSelector of state '${name}'`,
    );
  } finally {
    frame.mapItem = undefined;
  }
}

/** A number, or a string holding one (AWS takes "1" from a variable); otherwise undefined. */
function toNumber(v: JsonValue): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A numeric Map setting given as a number, a string, a `*Path` or a JSONata expression. */
export async function mapNumber(
  frame: Frame,
  name: string,
  field: string,
  value: number | string | undefined,
  path: string | undefined,
  input: JsonValue,
  ql: QueryLanguage,
): Promise<number | undefined> {
  let v: JsonValue | undefined = value;
  const float = field === 'ToleratedFailurePercentage';
  if (path !== undefined) {
    const parsed = parsePath(path);
    const r = resolvePath(parsed, frame.exec.pathEnv(frame, input));
    if (r === NOT_FOUND) throw new StatesError('States.Runtime', invalidPathCause(parsed, input));
    const n = toNumber(r);
    if (n === undefined || (!float && !Number.isInteger(n))) {
      // AWS: The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.x
      throw new StatesError(
        'States.Runtime',
        `The ${field}Path field refers to value "${typeof r === 'string' ? r : JSON.stringify(r)}" which is not a valid ${float ? 'float' : 'integer'}: ${path}`,
      );
    }
    v = n;
  } else if (ql === 'JSONata' && isJsonataExpression(value)) {
    v = await evaluateJsonataTemplate(value, frame.exec.jsonataEnv(frame, name, { input }), field);
  }
  if (v === undefined) return undefined;
  const n = toNumber(v);
  if (field === 'ToleratedFailureCount' && n !== undefined && n < 0)
    throw new StatesError('States.Runtime', 'ToleratedFailureCount cannot be negative.');
  if (float && n !== undefined && (n < 0 || n > 100))
    throw new StatesError('States.Runtime', 'ToleratedFailurePercentage must be between 0 and 100.');
  // A negative MaxItems fails the Map Run when the reader starts (States.ItemReaderFailed; see readItems).
  if (n === undefined || (n < 0 && field !== 'MaxItems')) {
    throw new StatesError(
      'States.Runtime',
      `The ${field} of state '${name}' must be a non-negative number, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}
