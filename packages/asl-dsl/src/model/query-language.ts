/**
 * The query language a state machine or a single state uses to select and transform data.
 * @default "JSONPath"
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
export type QueryLanguage = 'JSONPath' | 'JSONata';
