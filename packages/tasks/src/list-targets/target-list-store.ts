import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { callAws } from '../shared/aws-error.js';
import type { S3ObjectLocation } from '../shared/schemas.js';
import type { Target } from './schemas.js';

/**
 * Writes the targets as one JSON array — the shape a Distributed Map ItemReader reads with
 * `ReaderConfig.InputType: JSON` — under a key derived from the execution, so a retry overwrites its own file.
 */
export async function storeTargetList(
  s3: S3Client,
  bucket: string,
  keyPrefix: string,
  executionId: string,
  targets: readonly Target[],
): Promise<S3ObjectLocation> {
  // An execution ARN ends with its name; keep only characters safe in a key.
  const executionName = (executionId.split(':').pop() ?? executionId).replace(/[^\w.-]/g, '_');
  const key = `${keyPrefix}${executionName}/targets.json`;
  await callAws('s3:PutObject', () =>
    s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(targets),
        ContentType: 'application/json',
      }),
    ),
  );
  return { bucket, key };
}
