/**
 * The S3 location parser every schema uses. Host forms from the Amazon S3 User Guide ("Virtual hosting
 * of buckets", "Methods for accessing a bucket") and the S3 endpoint table of the AWS General Reference
 * (https://docs.aws.amazon.com/general/latest/gr/s3.html); bucket rules from "General purpose bucket
 * naming rules".
 */
import {
  formatS3Uri,
  MAX_S3_URL_LENGTH,
  objectKeyProblem,
  parseS3Uri,
  parseS3Url,
  s3ObjectUrl,
} from '@stackset-lite/tasks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const B = 'acme-templates';

describe('parseS3Url: every documented host form', () => {
  it.each([
    // virtual-hosted, regional
    [`https://${B}.s3.eu-west-1.amazonaws.com/a/b.yaml`, 'eu-west-1', 'aws', 'virtual-hosted'],
    // legacy global endpoint (aws partition only)
    [`https://${B}.s3.amazonaws.com/a/b.yaml`, undefined, 'aws', 'virtual-hosted'],
    // legacy dash-region endpoint
    [`https://${B}.s3-us-west-2.amazonaws.com/a/b.yaml`, 'us-west-2', 'aws', 'virtual-hosted'],
    // dual-stack and FIPS
    [`https://${B}.s3.dualstack.us-east-1.amazonaws.com/a/b.yaml`, 'us-east-1', 'aws', 'virtual-hosted'],
    [`https://${B}.s3-fips.us-east-2.amazonaws.com/a/b.yaml`, 'us-east-2', 'aws', 'virtual-hosted'],
    [`https://${B}.s3-fips.dualstack.us-west-2.amazonaws.com/a/b.yaml`, 'us-west-2', 'aws', 'virtual-hosted'],
    // path-style
    [`https://s3.eu-west-1.amazonaws.com/${B}/a/b.yaml`, 'eu-west-1', 'aws', 'path'],
    [`https://s3.amazonaws.com/${B}/a/b.yaml`, undefined, 'aws', 'path'],
    [`https://s3-eu-west-1.amazonaws.com/${B}/a/b.yaml`, 'eu-west-1', 'aws', 'path'],
    [`https://s3.dualstack.ap-south-1.amazonaws.com/${B}/a/b.yaml`, 'ap-south-1', 'aws', 'path'],
    // China: amazonaws.com.cn
    [`https://${B}.s3.cn-north-1.amazonaws.com.cn/a/b.yaml`, 'cn-north-1', 'aws-cn', 'virtual-hosted'],
    [`https://s3.cn-northwest-1.amazonaws.com.cn/${B}/a/b.yaml`, 'cn-northwest-1', 'aws-cn', 'path'],
    // GovCloud: amazonaws.com with a us-gov region
    [`https://${B}.s3.us-gov-west-1.amazonaws.com/a/b.yaml`, 'us-gov-west-1', 'aws-us-gov', 'virtual-hosted'],
    [`https://s3-fips.us-gov-east-1.amazonaws.com/${B}/a/b.yaml`, 'us-gov-east-1', 'aws-us-gov', 'path'],
  ])('%s', (url, region, partition, style) => {
    const parsed = parseS3Url(url);
    expect(parsed).toMatchObject({ ok: true, value: { bucket: B, key: 'a/b.yaml', region, style } });
    expect(parsed.ok && parsed.value.partition.id).toBe(partition);
  });

  it('decodes the key and keeps dotted bucket names in path-style URLs', () => {
    expect(parseS3Url('https://s3.eu-west-1.amazonaws.com/my.bucket/t%20x.yaml')).toMatchObject({
      ok: true,
      value: { bucket: 'my.bucket', key: 't x.yaml' },
    });
    expect(parseS3Url(`https://${B}.s3.eu-west-1.amazonaws.com/a%2Fb.yaml`)).toMatchObject({
      ok: true,
      value: { key: 'a/b.yaml' },
    });
  });
});

