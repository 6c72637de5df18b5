import type {
  ItemBatcher,
  ItemReader,
  ReaderConfig,
  ResultWriter,
  WriterConfig,
} from '../../model/distributed-map.js';
import type { QueryLanguage } from '../../model/query-language.js';
import { AslDslError, joinPointer } from '../errors.js';
import { checkResource } from '../resources.js';
import type { BuilderEnv, Computed, StateScope } from '../scope.js';
import { compute } from '../scope.js';
import { type LooseTemplate, renderJsonataValue, renderJsonPathPayload } from '../template.js';
import { checkOptionKeys } from './option-keys.js';
import type { StateRenderContext } from './render-context.js';
import {
  checkRange,
  type DynamicNumber,
  type DynamicNumberOption,
  dynamicField,
  envFor,
  type JsonataOnly,
  type JsonPathOnly,
} from './state-fields.js';

/**
 * Where a Distributed Map reads its items: an S3 object (JSON, JSONL, CSV, Parquet, a manifest) or an
 * S3 listing.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
export interface ItemReaderOptions<S, Env extends BuilderEnv> {
  /** `arn:aws:states:::s3:getObject` or `arn:aws:states:::s3:listObjectsV2`. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html */
  readonly resource: string;
  /** JSONPath: the S3 API parameters (Bucket, Key, Prefix...). @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html */
  readonly parameters?: JsonPathOnly<Env, Computed<StateScope<S, Env>, LooseTemplate>>;
  /** JSONata: the S3 API arguments. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html */
  readonly arguments?: JsonataOnly<Env, Computed<StateScope<S, Env>, LooseTemplate>>;
  /** How to parse the object. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html */
  readonly readerConfig?: ReaderConfigOptions<StateScope<S, Env>>;
}

/** @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html#itemreader-field-contents */
export interface ReaderConfigOptions<Scope = never> {
  /** The object's format. @default items come from `listObjectsV2` when absent @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html#itemreader-field-contents */
  readonly inputType?: NonNullable<ReaderConfig['InputType']>;
  /** CSV: where the column names come from. @default "FIRST_ROW" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html#itemreader-field-contents */
  readonly csvHeaderLocation?: NonNullable<ReaderConfig['CSVHeaderLocation']>;
  /** CSV with `csvHeaderLocation: 'GIVEN'`: the column names. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html#itemreader-field-contents */
  readonly csvHeaders?: readonly string[];
  /** CSV: the delimiter. @default "COMMA" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html#itemreader-field-contents */
  readonly csvDelimiter?: NonNullable<ReaderConfig['CSVDelimiter']>;
  /** MANIFEST: the manifest kind. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html#itemreader-field-contents */
  readonly manifestType?: NonNullable<ReaderConfig['ManifestType']>;
  /** At most this many items (1–100,000,000; a reference → `MaxItemsPath`). @default all items @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html#itemreader-field-contents */
  readonly maxItems?: DynamicNumberOption<Scope>;
  /** JSON: a JSON pointer to the array inside the object. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html#itemreader-field-contents */
  readonly itemsPointer?: string;
}

/**
 * Batches items so each child execution gets several.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
 */
export interface ItemBatcherOptions<S, Env extends BuilderEnv> {
  /** Items per batch (a literal, a reference or a callback over the input → `MaxItemsPerBatchPath`). @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html */
  readonly maxItemsPerBatch?: DynamicNumberOption<StateScope<S, Env>>;
  /** Bytes per batch, at most 256 KiB (a literal, a reference or a callback → `MaxInputBytesPerBatchPath`). @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html */
  readonly maxInputBytesPerBatch?: DynamicNumberOption<StateScope<S, Env>>;
  /** A value added to every batch as `BatchInput`. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html */
  readonly batchInput?: Computed<StateScope<S, Env>, LooseTemplate>;
}

