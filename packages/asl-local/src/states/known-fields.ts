import type { State } from '@stackset-lite/asl-dsl/model';
import { UnsupportedFeatureError } from '../errors/states-error.js';

// Per-type field lists. The serializer's canonical key order (asl-dsl serialize/definition-shape.ts)
// is one list of every state field across all types, so it cannot say which type takes which.
const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const IO = ['InputPath', 'OutputPath'];
const RESULT = ['Parameters', 'ResultSelector', 'ResultPath'];
const OUT = ['Output', 'Assign'];
const ERRORS = ['Retry', 'Catch'];
/** Task, Parallel and Map: they transition, shape their result and take Retry/Catch. */
const WORKING = [...COMMON, ...FLOW, ...IO, ...RESULT, ...OUT, ...ERRORS];

const FIELDS: Record<State['Type'], ReadonlySet<string>> = {
  Task: new Set([
    ...WORKING,
    'Resource',
    'Arguments',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Credentials',
  ]),
  Pass: new Set([...COMMON, ...FLOW, ...IO, ...OUT, 'Result', 'Parameters', 'ResultPath']),
  Choice: new Set([...COMMON, ...IO, ...OUT, 'Choices', 'Default']),
  Wait: new Set([...COMMON, ...FLOW, ...IO, ...OUT, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']),
  Succeed: new Set([...COMMON, ...IO, 'Output']),
  Fail: new Set([...COMMON, 'Error', 'ErrorPath', 'Cause', 'CausePath']),
  Parallel: new Set([...WORKING, 'Branches', 'Arguments']),
  Map: new Set([
    ...WORKING,
    'ItemProcessor',
    'Iterator',
    'ItemsPath',
    'Items',
    'ItemSelector',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'Label',
  ]),
};

const checked = new WeakSet<object>();

/**
 * Refuses fields this engine does not know for a state's type, so a misspelt or newer field fails
 * loudly instead of being ignored (checked once per state object).
 */
export function checkKnownFields(name: string, state: State): void {
  if (checked.has(state)) return;
  const known = FIELDS[state.Type];
  if (known) {
    for (const key of Object.keys(state)) {
      if (!known.has(key))
        throw new UnsupportedFeatureError(`the field '${key}' in a ${state.Type} state`, `state '${name}'`);
    }
  }
  checked.add(state);
}
