import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { formatS3Uri, parseS3Uri, type S3Location } from '../shared/s3-url.js';
import { type AslCheck, aslDslCheck } from './asl-check.js';
import { injectDefinition } from './inject-definition.js';
import { MacroEventSchema, type MacroResponse } from './schemas.js';

/** Step Functions' hard limit on a definition's size. */
export const MAX_DEFINITION_BYTES = 1_048_576;

/**
 * Deepest nesting of arrays and objects the macro accepts. An ASL definition nests a few levels per
 * Parallel or Map; far deeper input only serves to exhaust the validator's stack.
 */
export const MAX_DEFINITION_DEPTH = 100;

/** Longest diagnostic message quoted in a failure. */
const QUOTED_MESSAGE_CHARS = 200;

/** How many diagnostics a failure message quotes before summarising the rest. */
const QUOTED_DIAGNOSTICS = 5;

/** What the macro needs from its environment; injected so tests need no AWS. */
export interface InjectWorkflowDependencies {
  readonly s3: Pick<S3Client, 'send'>;
  /** Buckets the workflow may be read from; an empty list rejects every bucket (fail closed). */
  readonly allowedBuckets: readonly string[];
  /** Validates the fetched definition. Defaults to the asl-dsl validator when available. */
  readonly check?: AslCheck;
}

const SalvageSchema = z
  .object({
    requestId: z.string().catch(''),
    fragment: z.record(z.string(), z.unknown()).catch({}),
  })
  .catch({ requestId: '', fragment: {} });

/** Raised inside the macro for a problem to report as `status: failure`. */
class MacroFailure extends Error {}

