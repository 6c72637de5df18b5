/**
 * The canonical key order of every object in an Amazon States Language definition.
 *
 * Output must depend only on a machine's content, never on the order in which a builder (or a
 * hand-written model) happened to set fields, so every ASL object kind has a fixed field order:
 *
 * - machine: Comment, QueryLanguage, StartAt, TimeoutSeconds, Version, States;
 * - state: Type, Comment, QueryLanguage, then what the state does (Resource, Choices/Default,
 *   Wait and Fail fields), then its input handling (InputPath, Parameters/Arguments/Result, the Map
 *   item fields, ItemProcessor/Branches, ResultWriter), limits (timeouts, heartbeats, Credentials),
 *   its output handling (ResultSelector, ResultPath, OutputPath, Output, Assign), errors (Retry,
 *   Catch) and last its transition (Next, End);
 * - the `States` map: states in the order a reader follows them (see `stateOrder`);
 * - user data (Parameters, Arguments, Result, Output, Assign, ItemSelector, Credentials...): keys in
 *   UTF-16 code-unit order, recursively; arrays keep their order, which is meaningful.
 *
 * A key the table does not know (a newer ASL field) is written after the known ones, as user data.
 * @module
 */

import { CHOICE_COMPARISON_OPERATORS } from '../model/choice-rule.js';

/** The object kinds of an ASL definition that have a fixed field order. */
export type ShapeName =
  | 'machine'
  | 'graph'
  | 'itemProcessor'
  | 'processorConfig'
  | 'state'
  | 'retrier'
  | 'catcher'
  | 'choiceRule'
  | 'choiceExpression'
  | 'itemReader'
  | 'readerConfig'
  | 'itemBatcher'
  | 'resultWriter'
  | 'writerConfig';

/**
 * What a field's value is: an ASL object kind, an array of one, the `States` map, or user data
 * (`payload`, written with sorted keys).
 */
export type ShapeRef = ShapeName | `${ShapeName}[]` | 'states' | 'payload';

/** The fixed field order of one object kind and the shape of the fields that are not user data. */
export interface ObjectShape {
  readonly order: readonly string[];
  readonly fields: Readonly<Record<string, ShapeRef>>;
}

const GRAPH_FIELDS = { States: 'states' } as const;

/** The field order of every ASL object kind. */
export const DEFINITION_SHAPES: Readonly<Record<ShapeName, ObjectShape>> = {
  machine: {
    order: ['Comment', 'QueryLanguage', 'StartAt', 'TimeoutSeconds', 'Version', 'States'],
    fields: GRAPH_FIELDS,
  },
  graph: { order: ['Comment', 'QueryLanguage', 'StartAt', 'States'], fields: GRAPH_FIELDS },
  itemProcessor: {
    order: ['Comment', 'QueryLanguage', 'ProcessorConfig', 'StartAt', 'States'],
    fields: { ...GRAPH_FIELDS, ProcessorConfig: 'processorConfig' },
  },
  processorConfig: { order: ['Mode', 'ExecutionType'], fields: {} },
  state: {
    order: [
      'Type',
      'Comment',
      'QueryLanguage',
      'Resource',
      'Choices',
      'Default',
      'Seconds',
      'SecondsPath',
      'Timestamp',
      'TimestampPath',
      'Error',
      'ErrorPath',
      'Cause',
      'CausePath',
      'InputPath',
      'Parameters',
      'Arguments',
      'Result',
      'ItemsPath',
      'Items',
      'ItemReader',
      'ItemSelector',
      'ItemBatcher',
      'MaxConcurrency',
      'MaxConcurrencyPath',
      'ToleratedFailureCount',
      'ToleratedFailureCountPath',
      'ToleratedFailurePercentage',
      'ToleratedFailurePercentagePath',
      'Label',
      'ItemProcessor',
      'Iterator',
      'Branches',
      'ResultWriter',
      'TimeoutSeconds',
      'TimeoutSecondsPath',
      'HeartbeatSeconds',
      'HeartbeatSecondsPath',
      'Credentials',
      'ResultSelector',
      'ResultPath',
      'OutputPath',
      'Output',
      'Assign',
      'Retry',
      'Catch',
      'Next',
      'End',
    ],
    fields: {
      Choices: 'choiceRule[]',
      ItemReader: 'itemReader',
      ItemBatcher: 'itemBatcher',
      ItemProcessor: 'itemProcessor',
      Iterator: 'graph',
      Branches: 'graph[]',
      ResultWriter: 'resultWriter',
      Retry: 'retrier[]',
      Catch: 'catcher[]',
    },
  },
  retrier: {
    order: [
      'Comment',
      'ErrorEquals',
      'IntervalSeconds',
      'MaxAttempts',
      'BackoffRate',
      'MaxDelaySeconds',
      'JitterStrategy',
    ],
    fields: {},
  },
  catcher: {
    order: ['Comment', 'ErrorEquals', 'ResultPath', 'Output', 'Assign', 'Next'],
    fields: {},
  },
  choiceRule: {
    order: [
      'Comment',
      'Condition',
      'Variable',
      ...CHOICE_COMPARISON_OPERATORS,
      'And',
      'Or',
      'Not',
      'Output',
      'Assign',
      'Next',
    ],
    fields: { And: 'choiceExpression[]', Or: 'choiceExpression[]', Not: 'choiceExpression' },
  },
  choiceExpression: {
    order: ['Variable', ...CHOICE_COMPARISON_OPERATORS, 'And', 'Or', 'Not'],
    fields: { And: 'choiceExpression[]', Or: 'choiceExpression[]', Not: 'choiceExpression' },
  },
  itemReader: {
    order: ['Resource', 'ReaderConfig', 'Parameters', 'Arguments'],
    fields: { ReaderConfig: 'readerConfig' },
  },
  readerConfig: {
    order: [
      'InputType',
      'CSVHeaderLocation',
      'CSVHeaders',
      'CSVDelimiter',
      'ManifestType',
      'ItemsPointer',
      'MaxItems',
      'MaxItemsPath',
    ],
    fields: {},
  },
  itemBatcher: {
    order: [
      'MaxItemsPerBatch',
      'MaxItemsPerBatchPath',
      'MaxInputBytesPerBatch',
      'MaxInputBytesPerBatchPath',
      'BatchInput',
    ],
    fields: {},
  },
  resultWriter: {
    order: ['Resource', 'WriterConfig', 'Parameters', 'Arguments'],
    fields: { WriterConfig: 'writerConfig' },
  },
  writerConfig: { order: ['OutputType', 'Transformation'], fields: {} },
};
