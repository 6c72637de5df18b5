import { z } from 'zod';
import type { ObjectStore } from '../store/object-store.js';

/**
 * A target as listTargets reports it: deploy it (PENDING) or skip it with the reason. Mirrors the
 * tasks package's `Target` schema; parsed loosely here so that extra fields pass through to deployStack.
 */
export const ListedTargetSchema = z.looseObject({
  accountId: z.string(),
  region: z.string(),
  status: z.enum(['PENDING', 'SKIPPED']),
  reason: z.string().optional(),
  parameterOverrides: z.record(z.string(), z.string()).optional(),
});
/** A target as listTargets reports it. */
export type ListedTarget = z.infer<typeof ListedTargetSchema>;

/** listTargets' output: the targets inline, or (for large estates) their S3 location. */
export const ListedTargetsSchema = z.union([
  z.object({ storage: z.literal('INLINE'), targets: z.array(ListedTargetSchema) }),
  z.object({ storage: z.literal('S3'), bucket: z.string(), key: z.string() }),
]);
/** listTargets' output. */
export type ListedTargets = z.infer<typeof ListedTargetsSchema>;

/** Reads the target list, following the S3 location when listTargets wrote it there. */
export async function readListedTargets(listed: ListedTargets, store: ObjectStore): Promise<ListedTarget[]> {
  if (listed.storage === 'INLINE') return listed.targets;
  const text = await store.getText(listed.bucket, listed.key);
  const json: unknown = JSON.parse(text);
  // The S3 object is a JSON array of targets (an ItemReader's input), or an object holding one.
  const list = Array.isArray(json) ? json : (json as { targets?: unknown }).targets;
  const parsed = z.array(ListedTargetSchema).safeParse(list);
  if (!parsed.success) {
    throw new Error(`s3://${listed.bucket}/${listed.key} is not a target list: ${parsed.error.message}`);
  }
  return parsed.data;
}
