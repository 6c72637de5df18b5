/**
 * S3 bucket names and object keys as AWS defines them, checked before they reach an S3 or
 * CloudFormation call.
 *
 * Buckets: "General purpose bucket naming rules", Amazon S3 User Guide
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 * Keys: "Naming Amazon S3 objects", Amazon S3 User Guide
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html): at most 1,024 bytes of
 * UTF-8; `.` and `..` path segments are where tools and SDKs that normalise paths disagree with S3
 * about which object is meant, so a key holding one is refused here.
 */
import { z } from 'zod';

/** S3's limit on an object key, in bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

const BUCKET_CHARS = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];
// C0 controls, DEL and the C1 controls: never part of a key a person meant to write.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `name` is not a general purpose bucket name, or undefined when it is one. */
export function bucketNameProblem(name: string): string | undefined {
  const shown = JSON.stringify(name.slice(0, 70));
  if (!BUCKET_CHARS.test(name)) {
    return `${shown} is not an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit)`;
  }
  if (name.includes('..')) return `${shown} is not an S3 bucket name (two adjacent dots)`;
  if (IP_ADDRESS.test(name)) return `${shown} is not an S3 bucket name (formatted as an IP address)`;
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `${shown} is not an S3 bucket name (the prefix ${prefix} is reserved)`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `${shown} is not an S3 bucket name (the suffix ${suffix} is reserved)`;
  return undefined;
}

/**
 * Why `key` is not an object key we act on, or undefined when it is one: empty, over 1,024 bytes,
 * a control character or backslash, an empty segment (leading `/`, `//`), or a `.`/`..` segment.
 * With `prefix`, the text is a key prefix: it may be empty and may end with `/`.
 */
export function objectKeyProblem(key: string, options: { prefix?: boolean } = {}): string | undefined {
  const what = options.prefix ? 'key prefix' : 'key';
  const shown = JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key);
  if (key === '') return options.prefix ? undefined : 'the key is empty';
  const bytes = Buffer.byteLength(key, 'utf-8');
  if (bytes > MAX_KEY_BYTES) return `the ${what} is ${bytes} bytes; S3 keys are at most ${MAX_KEY_BYTES}`;
  if (CONTROL.test(key)) return `the ${what} ${shown} contains a control character`;
  if (key.includes('\\')) return `the ${what} ${shown} contains a backslash`;
  const segments = key.split('/');
  // A prefix such as "reports/" ends in an empty segment: that is where the key continues.
  if (options.prefix && segments.at(-1) === '') segments.pop();
  for (const segment of segments) {
    if (segment === '') return `the ${what} ${shown} has an empty path segment (a leading "/" or "//")`;
    if (segment === '.' || segment === '..') {
      return `the ${what} ${shown} has a "${segment}" path segment`;
    }
  }
  return undefined;
}

/** A general purpose S3 bucket name. */
export const BucketName = z.string().superRefine((name, ctx) => {
  const problem = bucketNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An S3 object key: ≤ 1,024 bytes, no `.`/`..`/empty segments, no control characters or backslashes. */
export const ObjectKey = z.string().superRefine((key, ctx) => {
  const problem = objectKeyProblem(key);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A key prefix: like a key, but may be empty and may end with `/`. */
export const KeyPrefix = z.string().superRefine((key, ctx) => {
  const problem = objectKeyProblem(key, { prefix: true });
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
