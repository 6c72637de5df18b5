import type { JsonObject, JsonValue } from './json.js';

/**
 * Reads a Distributed Map's items from Amazon S3.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
export interface ItemReader {
  /** e.g. `arn:aws:states:::s3:getObject` or `arn:aws:states:::s3:listObjectsV2`. */
  Resource: string;
  ReaderConfig?: ReaderConfig;
  /** JSONPath: the API parameters (Bucket, Key, Prefix...). */
  Parameters?: JsonObject;
  /** JSONata: the API arguments. */
  Arguments?: JsonValue;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html#itemreader-field-contents */
export interface ReaderConfig {
  InputType?: 'CSV' | 'JSON' | 'JSONL' | 'MANIFEST' | 'PARQUET';
  /** CSV only. @default "FIRST_ROW" */
  CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
  CSVHeaders?: string[];
  CSVDelimiter?: 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB';
  ManifestType?: 'ATHENA_DATA' | 'S3_INVENTORY' | 'CSV';
  MaxItems?: number | string;
  MaxItemsPath?: string;
  /** JSON only: a JSONPointer to the array inside the object. */
  ItemsPointer?: string;
}

/**
 * Groups a Distributed Map's items into batches; each batch runs as one child execution.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
 */
export interface ItemBatcher {
  MaxItemsPerBatch?: number | string;
  MaxItemsPerBatchPath?: string;
  MaxInputBytesPerBatch?: number | string;
  MaxInputBytesPerBatchPath?: string;
  /** A fixed object added to every batch as `BatchInput`. */
  BatchInput?: JsonValue;
}

/**
 * Writes a Distributed Map's child execution results to Amazon S3.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
export interface ResultWriter {
  /** `arn:aws:states:::s3:putObject`; optional when only WriterConfig transforms results. */
  Resource?: string;
  Parameters?: JsonObject;
  Arguments?: JsonValue;
  WriterConfig?: WriterConfig;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html */
export interface WriterConfig {
  OutputType?: 'JSON' | 'JSONL';
  Transformation?: 'NONE' | 'COMPACT' | 'FLATTEN';
}

/**
 * How a Map state runs its items.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
 */
export interface ProcessorConfig {
  /** @default "INLINE" */
  Mode?: 'INLINE' | 'DISTRIBUTED';
  /** Distributed mode only. */
  ExecutionType?: 'STANDARD' | 'EXPRESS';
}
