import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { type AslCheck, aslDslCheck } from './asl-check.js';
import { injectDefinition } from './inject-definition.js';
import { formatS3Uri, parseS3Uri } from './s3-uri.js';
import { MacroEventSchema, type MacroResponse } from './schemas.js';

/** Step Functions' hard limit on a definition's size. */
export const MAX_DEFINITION_BYTES = 1_048_576;

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

async function fetchDefinition(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  key: string,
  uri: string,
): Promise<string> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!object.Body) throw new MacroFailure(`S3 object ${uri} has no body`);
    return await object.Body.transformToString('utf-8');
  } catch (error) {
    if (error instanceof MacroFailure) throw error;
    const name = errorName(error);
    if (name === 'NoSuchKey' || name === 'NotFound') {
      throw new MacroFailure(`S3 object ${uri} does not exist`);
    }
    if (name === 'NoSuchBucket') {
      throw new MacroFailure(`S3 bucket of ${uri} does not exist`);
    }
    if (name === 'AccessDenied' || name === 'Forbidden') {
      // Without s3:ListBucket, S3 answers a missing key with 403, so both causes are possible.
      throw new MacroFailure(
        `access denied reading ${uri} (the object may not exist, or the macro role cannot read it)`,
      );
    }
    throw new MacroFailure(
      `could not read ${uri}: ${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function parseDefinition(text: string, uri: string): Record<string, unknown> {
  const bytes = Buffer.byteLength(text, 'utf-8');
  if (bytes > MAX_DEFINITION_BYTES) {
    throw new MacroFailure(
      `workflow ${uri} is ${bytes} bytes; Step Functions accepts at most ${MAX_DEFINITION_BYTES}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MacroFailure(
      `workflow ${uri} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MacroFailure(`workflow ${uri} must be a JSON object with StartAt and States`);
  }
  return parsed as Record<string, unknown>;
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
    const location = parseS3Uri(s3Key);
    if ('error' in location) throw new MacroFailure(location.error);
    const uri = formatS3Uri(location);
    if (!dependencies.allowedBuckets.includes(location.bucket)) {
      throw new MacroFailure(
        dependencies.allowedBuckets.length === 0
          ? `bucket "${location.bucket}" is not allowed: the macro has no allowed buckets configured (ALLOWED_BUCKETS)`
          : `bucket "${location.bucket}" is not allowed (allowed: ${dependencies.allowedBuckets.join(', ')})`,
      );
    }
    const definition = parseDefinition(
      await fetchDefinition(dependencies.s3, location.bucket, location.key, uri),
      uri,
    );
    const diagnostics = (dependencies.check ?? aslDslCheck)(definition);
    if (diagnostics.length > 0) {
      const quoted = diagnostics
        .slice(0, QUOTED_DIAGNOSTICS)
        .map((d) => `${d.path}: ${d.code ? `${d.code} ` : ''}${d.message}`);
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
  } catch (error) {
    if (!(error instanceof MacroFailure)) throw error;
    return {
      requestId: event.requestId,
      status: 'failure',
      fragment: event.fragment,
      errorMessage: `${event.transformId}: ${error.message}`,
    };
  }
}