function parameter(values: Record<string, unknown>, params: Record<string, unknown>, name: string): string {
  // Template parameters are the documented contract; Fn::Transform params are an alternative for
  // templates that use the macro on a snippet.
  const value = values[name] ?? params[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MacroFailure(
      `template parameter ${name} is missing or empty (the macro needs S3Key = s3://bucket/key and SMResource = the state machine's logical id)`,
    );
  }
  return value.trim();
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

/** Bytes of `Content-Range: bytes 0-1048576/52428800`'s total, when S3 sent it. */
function totalSize(contentRange: string | undefined): number | undefined {
  const total = /\/(\d+)$/.exec(contentRange ?? '')?.[1];
  return total === undefined ? undefined : Number(total);
}

/**
 * Reads at most `limit` bytes of a GetObject body; more means the object grew past the ranged request
 * (or S3 ignored the Range): the stream is destroyed and undefined returned.
 */
async function readAtMost(body: NonNullable<GetObjectCommandOutput['Body']>, limit: number) {
  if (!(Symbol.asyncIterator in body)) {
    // Not a Node stream (a browser body, a test double): already bounded by the ranged request.
    const bytes =
      typeof body.transformToByteArray === 'function'
        ? await body.transformToByteArray()
        : Buffer.from(await body.transformToString('utf-8'));
    return bytes.byteLength > limit ? undefined : bytes;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) {
      (body as { destroy?: () => void }).destroy?.();
      return undefined;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (uri: string, bytes: number | undefined) =>
  new MacroFailure(
    `workflow ${uri} is ${bytes === undefined ? `over ${MAX_DEFINITION_BYTES}` : bytes} bytes; Step Functions accepts at most ${MAX_DEFINITION_BYTES}`,
  );

/**
 * Fetches the definition's bytes with a ranged GET of one byte more than Step Functions accepts, so a
 * 50 MB object costs at most 1 MB of the function's memory: S3 reports the object's full size in
 * Content-Range and the rest is never transferred.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Range, ContentRange)
 */
async function fetchDefinition(
  s3: Pick<S3Client, 'send'>,
  location: S3Location,
  uri: string,
): Promise<Uint8Array> {
  let object: GetObjectCommandOutput;
  try {
    object = await s3.send(
      new GetObjectCommand({
        Bucket: location.bucket,
        Key: location.key,
        Range: `bytes=0-${MAX_DEFINITION_BYTES}`,
      }),
    );
  } catch (error) {
    const name = errorName(error);
    if (name === 'NoSuchKey' || name === 'NotFound') {
      throw new MacroFailure(`S3 object ${uri} does not exist`);
    }
    if (name === 'NoSuchBucket') {
      throw new MacroFailure(`S3 bucket of ${uri} does not exist`);
    }
    if (name === 'InvalidRange') {
      // S3's answer to a range request on an empty object.
      throw new MacroFailure(`workflow ${uri} is empty`);
    }
    if (name === 'AccessDenied' || name === 'Forbidden') {
      // Without s3:ListBucket, S3 answers a missing key with 403, so both causes are possible.
      throw new MacroFailure(
        `access denied reading ${uri} (the object may not exist, or the macro role cannot read it)`,
      );
    }
    const message = error instanceof Error ? error.message.slice(0, 200) : '';
    throw new MacroFailure(`could not read ${uri}: ${name}${message ? `: ${message}` : ''}`);
  }
  const total = totalSize(object.ContentRange) ?? object.ContentLength;
  if (total !== undefined && total > MAX_DEFINITION_BYTES) {
    (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw tooLarge(uri, total);
  }
  if (!object.Body) throw new MacroFailure(`S3 object ${uri} has no body`);
  const bytes = await readAtMost(object.Body, MAX_DEFINITION_BYTES);
  if (!bytes) throw tooLarge(uri, undefined);
  return bytes;
}

/**
 * How deeply arrays and objects nest, scanning without recursion; stops counting past `limit`.
 * Strings (and their escapes) are skipped, so brackets inside them do not count.
 */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Line and column (1-based) of a character offset, for syntax errors that must not quote the text. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * Decodes and parses the definition. No message quotes the object's content: it may be any object the
 * macro role can read, and the message is shown on the change set.
 */
function parseDefinition(bytes: Uint8Array, uri: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MacroFailure(`workflow ${uri} is not UTF-8 text`);
  }
  if (nestingDepth(text, MAX_DEFINITION_DEPTH) > MAX_DEFINITION_DEPTH) {
    throw new MacroFailure(
      `workflow ${uri} nests arrays and objects deeper than ${MAX_DEFINITION_DEPTH} levels`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new MacroFailure(
      `workflow ${uri} is not valid JSON${position === undefined ? '' : ` (syntax error at ${lineAndColumn(text, Number(position))})`}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MacroFailure(`workflow ${uri} must be a JSON object with StartAt and States`);
  }
  const definition = parsed as Record<string, unknown>;
  if (
    typeof definition.StartAt !== 'string' ||
    typeof definition.States !== 'object' ||
    definition.States === null ||
    Array.isArray(definition.States)
  ) {
    // Not an attempt at a state machine: say so without listing what the object does contain.
    throw new MacroFailure(`workflow ${uri} is not a state machine: it needs StartAt and a States object`);
  }
  return definition;
}

/**
 * The macro's logic: read `S3Key` and `SMResource`, fetch and validate the ASL, inject it. Every
 * problem becomes `status: 'failure'` with an `errorMessage` CloudFormation shows on the change set.
 */
export async function injectWorkflow(
  rawEvent: unknown,
  dependencies: InjectWorkflowDependencies,
): Promise<MacroResponse> {
  const parsedEvent = MacroEventSchema.safeParse(rawEvent);
  if (!parsedEvent.success) {
    const first = parsedEvent.error.issues[0];
    // Echo what can be salvaged so CloudFormation can match the answer to its request.
    const { requestId, fragment } = SalvageSchema.parse(rawEvent);
    return {
      requestId,
      status: 'failure',
      fragment,
      errorMessage: `invalid macro event at ${first ? `/${first.path.join('/')}` : '/'}: ${first?.message ?? 'unknown'}`,
    };
  }
  const event = parsedEvent.data;
  try {
    const s3Key = parameter(event.templateParameterValues, event.params, 'S3Key');
    const logicalId = parameter(event.templateParameterValues, event.params, 'SMResource');
    const parsed = parseS3Uri(s3Key);
    if (!parsed.ok) throw new MacroFailure(`S3Key: ${parsed.problem}`);
    const location = parsed.value;
    const uri = formatS3Uri(location);
    if (!dependencies.allowedBuckets.includes(location.bucket)) {
      throw new MacroFailure(
        dependencies.allowedBuckets.length === 0
          ? `bucket "${location.bucket}" is not allowed: the macro has no allowed buckets configured (ALLOWED_BUCKETS)`
          : `bucket "${location.bucket}" is not allowed (allowed: ${dependencies.allowedBuckets.join(', ')})`,
      );
    }
    const definition = parseDefinition(await fetchDefinition(dependencies.s3, location, uri), uri);
    const diagnostics = (dependencies.check ?? aslDslCheck)(definition);
    if (diagnostics.length > 0) {
      const quoted = diagnostics
        .slice(0, QUOTED_DIAGNOSTICS)
        .map((d) => `${d.path}: ${d.code ? `${d.code} ` : ''}${d.message}`.slice(0, QUOTED_MESSAGE_CHARS));
      const more = diagnostics.length - quoted.length;
      throw new MacroFailure(
        `workflow ${uri} is not a valid state machine (${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}): ` +
          quoted.join('; ') +
          (more > 0 ? `; and ${more} more` : ''),
      );
    }
    const injected = injectDefinition(event.fragment, logicalId, definition);
    if ('error' in injected) throw new MacroFailure(injected.error);
    return { requestId: event.requestId, status: 'success', fragment: injected.fragment };
  } catch (caught) {
    // Stack exhaustion anywhere (validator, injection) is the input's fault: report it, never crash.
    const error =
      caught instanceof RangeError
        ? new MacroFailure('the workflow is too deeply nested to process')
        : caught;
    if (!(error instanceof MacroFailure)) throw error;
    return {
      requestId: event.requestId,
      status: 'failure',
      fragment: event.fragment,
      errorMessage: `${event.transformId}: ${error.message}`,
    };
  }
}
