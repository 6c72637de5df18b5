import type { JsonValue, MapState, QueryLanguage } from '@stackset-lite/asl-dsl/model';
import { UnsupportedFeatureError } from '../errors/states-error.js';
import type { Frame } from '../execution/frame.js';

/** Distributed Map (placeholder until the Map Run implementation lands). */
export async function runDistributedMap(
  _frame: Frame,
  name: string,
  _s: MapState,
  _input: JsonValue,
  _ql: QueryLanguage,
): Promise<JsonValue> {
  throw new UnsupportedFeatureError('Distributed Map', `state '${name}'`);
}
