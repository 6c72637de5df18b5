import type { z } from 'zod';
import { toInputProblems } from '../input/input-error.js';
import type { ObjectStore } from './object-store.js';

/**
 * A stored object that cannot be used: not JSON (truncated) or not of its schema (edited, written by
 * another version). Not retried: reading it again gives the same object.
 */
export class MalformedStoredObjectError extends Error {
  override readonly name = 'MalformedStoredObject';
}

/**
 * Reads a stored JSON object through a schema. An object that is not JSON or does not fit is refused
 * naming its S3 location and, for schema problems, each bad field's JSON pointer.
 * @throws MalformedStoredObjectError
 */
export async function readStored<S extends z.ZodType>(
  store: ObjectStore,
  bucket: string,
  key: string,
  schema: S,
): Promise<z.output<S>> {
  const where = `s3://${bucket}/${key}`;
  const text = await store.getText(bucket, key);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedStoredObjectError(
      `${where} is not JSON (${text.length} characters, truncated?): ${(error as Error).message}`,
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = toInputProblems(parsed.error).map((p) => `${p.pointer || '/'}: ${p.message}`);
    throw new MalformedStoredObjectError(`${where} is malformed: ${problems.join('; ')}`);
  }
  return parsed.data;
}
