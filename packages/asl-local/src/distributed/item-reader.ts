import type { JsonObject, JsonValue, ReaderConfig } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import type { ObjectStore } from './object-store.js';

const fail = (cause: string) => new StatesError('States.ItemReaderFailed', cause);

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

function text(v: JsonValue | undefined, field: string): string {
  if (typeof v !== 'string' || v === '')
    throw fail(`The ItemReader ${field} must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Reads a Distributed Map's items through an ItemReader: `s3:getObject` (JSON, JSONL, CSV) or
 * `s3:listObjectsV2`. `args` are the evaluated Parameters/Arguments (Bucket, Key, Prefix).
 */
export async function readItems(
  store: ObjectStore | undefined,
  resource: string,
  args: JsonObject,
  config: ReaderConfig | undefined,
  maxItems: number | undefined,
): Promise<JsonValue[]> {
  // AWS: MaxItems -1 fails the Map Run with this cause (LocalStack scenarios/test_base_scenarios.snapshot.json,
  // test_map_item_reader_csv_max_items_paths[-1], recorded on AWS); 0 means no limit.
  if (maxItems !== undefined && maxItems < 0) throw fail('field MaxItems must be positive');
  if (!store) {
    throw fail(
      'The Distributed Map has an ItemReader but the execution has no objectStore option (pass an InMemoryObjectStore or your own ObjectStore)',
    );
  }
  const bucket = text(args.Bucket, 'Bucket');
  let items: JsonValue[];
  if (/:s3:listObjectsV2$/.test(resource)) {
    const list = await store.listObjects(bucket, typeof args.Prefix === 'string' ? args.Prefix : '');
    items = list.map((o) => ({
      Etag: o.ETag,
      Key: o.Key,
      LastModified: Math.floor(Date.parse(o.LastModified) / 1000),
      Size: o.Size,
      StorageClass: o.StorageClass,
    }));
  } else if (/:s3:getObject$/.test(resource)) {
    const key = text(args.Key, 'Key');
    const body = await store.getObject(bucket, key);
    if (body === undefined) throw fail(`The object s3://${bucket}/${key} does not exist (NoSuchKey)`);
    items = parseBody(body, config, `s3://${bucket}/${key}`);
  } else {
    throw new StatesError(
      'States.Runtime',
      `Unsupported by asl-local: ItemReader resource '${resource}' (use s3:getObject or s3:listObjectsV2)`,
    );
  }
  return maxItems !== undefined && maxItems > 0 ? items.slice(0, maxItems) : items;
}

function parseBody(body: string, config: ReaderConfig | undefined, where: string): JsonValue[] {
  const type = config?.InputType ?? 'JSON';
  switch (type) {
    case 'JSON': {
      let data: JsonValue;
      try {
        data = JSON.parse(body) as JsonValue;
      } catch (e) {
        throw fail(`${where} is not valid JSON: ${(e as Error).message}`);
      }
      if (config?.ItemsPointer) data = pointer(data, config.ItemsPointer, where);
      // AWS's cause for a JSON object (test_map_item_reader_json_no_json_list_object, recorded on AWS).
      if (!Array.isArray(data))
        throw fail(
          config?.ItemsPointer
            ? `${where} must hold a JSON array at ${config.ItemsPointer}`
            : 'Attempting to map over non-iterable node.',
        );
      return data;
    }
    case 'JSONL':
      return body
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((line, i) => {
          try {
            return JSON.parse(line) as JsonValue;
          } catch {
            throw fail(`${where} line ${i + 1} is not valid JSON`);
          }
        });
    case 'CSV':
      return parseCsv(body, config ?? {}, where);
    default:
      throw new StatesError('States.Runtime', `Unsupported by asl-local: ReaderConfig.InputType ${type}`);
  }
}

function pointer(data: JsonValue, ptr: string, where: string): JsonValue {
  let cur: JsonValue | undefined = data;
  for (const raw of ptr.split('/').slice(1)) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(k)];
    else if (cur && typeof cur === 'object') cur = cur[k];
    else cur = undefined;
    if (cur === undefined) throw fail(`ItemsPointer ${ptr} selects nothing in ${where}`);
  }
  return cur as JsonValue;
}

/** RFC 4180 CSV (quoted fields, doubled quotes); every value is a string, as in AWS. */
function parseCsv(body: string, config: ReaderConfig, where: string): JsonValue[] {
  const delim = DELIMITERS[config.CSVDelimiter ?? 'COMMA'] ?? ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delim) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const data = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  let headers: string[];
  if ((config.CSVHeaderLocation ?? 'FIRST_ROW') === 'GIVEN') {
    if (!config.CSVHeaders) throw fail(`CSVHeaderLocation GIVEN needs CSVHeaders (reading ${where})`);
    headers = config.CSVHeaders;
  } else {
    const first = data.shift();
    if (!first) return [];
    headers = first;
  }
  // As AWS records it (LocalStack scenarios/test_base_scenarios.snapshot.json,
  // test_map_item_reader_csv_headers_decl_duplicate_headers and test_map_item_reader_base_csv_headers_decl):
  // duplicate headers fail the read; a row with more fields than headers keeps the first ones.
  if (new Set(headers).size !== headers.length) throw fail('CSV headers cannot contain duplicates.');
  return data.map((r) => {
    const o: JsonObject = {};
    headers.forEach((h, i) => {
      o[h] = r[i] ?? '';
    });
    return o;
  });
}
