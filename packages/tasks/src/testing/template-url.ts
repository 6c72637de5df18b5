/**
 * The bucket and key of an S3 template URL in any of the forms CloudFormation accepts:
 * `https://bucket.s3.amazonaws.com/key`, `https://bucket.s3.<region>.amazonaws.com/key`,
 * `https://bucket.s3-<region>.amazonaws.com/key`, `https://s3.<region>.amazonaws.com/bucket/key`,
 * `https://s3.amazonaws.com/bucket/key` (also `.amazonaws.com.cn`). Undefined for anything else.
 */
export function s3LocationOfTemplateUrl(url: string): { bucket: string; key: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname;
  const path = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const virtualHosted = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.exec(host);
  if (virtualHosted?.[1] && path) return { bucket: virtualHosted[1], key: path };
  if (/^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.test(host)) {
    const slash = path.indexOf('/');
    if (slash > 0) return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
  }
  return undefined;
}
