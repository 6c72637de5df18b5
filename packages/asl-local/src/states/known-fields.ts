import type { State } from '@stackset-lite/asl-dsl/model';
import { UnsupportedFeatureError } from '../errors/states-error.js';

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const IO = ['InputPath', 'OutputPath'];
const RESULT = ['Parameters', 'ResultSelector', 'ResultPath'];
const OUT = ['Output', 'Assign'];
const ERRORS = ['Retry', 'Catch'];

const FIELDS: Record<State['Type'], ReadonlySet<string>> = {
  Task: new Set([
    ...COMMON,
    ...FLOW,
    ...IO,
    ...RESULT,
    ...OUT,
    ...ERRORS,
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
  Parallel: new Set([...COMMON, ...FLOW, ...IO, ...RESULT, ...OUT, ...ERRORS, 'Branches', 'Arguments']),
  Map: new Set([
    ...COMMON,
    ...FLOW,
    ...IO,
    ...RESULT,
    ...OUT,
    ...ERRORS,
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
