import { AslDslError } from '../errors.js';
import type { StateRenderContext } from './render-context.js';

const COMMON = ['comment', 'queryLanguage', 'stateInput'];
const TRANSITION = ['next', 'end'];
const ERROR_HANDLING = ['errors', 'retry', 'catch'];

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
    'inputPath',
    'resultSelector',
    'resultPath',
    'outputPath',
    'output',
    'assign',
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
    'inputPath',
    'resultSelector',
    'resultPath',
    'outputPath',
    'output',
    'assign',
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
    'inputPath',
    'resultSelector',
    'resultPath',
    'outputPath',
    'output',
    'assign',
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
  pointer: string = rc.pointer,
): void {
  const allowed: ReadonlySet<string> = OPTION_KEYS[kind];
  for (const key in options) {
    if (!allowed.has(key)) {
      throw new AslDslError(
        'UnknownOption',
        `'${key}' is not an option of ${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind} (${[...allowed].join(', ')})`,
        { stateName: rc.name, pointer },
      );
    }
  }
}
