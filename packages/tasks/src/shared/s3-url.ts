/**
 * The one parser of S3 object locations written as text: template URLs (`https://…`, what
 * CloudFormation's TemplateURL takes) and workflow locations (`s3://bucket/key`, what the workflow
 * macro's S3Key takes). Everything that reads such a location goes through here, so a URL that names
 * one bucket to us cannot name another to S3.
 *
 * Host forms accepted, per the Amazon S3 User Guide, "Virtual hosting of buckets"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html) and "Methods for
 * accessing a bucket" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-bucket-intro.html),
 * and the endpoint list in "Amazon Simple Storage Service endpoints and quotas"
 * (https://docs.aws.amazon.com/general/latest/gr/s3.html):
 * - virtual-hosted: `bucket.s3.<region>.<suffix>`, legacy global `bucket.s3.amazonaws.com`, legacy
 *   dash `bucket.s3-<region>.<suffix>`, dual-stack `bucket.s3.dualstack.<region>.<suffix>`, FIPS
 *   `bucket.s3-fips[.dualstack].<region>.<suffix>`;
 * - path-style: the same endpoints without the bucket label, the bucket being the first path segment.
 * `<suffix>` is the partition's DNS suffix (`amazonaws.com`; `amazonaws.com.cn` for aws-cn; GovCloud
 * regions use `amazonaws.com`), and the region must be a known region of that partition.
 *
 * Refused: any scheme but `https`, user info, ports, upper-case or internationalised hosts, query
 * strings and fragments, backslashes, control characters, malformed percent-encoding, `.`/`..`/empty
 * path segments raw or percent-encoded, bucket names outside S3's rules, dotted bucket names in a
 * virtual-hosted host (S3's TLS wildcard certificate does not cover them), keys over 1,024 bytes and
 * URLs over {@link MAX_S3_URL_LENGTH} characters.
 */
import { z } from 'zod';
import { type AwsPartition, awsPartitions, partitionOfRegion } from './aws-partitions.js';
import { bucketNameProblem, objectKeyProblem } from './s3-names.js';

/**
 * Longest URL accepted. CloudFormation allows a TemplateURL of 5,120 characters; a bucket (63), an
 * endpoint host (~50) and a fully percent-encoded 1,024-byte key fit in far less than this.
 */
export const MAX_S3_URL_LENGTH = 2048;

/** A bucket and key. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** What an S3 HTTPS URL names. */
export interface ParsedS3Url extends S3Location {
  /** The region in the host; undefined for the legacy global endpoint (`s3.amazonaws.com`). */
  readonly region: string | undefined;
  readonly partition: AwsPartition;
  readonly style: 'virtual-hosted' | 'path';
}

/** A parse result: the location, or why the text is not one. */
export type S3ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

// Longest suffix first, so `amazonaws.com.cn` is not taken for `amazonaws.com`.
const SUFFIXES = [...new Set(awsPartitions.map((p) => p.dnsSuffix))].sort((a, b) => b.length - a.length);
const REGIONAL_ENDPOINT = /^s3(?:-fips)?(?:\.dualstack)?\.([a-z0-9-]+)$/;
const LEGACY_DASH_ENDPOINT = /^s3-([a-z0-9-]+)$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const UNSAFE = /[\s\u0000-\u001f\u007f-\u009f\\]/;

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });
const shown = (text: string) => JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);

/** The endpoint labels' region (or undefined for the global endpoint); `false` when not an S3 endpoint. */
function endpointRegion(endpoint: string): string | undefined | false {
  if (endpoint === 's3') return undefined;
  const regional = REGIONAL_ENDPOINT.exec(endpoint);
  if (regional) return regional[1];
  const dash = LEGACY_DASH_ENDPOINT.exec(endpoint);
  if (dash && dash[1] !== 'fips') return dash[1];
  return false;
}

interface Host {
  readonly bucket: string | undefined;
  readonly region: string | undefined;
  readonly partition: AwsPartition;
}

function parseHost(host: string): S3ParseResult<Host> {
  const suffix = SUFFIXES.find((s) => host.endsWith(`.${s}`));
  if (!suffix) return fail(`host ${shown(host)} is not an Amazon S3 endpoint`);
  const labels = host.slice(0, -suffix.length - 1).split('.');
  // Path-style when the whole host is an endpoint, else virtual-hosted with a one-label bucket.
  let bucket: string | undefined;
  let region = endpointRegion(labels.join('.'));
  if (region === false) {
    region = endpointRegion(labels.slice(1).join('.'));
    bucket = labels[0];
    if (region === false) {
      const dotted = labels.some((_, i) => i > 1 && endpointRegion(labels.slice(i).join('.')) !== false);
      return fail(
        dotted
          ? `host ${shown(host)} puts a bucket name with dots in the host: S3's TLS certificate does not cover it; use the path-style URL https://s3.<region>.${suffix}/<bucket>/<key>`
          : `host ${shown(host)} is not an Amazon S3 endpoint`,
      );
    }
  }
  let partition: AwsPartition | undefined;
  if (region === undefined) {
    // Only the aws partition has the legacy global endpoint.
    partition = suffix === 'amazonaws.com' ? awsPartitions.find((p) => p.id === 'aws') : undefined;
    if (!partition)
      return fail(`host ${shown(host)} is not an Amazon S3 endpoint (no global endpoint there)`);
  } else {
    partition = partitionOfRegion(region);
    if (!partition)
      return fail(`host ${shown(host)} names ${shown(region)}, which is not a known AWS region`);
    if (partition.dnsSuffix !== suffix) {
      return fail(
        `host ${shown(host)} names region ${region} of partition ${partition.id}, whose endpoints end in ${partition.dnsSuffix}`,
      );
    }
  }
  return { ok: true, value: { bucket, region, partition } };
}

