import { describe, expect, it } from 'vitest';
import { s3LocationOfTemplateUrl } from '../src/testing/template-url.js';

describe('s3LocationOfTemplateUrl', () => {
  it.each([
    ['https://my-bucket.s3.amazonaws.com/a/b.yaml', { bucket: 'my-bucket', key: 'a/b.yaml' }],
    ['https://my-bucket.s3.eu-west-1.amazonaws.com/b.yaml', { bucket: 'my-bucket', key: 'b.yaml' }],
    ['https://my-bucket.s3-eu-west-1.amazonaws.com/b.yaml', { bucket: 'my-bucket', key: 'b.yaml' }],
    ['https://s3.eu-west-1.amazonaws.com/my-bucket/dir/b.yaml', { bucket: 'my-bucket', key: 'dir/b.yaml' }],
    ['https://s3.amazonaws.com/my-bucket/b.yaml', { bucket: 'my-bucket', key: 'b.yaml' }],
    ['https://s3.cn-north-1.amazonaws.com.cn/my.bucket/t%20x.yaml', { bucket: 'my.bucket', key: 't x.yaml' }],
  ])('%s', (url, location) => {
    expect(s3LocationOfTemplateUrl(url)).toEqual(location);
  });

  it.each([
    'https://example.com/b.yaml',
    'not a url',
    'https://s3.amazonaws.com/only-bucket',
    // S3's TLS certificate does not cover a dotted bucket in the host.
    'https://my.bucket.s3.cn-north-1.amazonaws.com.cn/t.yaml',
  ])('%s is not an S3 template URL', (url) => {
    expect(s3LocationOfTemplateUrl(url)).toBeUndefined();
  });
});