/**
 * Writes child execution results to S3 and/or transforms them.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
export interface ResultWriterOptions<S, Env extends BuilderEnv> {
  /** `arn:aws:states:::s3:putObject`; may be omitted when only `writerConfig` transforms results. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html */
  readonly resource?: string;
  /** JSONPath: Bucket and Prefix. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html */
  readonly parameters?: JsonPathOnly<Env, Computed<StateScope<S, Env>, LooseTemplate>>;
  /** JSONata: Bucket and Prefix. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html */
  readonly arguments?: JsonataOnly<Env, Computed<StateScope<S, Env>, LooseTemplate>>;
  /** Output format and transformation. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html */
  readonly writerConfig?: {
    /** @default "JSON" */
    readonly outputType?: NonNullable<WriterConfig['OutputType']>;
    /** @default "NONE" */
    readonly transformation?: NonNullable<WriterConfig['Transformation']>;
  };
}

function apiPayload(
  options: { parameters?: unknown; arguments?: unknown },
  ql: QueryLanguage,
  rc: StateRenderContext,
  field: string,
) {
  const pointer = (name: string) => joinPointer(rc.pointer, field, name);
  if (ql === 'JSONata' && options.parameters !== undefined) {
    throw new AslDslError(
      'JsonPathFieldInJsonata',
      `${field}.Parameters is a JSONPath field; use arguments`,
      {
        stateName: rc.name,
        pointer: pointer('Parameters'),
      },
    );
  }
  if (ql === 'JSONPath' && options.arguments !== undefined) {
    throw new AslDslError('JsonataFieldInJsonPath', `${field}.Arguments is a JSONata field; use parameters`, {
      stateName: rc.name,
      pointer: pointer('Arguments'),
    });
  }
  return {
    ...(options.parameters === undefined
      ? {}
      : {
          Parameters: renderJsonPathPayload(compute(options.parameters as Computed<never, unknown>), {
            ...envFor(rc, ql, 'Parameters'),
            pointer: pointer('Parameters'),
          }),
        }),
    ...(options.arguments === undefined
      ? {}
      : {
          Arguments: renderJsonataValue(compute(options.arguments as Computed<never, unknown>), {
            ...envFor(rc, ql, 'Arguments'),
            pointer: pointer('Arguments'),
          }),
        }),
  };
}

/** Renders `ItemReader`. */
export function renderItemReader(
  options: ItemReaderOptions<unknown, BuilderEnv>,
  ql: QueryLanguage,
  rc: StateRenderContext,
): ItemReader {
  checkOptionKeys(options, 'ItemReader', rc, joinPointer(rc.pointer, 'ItemReader'));
  if (options.readerConfig !== undefined) {
    checkOptionKeys(
      options.readerConfig,
      'ReaderConfig',
      rc,
      joinPointer(rc.pointer, 'ItemReader', 'ReaderConfig'),
    );
  }
  checkResource(
    options.resource,
    rc.machine.substitutions,
    { stateName: rc.name, pointer: joinPointer(rc.pointer, 'ItemReader', 'Resource') },
    'ItemReader',
  );
  const config = options.readerConfig;
  let readerConfig: ReaderConfig | undefined;
  if (config !== undefined) {
    const maxItems = compute(config.maxItems) as DynamicNumber | undefined;
    const maxItemsEnv = {
      ...envFor(rc, ql, 'MaxItems'),
      pointer: joinPointer(rc.pointer, 'ItemReader', 'ReaderConfig', 'MaxItems'),
    };
    checkRange(maxItems, 1, 100_000_000, maxItemsEnv);
    if (config.csvHeaders !== undefined && config.csvHeaderLocation !== 'GIVEN') {
      throw new AslDslError('ConflictingFields', "CSVHeaders needs csvHeaderLocation: 'GIVEN'", {
        stateName: rc.name,
        pointer: joinPointer(rc.pointer, 'ItemReader', 'ReaderConfig', 'CSVHeaders'),
      });
    }
    readerConfig = {
      ...(config.inputType === undefined ? {} : { InputType: config.inputType }),
      ...(config.csvHeaderLocation === undefined ? {} : { CSVHeaderLocation: config.csvHeaderLocation }),
      ...(config.csvHeaders === undefined ? {} : { CSVHeaders: [...config.csvHeaders] }),
      ...(config.csvDelimiter === undefined ? {} : { CSVDelimiter: config.csvDelimiter }),
      ...(config.manifestType === undefined ? {} : { ManifestType: config.manifestType }),
      ...(config.itemsPointer === undefined ? {} : { ItemsPointer: config.itemsPointer }),
      ...(dynamicField('MaxItems', maxItems, maxItemsEnv) as Partial<ReaderConfig>),
    };
  }
  return {
    Resource: options.resource,
    ...(readerConfig === undefined ? {} : { ReaderConfig: readerConfig }),
    ...apiPayload(options, ql, rc, 'ItemReader'),
  };
}