/** Percent-decodes each `/`-separated segment of a raw key and checks the result. */
function decodeKey(raw: string, where: string): S3ParseResult<string> {
  const decoded: string[] = [];
  for (const segment of raw.split('/')) {
    try {
      decoded.push(decodeURIComponent(segment));
    } catch {
      return fail(`${where} has malformed percent-encoding`);
    }
  }
  const key = decoded.join('/');
  const problem = objectKeyProblem(key);
  return problem ? fail(`${where}: ${problem}`) : { ok: true, value: key };
}

/**
 * Parses an S3 object's HTTPS URL in any documented host form (see the module comment). The key is
 * returned percent-decoded.
 */
export function parseS3Url(text: string): S3ParseResult<ParsedS3Url> {
  if (text.length > MAX_S3_URL_LENGTH) {
    return fail(`the URL is ${text.length} characters; at most ${MAX_S3_URL_LENGTH} are accepted`);
  }
  if (!text.startsWith('https://')) {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1];
    return fail(
      scheme ? `the URL's scheme is ${shown(scheme)}; only https is accepted` : 'not an https:// URL',
    );
  }
  if (UNSAFE.test(text)) return fail('the URL contains whitespace, a control character or a backslash');
  const rest = text.slice('https://'.length);
  const slash = rest.indexOf('/');
  const host = slash < 0 ? rest : rest.slice(0, slash);
  if (!/^[a-z0-9.-]+$/.test(host)) {
    return fail(
      `the URL's authority ${shown(host)} is not a lower-case host name (no user info, port, upper case or non-ASCII)`,
    );
  }
  const path = slash < 0 ? '' : rest.slice(slash + 1);
  if (path.includes('?') || path.includes('#')) return fail('the URL has a query string or fragment');
  const parsedHost = parseHost(host);
  if (!parsedHost.ok) return parsedHost;
  const { region, partition } = parsedHost.value;
  let bucket = parsedHost.value.bucket;
  let rawKey = path;
  if (bucket === undefined) {
    const end = path.indexOf('/');
    bucket = end < 0 ? path : path.slice(0, end);
    rawKey = end < 0 ? '' : path.slice(end + 1);
  } else if (bucket.includes('.')) {
    return fail(`bucket ${shown(bucket)} has dots: use the path-style URL`);
  }
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return fail(`the URL names no valid bucket: ${bucketProblem}`);
  if (rawKey === '') return fail(`the URL names bucket ${bucket} but no object key`);
  const key = decodeKey(rawKey, 'the URL path');
  if (!key.ok) return key;
  const style = parsedHost.value.bucket === undefined ? 'path' : 'virtual-hosted';
  return { ok: true, value: { bucket, key: key.value, region, partition, style } };
}

/** Percent-encodes a key for a URL path, `/` kept as the separator. */
export function encodeS3Key(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/**
 * The canonical HTTPS URL of an object in a bucket of `region`: virtual-hosted regional
 * (`https://<bucket>.s3.<region>.<suffix>/<key>`), or path-style for a bucket name with dots, which
 * S3's TLS certificate does not cover in the host. Regional, not the legacy global endpoint: buckets in
 * regions launched after 20 March 2019 are not reachable through it (S3 User Guide, Virtual hosting).
 * @throws for an unknown region or an invalid bucket or key
 */
export function s3ObjectUrl(location: S3Location, region: string): string {
  const partition = partitionOfRegion(region);
  if (!partition) throw new Error(`${shown(region)} is not a known AWS region`);
  const problem = bucketNameProblem(location.bucket) ?? objectKeyProblem(location.key);
  if (problem) throw new Error(problem);
  const key = encodeS3Key(location.key);
  return location.bucket.includes('.')
    ? `https://s3.${region}.${partition.dnsSuffix}/${location.bucket}/${key}`
    : `https://${location.bucket}.s3.${region}.${partition.dnsSuffix}/${key}`;
}

/**
 * Parses `s3://bucket/key` (the AWS CLI's form: the key is not percent-encoded). The same bucket and
 * key rules as {@link parseS3Url} apply.
 */
export function parseS3Uri(text: string): S3ParseResult<S3Location> {
  if (text.length > MAX_S3_URL_LENGTH) {
    return fail(`the URI is ${text.length} characters; at most ${MAX_S3_URL_LENGTH} are accepted`);
  }
  if (!text.startsWith('s3://')) return fail('not an S3 URI of the form s3://bucket/key');
  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return fail(`the URI names no valid bucket: ${bucketProblem}`);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (key === '') return fail(`the URI names bucket ${bucket} but no object key`);
  const keyProblem = objectKeyProblem(key);
  if (keyProblem) return fail(`the URI's ${keyProblem.replace(/^the /, '')}`);
  return { ok: true, value: { bucket, key } };
}

/** Formats a location as `s3://bucket/key`. */
export function formatS3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** An S3 object's HTTPS URL that {@link parseS3Url} accepts (any documented host form). */
export const S3HttpsUrl = z.string().superRefine((text, ctx) => {
  const parsed = parseS3Url(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
});
