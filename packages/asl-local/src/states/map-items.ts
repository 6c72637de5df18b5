import type { JsonValue, MapState, QueryLanguage } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';
import { evaluateJsonataTemplate, isJsonataExpression } from '../jsonata/jsonata-evaluator.js';
import { applyFilterPath } from '../paths/input-output.js';
import { NOT_FOUND } from '../paths/json-path.js';
import { resolvePath } from '../paths/path-environment.js';
import { applyPayloadTemplate } from '../paths/payload-template.js';

/** The Map's effective input (InputPath for JSONPath, the raw input for JSONata). */
export function mapEffectiveInput(frame: Frame, s: MapState, input: JsonValue, ql: QueryLanguage): JsonValue {
  return ql === 'JSONata'
    ? input
    : applyFilterPath(s.InputPath, frame.exec.pathEnv(frame, input), 'InputPath');
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
    items =
      s.Items === undefined
        ? effective
        : await evaluateJsonataTemplate(
            s.Items,
            frame.exec.jsonataEnv(frame, name, { input: effective }),
            'Items',
          );
    if (!Array.isArray(items)) {
      throw new StatesError(
        'States.QueryEvaluationError',
        `${name}.Items: the items must be a JSON array, got ${JSON.stringify(items)?.slice(0, 100)}`,
      );
    }
    return items;
  }
  items = applyFilterPath(s.ItemsPath, frame.exec.pathEnv(frame, effective), 'ItemsPath');
  if (!Array.isArray(items)) {
    throw new StatesError(
      'States.Runtime',
      `The ItemsPath '${s.ItemsPath ?? '$'}' of Map state '${name}' must select a JSON array, got ${JSON.stringify(items)?.slice(0, 100)}`,
    );
  }
  return items;
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
  if (path !== undefined) {
    const r = resolvePath(path, frame.exec.pathEnv(frame, input));
    if (r === NOT_FOUND)
      throw new StatesError(
        'States.Runtime',
        `The ${field}Path '${path}' of state '${name}' selects nothing`,
      );
    v = r;
  } else if (ql === 'JSONata' && isJsonataExpression(value)) {
    v = await evaluateJsonataTemplate(value, frame.exec.jsonataEnv(frame, name, { input }), field);
  }
  if (v === undefined) return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n) || n < 0) {
    throw new StatesError(
      'States.Runtime',
      `The ${field} of state '${name}' must be a non-negative number, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}
