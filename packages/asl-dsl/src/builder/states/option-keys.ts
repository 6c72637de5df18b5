import type { QueryLanguage } from '../../model/query-language.js';
import { AslDslError } from '../errors.js';
import type { Located } from '../refs/field-env.js';
import type { StateRenderContext } from './render-context.js';
import { type CommonOptions, queryLanguageOf, rejectFields } from './state-fields.js';

const COMMON = ['comment', 'queryLanguage', 'stateInput', 'after'];
const TRANSITION = ['next', 'end'];
const ERROR_HANDLING = ['errors', 'retry', 'catch'];
/** The input and result handling of the states that produce a result (Task, Parallel, Map). */
const RESULT_HANDLING = ['inputPath', 'resultSelector', 'resultPath', 'outputPath', 'output', 'assign'];

/** The option names each state kind (and each nested option object) accepts. */
export const OPTION_KEYS = {
  Task: new Set([
    ...COMMON,
    ...TRANSITION,
    ...ERROR_HANDLING,
    'resource',
    'inputSchema',
    'outputSchema',
    'parameters',
    'arguments',
    ...RESULT_HANDLING,
    'timeoutSeconds',
    'heartbeatSeconds',
    'credentials',
  ]),
  Pass: new Set([
    ...COMMON,
    ...TRANSITION,
    'result',
    'parameters',
    'inputPath',
    'resultPath',
    'outputPath',
    'output',
    'assign',
  ]),
  Choice: new Set([...COMMON, 'choices', 'default', 'inputPath', 'outputPath', 'output', 'assign']),
  ChoiceRule: new Set(['when', 'condition', 'next', 'assign', 'output', 'comment']),
  Wait: new Set([
    ...COMMON,
    ...TRANSITION,
    'seconds',
    'timestamp',
    'inputPath',
    'outputPath',
    'output',
    'assign',
  ]),
  Succeed: new Set([...COMMON, 'inputPath', 'outputPath', 'output']),
  Fail: new Set([...COMMON, 'error', 'cause']),
  Parallel: new Set([
    ...COMMON,
    ...TRANSITION,
    ...ERROR_HANDLING,
    'branches',
    'parameters',
    'arguments',
    ...RESULT_HANDLING,
  ]),
  Map: new Set([
    ...COMMON,
    ...TRANSITION,
    ...ERROR_HANDLING,
    'processor',
    'itemSchema',
    'mode',
    'executionType',
    'itemsPath',
    'items',
    'itemSelector',
    'maxConcurrency',
    'itemReader',
    'itemBatcher',
    'resultWriter',
    'toleratedFailureCount',
    'toleratedFailurePercentage',
    'label',
    ...RESULT_HANDLING,
  ]),
  Retry: new Set([
    'errors',
    'intervalSeconds',
    'maxAttempts',
    'backoffRate',
    'maxDelaySeconds',
    'jitterStrategy',
    'comment',
  ]),
  Catch: new Set(['errors', 'next', 'resultPath', 'output', 'assign', 'comment']),
  Credentials: new Set(['roleArn']),
  ItemReader: new Set(['resource', 'parameters', 'arguments', 'readerConfig']),
  ReaderConfig: new Set([
    'inputType',
    'csvHeaderLocation',
    'csvHeaders',
    'csvDelimiter',
    'manifestType',
    'maxItems',
    'itemsPointer',
  ]),
  ItemBatcher: new Set(['maxItemsPerBatch', 'maxInputBytesPerBatch', 'batchInput']),
  ResultWriter: new Set(['resource', 'parameters', 'arguments', 'writerConfig']),
  WriterConfig: new Set(['outputType', 'transformation']),
} as const;

/**
 * Rejects option names the builder does not know, so a misspelt option (`resultpath`) or one that does
 * not belong to the state (`next` on a Choice) is never silently dropped — TypeScript catches these in
 * object literals, this catches them from JavaScript, casts and spread objects.
 */
export function checkOptionKeys(
  options: object,
  kind: keyof typeof OPTION_KEYS,
  rc: StateRenderContext,
  at: string | Located = rc,
): void {
  const allowed: ReadonlySet<string> = OPTION_KEYS[kind];
  for (const key in options) {
    if (!allowed.has(key)) {
      throw new AslDslError(
        'UnknownOption',
        `'${key}' is not an option of ${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind} (${[...allowed].join(', ')})`,
        { stateName: rc.name, pointer: typeof at === 'string' ? at : at.pointer },
      );
    }
  }
}

/** The state kinds (the option lists above also cover nested option objects). */
type StateKind = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** The options that exist in one query language only, and the ASL field each one renders. */
const LANGUAGE_OPTIONS: Readonly<
  Record<string, { readonly language: QueryLanguage; readonly field: string }>
> = {
  result: { language: 'JSONPath', field: 'Result' },
  parameters: { language: 'JSONPath', field: 'Parameters' },
  itemsPath: { language: 'JSONPath', field: 'ItemsPath' },
  inputPath: { language: 'JSONPath', field: 'InputPath' },
  resultSelector: { language: 'JSONPath', field: 'ResultSelector' },
  resultPath: { language: 'JSONPath', field: 'ResultPath' },
  outputPath: { language: 'JSONPath', field: 'OutputPath' },
  arguments: { language: 'JSONata', field: 'Arguments' },
  items: { language: 'JSONata', field: 'Items' },
  output: { language: 'JSONata', field: 'Output' },
};

/**
 * Per state kind, its options of each query language in the kind's option order (so the first
 * offending option reported is the same whatever order the user wrote them in).
 */
const LANGUAGE_ONLY_OPTIONS = Object.fromEntries(
  (['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const).map((kind) => {
    const byLanguage: Record<QueryLanguage, Record<string, string>> = { JSONPath: {}, JSONata: {} };
    for (const option of OPTION_KEYS[kind]) {
      const only = LANGUAGE_OPTIONS[option];
      if (only !== undefined) byLanguage[only.language][option] = only.field;
    }
    return [kind, byLanguage];
  }),
) as Record<StateKind, Record<QueryLanguage, Record<string, string>>>;

/**
 * Checks a state's options (known to its kind, and of its query language) and returns the state's
 * effective query language.
 */
export function stateQueryLanguage(
  options: CommonOptions,
  kind: StateKind,
  rc: StateRenderContext,
): QueryLanguage {
  checkOptionKeys(options, kind, rc);
  const queryLanguage = queryLanguageOf(options, rc);
  const allowed = LANGUAGE_ONLY_OPTIONS[kind];
  rejectFields(options, queryLanguage, allowed.JSONPath, allowed.JSONata, rc);
  return queryLanguage;
}