/** Renders `ItemBatcher`. */
export function renderItemBatcher(
  options: ItemBatcherOptions<unknown, BuilderEnv>,
  ql: QueryLanguage,
  rc: StateRenderContext,
): ItemBatcher {
  const env = (field: string) => ({
    ...envFor(rc, ql, field),
    pointer: joinPointer(rc.pointer, 'ItemBatcher', field),
  });
  checkOptionKeys(options, 'ItemBatcher', rc, joinPointer(rc.pointer, 'ItemBatcher'));
  const maxItemsPerBatch = compute(options.maxItemsPerBatch) as DynamicNumber | undefined;
  const maxInputBytesPerBatch = compute(options.maxInputBytesPerBatch) as DynamicNumber | undefined;
  if (maxItemsPerBatch === undefined && maxInputBytesPerBatch === undefined) {
    throw new AslDslError('MissingField', 'ItemBatcher needs maxItemsPerBatch or maxInputBytesPerBatch', {
      stateName: rc.name,
      pointer: joinPointer(rc.pointer, 'ItemBatcher'),
    });
  }
  checkRange(maxItemsPerBatch, 1, 100_000_000, env('MaxItemsPerBatch'));
  checkRange(maxInputBytesPerBatch, 1, 262_144, env('MaxInputBytesPerBatch'));
  const batchInputEnv = env('BatchInput');
  return {
    ...(dynamicField('MaxItemsPerBatch', maxItemsPerBatch, env('MaxItemsPerBatch')) as Partial<ItemBatcher>),
    ...(dynamicField(
      'MaxInputBytesPerBatch',
      maxInputBytesPerBatch,
      env('MaxInputBytesPerBatch'),
    ) as Partial<ItemBatcher>),
    ...(options.batchInput === undefined
      ? {}
      : {
          BatchInput:
            ql === 'JSONata'
              ? renderJsonataValue(compute(options.batchInput), batchInputEnv)
              : renderJsonPathPayload(compute(options.batchInput), batchInputEnv),
        }),
  };
}

/** Renders `ResultWriter`. */
export function renderResultWriter(
  options: ResultWriterOptions<unknown, BuilderEnv>,
  ql: QueryLanguage,
  rc: StateRenderContext,
): ResultWriter {
  checkOptionKeys(options, 'ResultWriter', rc, joinPointer(rc.pointer, 'ResultWriter'));
  if (options.writerConfig !== undefined) {
    checkOptionKeys(
      options.writerConfig,
      'WriterConfig',
      rc,
      joinPointer(rc.pointer, 'ResultWriter', 'WriterConfig'),
    );
  }
  if (options.resource === undefined && options.writerConfig === undefined) {
    throw new AslDslError('MissingField', 'ResultWriter needs a resource or a writerConfig', {
      stateName: rc.name,
      pointer: joinPointer(rc.pointer, 'ResultWriter'),
    });
  }
  if (options.resource !== undefined) {
    checkResource(
      options.resource,
      rc.machine.substitutions,
      { stateName: rc.name, pointer: joinPointer(rc.pointer, 'ResultWriter', 'Resource') },
      'ResultWriter',
    );
  }
  const writer = options.writerConfig;
  const payload = apiPayload(options, ql, rc, 'ResultWriter');
  // Canonical key order (Resource, WriterConfig, Parameters/Arguments), so the serializer need not copy.
  return {
    ...(options.resource === undefined ? {} : { Resource: options.resource }),
    ...(writer === undefined
      ? {}
      : {
          WriterConfig: {
            ...(writer.outputType === undefined ? {} : { OutputType: writer.outputType }),
            ...(writer.transformation === undefined ? {} : { Transformation: writer.transformation }),
          },
        }),
    ...payload,
  };
}