describe('parseS3Url: the attacks of issue 10 and their kin', () => {
  it('reads the bucket of the crafted path-style URL as the attacker bucket, not ours', () => {
    // Accepted by the old `https://s3.*.amazonaws.com/<bucket>/*` pattern and isTemplateBucketUrl.
    expect(parseS3Url(`https://s3.amazonaws.com/attacker/.amazonaws.com/${B}/t.yaml`)).toMatchObject({
      ok: true,
      value: { bucket: 'attacker', key: `.amazonaws.com/${B}/t.yaml` },
    });
  });

  it.each([
    [`https://${B}.s3.evil.example/.amazonaws.com/t`, /not an Amazon S3 endpoint/],
    [`https://s3.amazonaws.com/${B}/../attacker/t`, /"\.\." path segment/],
    [`https://s3.amazonaws.com/${B}/%2e%2e/attacker/t`, /"\.\." path segment/],
    [`https://s3.amazonaws.com/${B}/%2E%2E/attacker/t`, /"\.\." path segment/],
    [`https://s3.amazonaws.com/${B}/..%2Fattacker/t`, /"\.\." path segment/],
    [`https://s3.amazonaws.com/${B}/./t.yaml`, /"\." path segment/],
    [`https://s3.amazonaws.com/${B}//t.yaml`, /empty path segment/],
    [`https://s3.amazonaws.com/${B}\\..\\attacker\\t`, /backslash/],
    [`http://${B}.s3.amazonaws.com/t.yaml`, /scheme is "http"; only https/],
    [`file:///etc/passwd`, /scheme is "file"/],
    [`HTTPS://${B}.s3.amazonaws.com/t.yaml`, /scheme is "HTTPS"/],
    [`https://${B.toUpperCase()}.s3.amazonaws.com/t.yaml`, /not a lower-case host name/],
    [`https://${B}.s3.amazonaws.com:443/t.yaml`, /not a lower-case host name/],
    [`https://user@${B}.s3.amazonaws.com/t.yaml`, /not a lower-case host name/],
    [`https://${B}.s3.amazonaws.com./t.yaml`, /not an Amazon S3 endpoint/],
    [`https://${B}.s3.amazonaws.com.evil.example/t.yaml`, /not an Amazon S3 endpoint/],
    [`https://${B}.s3.xx-fake-9.amazonaws.com/t.yaml`, /"xx-fake-9", which is not a known AWS region/],
    [
      `https://${B}.s3.cn-north-1.amazonaws.com/t.yaml`,
      /partition aws-cn, whose endpoints end in amazonaws\.com\.cn/,
    ],
    [
      `https://${B}.s3.eu-west-1.amazonaws.com.cn/t.yaml`,
      /partition aws, whose endpoints end in amazonaws\.com$/,
    ],
    [`https://s3.amazonaws.com.cn/${B}/t.yaml`, /no global endpoint/],
    [`https://${B}.s3.amazonaws.com/t.yaml?versionId=1`, /query string or fragment/],
    [`https://${B}.s3.amazonaws.com/t.yaml#x`, /query string or fragment/],
    [`https://${B}.s3.amazonaws.com/`, /no object key/],
    [`https://s3.amazonaws.com/${B}`, /no object key/],
    [`https://my.bucket.s3.eu-west-1.amazonaws.com/t.yaml`, /bucket name with dots in the host/],
    [`https://s3.amazonaws.com/Bad_Bucket/t.yaml`, /not an S3 bucket name/],
    [`https://s3.amazonaws.com/xn--bucket/t.yaml`, /prefix xn-- is reserved/],
    [`https://s3.amazonaws.com/192.168.5.4/t.yaml`, /IP address/],
    [`https://${B}.s3.amazonaws.com/t%ZZ.yaml`, /malformed percent-encoding/],
    [`https://${B}.s3.amazonaws.com/t%00.yaml`, /control character/],
    [`https://${B}.s3.amazonaws.com/t .yaml`, /whitespace/],
    [`https://${B}.s3.amazonaws.com/${'k'.repeat(1025)}`, /1025 bytes/],
  ])('refuses %s', (url, problem) => {
    const parsed = parseS3Url(url);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });

  it('refuses a 5 MB URL by its length alone', () => {
    const parsed = parseS3Url(`https://${B}.s3.amazonaws.com/${'k'.repeat(5_000_000)}`);
    expect(!parsed.ok && parsed.problem).toBe('the URL is 5000040 characters; at most 2048 are accepted');
  });

  it('never echoes more than a short prefix of what it refuses', () => {
    const parsed = parseS3Url(`https://${'a'.repeat(1500)}.s3.evil.example/t`);
    expect(!parsed.ok && parsed.problem.length).toBeLessThan(200);
  });
});

const bucketArb = fc
  .stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/)
  .filter((b) => !b.startsWith('xn--') && !b.startsWith('sthree-') && !b.endsWith('-s3alias'));
