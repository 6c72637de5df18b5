/**
 * The query language a state machine or a single state uses to select and transform data.
 * @default "JSONPath"
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/**
 * State fields only a JSONPath state may have: a JSONata state with any of them is refused.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
export const JSONPATH_ONLY_FIELDS = [
  'InputPath',
  'OutputPath',
  'Parameters',
  'ResultSelector',
  'ResultPath',
  'ItemsPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'SecondsPath',
  'TimestampPath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
  'ErrorPath',
  'CausePath',
] as const;

/** State fields only a JSONata state may have: a JSONPath state with any of them is refused. */
export const JSONATA_ONLY_FIELDS = ['Arguments', 'Output', 'Items'] as const;
