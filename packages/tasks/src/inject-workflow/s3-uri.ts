/** A bucket and key parsed from an `s3://bucket/key` URI. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

// S3 bucket naming rules (general purpose buckets): 3-63 chars, lowercase letters, digits, dots, hyphens,
// beginning and ending with a letter or digit.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses `s3://bucket/key`. Returns an error message instead of throwing so the macro can report it.
 */
export function parseS3Uri(uri: string): S3Location | { error: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) {
    return { error: `S3Key "${uri}" is not an S3 URI of the form s3://bucket/key` };
  }
  const [, bucket = '', key = ''] = match;
  if (!BUCKET_NAME.test(bucket)) {
    return { error: `S3Key "${uri}" names an invalid bucket "${bucket}"` };
  }
  return { bucket, key };
}

/** Formats a location back to its `s3://` URI. */
export function formatS3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}