const dottedBucketArb = fc.tuple(bucketArb, bucketArb).map(([a, b]) => `${a}.${b}`);
// Any segment S3 takes: the generator is not limited to ASCII; key rules are checked by objectKeyProblem.
const segmentArb = fc
  .string({ minLength: 1, maxLength: 12, unit: 'grapheme' })
  .filter((s) => !s.includes('/') && objectKeyProblem(s) === undefined);
const keyArb = fc.array(segmentArb, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
const regionArb = fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-7');

describe('parseS3Url properties', () => {
  it('reads back the bucket, key and region of every canonical URL it builds', () => {
    fc.assert(
      fc.property(fc.oneof(bucketArb, dottedBucketArb), keyArb, regionArb, (bucket, key, region) => {
        const url = s3ObjectUrl({ bucket, key }, region);
        expect(parseS3Url(url)).toMatchObject({ ok: true, value: { bucket, key, region } });
      }),
    );
  });

  it('only ever reports the bucket the host or the first path segment literally names', () => {
    const piece = fc.constantFrom(
      'https://',
      'http://',
      `${B}`,
      'attacker',
      '.s3',
      '.s3.eu-west-1',
      '.amazonaws.com',
      '.amazonaws.com.cn',
      '.evil.example',
      '/',
      '..',
      '.',
      '%2e',
      '%2f',
      '@',
      ':443',
      '?',
      '#',
      '\\',
      's3.',
      'dualstack.',
      '-',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const url = pieces.join('');
        const parsed = parseS3Url(url);
        if (!parsed.ok) return;
        const { bucket, key, style } = parsed.value;
        const afterScheme = url.slice('https://'.length);
        if (style === 'virtual-hosted') expect(afterScheme.startsWith(`${bucket}.s3`)).toBe(true);
        else expect(afterScheme.split('/')[1]).toBe(bucket);
        expect(key.split('/')).not.toContain('..');
        expect(key.split('/')).not.toContain('.');
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parsed = parseS3Url(text);
        expect(typeof parsed.ok).toBe('boolean');
      }),
    );
  });
});

describe('s3ObjectUrl', () => {
  it('builds the regional virtual-hosted URL, path-style for dotted buckets, with the partition suffix', () => {
    expect(s3ObjectUrl({ bucket: B, key: 'a b/c.yaml' }, 'eu-west-1')).toBe(
      `https://${B}.s3.eu-west-1.amazonaws.com/a%20b/c.yaml`,
    );
    expect(s3ObjectUrl({ bucket: 'my.bucket', key: 'c.yaml' }, 'cn-north-1')).toBe(
      'https://s3.cn-north-1.amazonaws.com.cn/my.bucket/c.yaml',
    );
    expect(s3ObjectUrl({ bucket: B, key: 'c.yaml' }, 'us-gov-west-1')).toBe(
      `https://${B}.s3.us-gov-west-1.amazonaws.com/c.yaml`,
    );
  });

  it('refuses an unknown region and dot segments', () => {
    expect(() => s3ObjectUrl({ bucket: B, key: 'c.yaml' }, 'xx-fake-9')).toThrow(/not a known AWS region/);
    expect(() => s3ObjectUrl({ bucket: B, key: '../c.yaml' }, 'eu-west-1')).toThrow(/"\.\." path segment/);
  });
});

describe('parseS3Uri', () => {
  it('parses s3://bucket/key with the same bucket and key rules', () => {
    expect(parseS3Uri(`s3://${B}/machines/deploy.json`)).toEqual({
      ok: true,
      value: { bucket: B, key: 'machines/deploy.json' },
    });
    expect(formatS3Uri({ bucket: B, key: 'k.json' })).toBe(`s3://${B}/k.json`);
  });

  it.each([
    [`s3://${B}/../other/k.json`, /"\.\." path segment/],
    [`s3://${B}/a/./k.json`, /"\." path segment/],
    [`s3://${B}/`, /no object key/],
    [`s3://${B}`, /no object key/],
    ['s3://UPPER/k.json', /not an S3 bucket name/],
    [`https://${B}.s3.amazonaws.com/k.json`, /s3:\/\/bucket\/key/],
    [`s3://${B}/${'k'.repeat(MAX_S3_URL_LENGTH)}`, /at most 2048/],
  ])('refuses %s', (uri, problem) => {
    const parsed = parseS3Uri(uri);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });
});
