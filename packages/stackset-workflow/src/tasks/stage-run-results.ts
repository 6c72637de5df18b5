import { z } from 'zod';
import type { ObjectStore } from '../store/object-store.js';

/** What a Distributed Map with a ResultWriter returns: where its manifest is. */
export const ResultWriterDetailsSchema = z.object({
  ResultWriterDetails: z.object({ Bucket: z.string(), Key: z.string() }),
});

/** The ResultWriter manifest (`manifest.json`). */
const ManifestSchema = z.object({
  ResultFiles: z.record(z.string(), z.array(z.object({ Key: z.string() }))).default({}),
  DestinationBucket: z.string().optional(),
});

/** One child execution in a ResultWriter result file. */
const ChildExecutionSchema = z.object({
  Status: z.string().optional(),
  Input: z.string().optional(),
  Output: z.string().optional(),
  Error: z.string().optional(),
  Cause: z.string().optional(),
});

/** A child execution's result: its output when it succeeded, or its input and error when it did not. */
export interface ChildResult {
  output?: unknown;
  input?: unknown;
  error?: { Error?: string; Cause?: string };
}

function parseJsonOr(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads a stage's child results: from the ResultWriter manifest and its result files in S3, or from
 * the Map's output array when it ran without a ResultWriter (e.g. on engines that lack one).
 */
export async function readStageRunResults(stageRun: unknown, store: ObjectStore): Promise<ChildResult[]> {
  if (Array.isArray(stageRun)) return stageRun.map((output) => ({ output }));
  const details = ResultWriterDetailsSchema.safeParse(stageRun);
  if (!details.success) return [];
  const { Bucket, Key } = details.data.ResultWriterDetails;
  const manifest = ManifestSchema.parse(JSON.parse(await store.getText(Bucket, Key)));
  const results: ChildResult[] = [];
  for (const files of Object.values(manifest.ResultFiles)) {
    for (const file of files) {
      const executions = z
        .array(ChildExecutionSchema)
        .parse(JSON.parse(await store.getText(manifest.DestinationBucket ?? Bucket, file.Key)));
      for (const e of executions) {
        if (e.Status === 'SUCCEEDED') results.push({ output: parseJsonOr(e.Output) });
        else
          results.push({
            input: parseJsonOr(e.Input),
            error: { Error: e.Error ?? e.Status, Cause: e.Cause },
          });
      }
    }
  }
  return results;
}
