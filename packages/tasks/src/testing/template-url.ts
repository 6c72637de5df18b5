import { parseS3Url } from '../shared/s3-url.js';

/**
 * The bucket and key of an S3 template URL, read by the same parser the handlers use (every documented
 * S3 host form; see shared/s3-url.ts). Undefined for anything that parser refuses.
 */
export function s3LocationOfTemplateUrl(url: string): { bucket: string; key: string } | undefined {
  const parsed = parseS3Url(url);
  return parsed.ok ? { bucket: parsed.value.bucket, key: parsed.value.key } : undefined;
}
