import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { awsErrorMessage, awsErrorName, callAws } from './aws-error.js';
import { InvalidInput, Throttled } from './errors.js';
import type { S3ObjectLocation } from './schemas.js';

/** How a task names, in its error messages, an S3 object its input pointed to. */
export interface S3ObjectErrors {
  /** The message when the object does not exist, before ` at s3://…` (e.g. `notify: no results`). */
  readonly missing: string;
  /** The message when it cannot be read, before ` s3://…: <AWS error>`. */
  readonly unreadable: string;
  /** JSON pointer of the task input field that named the object, for the InvalidInput issue. */
  readonly inputPath: string;
}

/**
 * Reads an S3 object named by a task's input as text. A missing object is the caller's mistake
 * (InvalidInput naming the input field); throttling (S3 SlowDown) stays `Throttled` so the state
 * machine's Retry backs off; any other failure is an Error naming the object and the AWS error.
 */
export async function readS3ObjectText(
  s3: S3Client,
  location: S3ObjectLocation,
  errors: S3ObjectErrors,
): Promise<string> {
  const where = `s3://${location.bucket}/${location.key}`;
  try {
    const object = await callAws('s3:GetObject', () =>
      s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key })),
    );
    return (await object.Body?.transformToString()) ?? '';
  } catch (error) {
    if (error instanceof Throttled) throw error;
    if (awsErrorName(error) === 'NoSuchKey') {
      throw new InvalidInput(`${errors.missing} at ${where}`, [
        { path: errors.inputPath, message: 'no such object' },
      ]);
    }
    throw new Error(`${errors.unreadable} ${where}: ${awsErrorName(error)}: ${awsErrorMessage(error)}`);
  }
}
