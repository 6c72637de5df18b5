import type { z } from 'zod';
import type { ObjectStore } from './object-store.js';

/** Reads a stored JSON object through a schema, naming the object when it does not fit. */
export async function readStored<S extends z.ZodType>(
  store: ObjectStore,
  bucket: string,
  key: string,
  schema: S,
): Promise<z.output<S>> {
  const parsed = schema.safeParse(JSON.parse(await store.getText(bucket, key)));
  if (!parsed.success) throw new Error(`s3://${bucket}/${key} is malformed: ${parsed.error.message}`);
  return parsed.data;
}
