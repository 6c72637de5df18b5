import type { JsonObject, JsonValue, WriterConfig } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { ObjectStore } from './object-store.js';

/** One child execution's outcome, as ResultWriter reports it (Transformation NONE). */
export interface ChildOutcome {
  ExecutionArn: string;
  Name: string;
  StateMachineArn: string;
  Status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING';
  StartDate: string;
  StopDate: string;
  Input: string;
  InputDetails: { Included: boolean };
  Output?: string;
  OutputDetails?: { Included: boolean };
  Error?: string;
  Cause?: string;
  RedriveCount: number;
  RedriveStatus: string;
  RedriveStatusReason: string;
}

function entry(o: ChildOutcome, t: WriterConfig['Transformation']): JsonValue {
  if (o.Status !== 'SUCCEEDED' || t === 'NONE') return o as unknown as JsonObject;
  return o.Output === undefined ? null : (JSON.parse(o.Output) as JsonValue);
}

/**
 * Applies WriterConfig.Transformation: NONE keeps execution metadata; COMPACT (the default without a
 * ResultWriter) keeps outputs; FLATTEN also flattens array outputs. Failed children always keep
 * their metadata, as AWS documents.
 */
export function transformResults(outcomes: ChildOutcome[], t: WriterConfig['Transformation']): JsonValue[] {
  const out: JsonValue[] = [];
  for (const o of outcomes) {
    const e = entry(o, t);
    if (t === 'FLATTEN' && o.Status === 'SUCCEEDED' && Array.isArray(e)) out.push(...e);
    else out.push(e);
  }
  return out;
}

/**
 * Writes results to the object store as AWS does: `<Prefix>/<mapRunId>/manifest.json` plus
 * `SUCCEEDED_0.json`, `FAILED_0.json`, `PENDING_0.json`; returns the state's result
 * `{MapRunArn, ResultWriterDetails: {Bucket, Key}}`.
 */
export async function writeResults(
  store: ObjectStore | undefined,
  args: JsonObject,
  config: WriterConfig | undefined,
  mapRunArn: string,
  outcomes: ChildOutcome[],
): Promise<JsonValue> {
  if (!store)
    throw new StatesError(
      'States.ResultWriterFailed',
      'The ResultWriter needs the objectStore execution option',
    );
  const bucket = args.Bucket;
  if (typeof bucket !== 'string' || bucket === '') {
    throw new StatesError(
      'States.ResultWriterFailed',
      `The ResultWriter Bucket must be a non-empty string, got ${JSON.stringify(bucket)}`,
    );
  }
  const prefix =
    typeof args.Prefix === 'string' && args.Prefix !== '' ? `${args.Prefix.replace(/\/$/, '')}/` : '';
  const runId = mapRunArn.split(':').at(-1) ?? 'run';
  const base = `${prefix}${runId}/`;
  const t = config?.Transformation ?? 'NONE';
  const jsonl = config?.OutputType === 'JSONL';
  const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = {
    SUCCEEDED: [],
    FAILED: [],
    PENDING: [],
  };
  try {
    for (const status of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
      const group = outcomes.filter((o) =>
        status === 'FAILED' ? o.Status !== 'SUCCEEDED' && o.Status !== 'PENDING' : o.Status === status,
      );
      if (group.length === 0) continue;
      const rows = transformResults(group, t);
      const body = jsonl ? `${rows.map((r) => JSON.stringify(r)).join('\n')}\n` : JSON.stringify(rows);
      const key = `${base}${status}_0.${jsonl ? 'jsonl' : 'json'}`;
      await store.putObject(bucket, key, body);
      files[status].push({ Key: key, Size: Buffer.byteLength(body) });
    }
    const manifest = { DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files };
    await store.putObject(bucket, `${base}manifest.json`, JSON.stringify(manifest));
  } catch (e) {
    if (e instanceof StatesError) throw e;
    throw new StatesError(
      'States.ResultWriterFailed',
      `Writing results to s3://${bucket}/${base} failed: ${(e as Error).message}`,
    );
  }
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: `${base}manifest.json` } };
}
