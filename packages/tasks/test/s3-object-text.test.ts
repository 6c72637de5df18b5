import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { readS3ObjectText } from '../src/shared/s3-object-text.js';

const s3Mock = mockClient(S3Client);
afterEach(() => s3Mock.reset());

const location = { bucket: 'ssl-input', key: 'results/run-1.json' };
const errors = {
  missing: 'notify: no results',
  unreadable: 'notify: cannot read results at',
  inputPath: '/resultsLocation',
};

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe('readS3ObjectText', () => {
  it('returns the object body as text, and "" for an object without a body', async () => {
    s3Mock
      .on(GetObjectCommand, { Bucket: 'ssl-input', Key: 'results/run-1.json' })
      .resolvesOnce({ Body: { transformToString: async () => '[1,2]' } } as unknown as GetObjectCommandOutput)
      .resolvesOnce({});
    const s3 = new S3Client({ region: 'eu-west-1' });
    await expect(readS3ObjectText(s3, location, errors)).resolves.toBe('[1,2]');
    await expect(readS3ObjectText(s3, location, errors)).resolves.toBe('');
  });

  it('reports a missing object as InvalidInput at the input field that named it', async () => {
    s3Mock.on(GetObjectCommand).rejects(awsError('NoSuchKey', 'The specified key does not exist.'));
    await expect(
      readS3ObjectText(new S3Client({ region: 'eu-west-1' }), location, errors),
    ).rejects.toMatchObject({
      name: 'InvalidInput',
      message: 'notify: no results at s3://ssl-input/results/run-1.json',
      issues: [{ path: '/resultsLocation', message: 'no such object' }],
    });
  });

  it('keeps S3 throttling as Throttled so the state machine retries the read', async () => {
    s3Mock.on(GetObjectCommand).rejects(awsError('SlowDown', 'Please reduce your request rate.'));
    await expect(
      readS3ObjectText(new S3Client({ region: 'eu-west-1', maxAttempts: 1 }), location, errors),
    ).rejects.toMatchObject({ name: 'Throttled', message: expect.stringContaining('SlowDown') });
  });

  it('reports any other failure with the object and the AWS error', async () => {
    s3Mock.on(GetObjectCommand).rejects(awsError('AccessDenied', 'Access Denied'));
    await expect(
      readS3ObjectText(new S3Client({ region: 'eu-west-1' }), location, errors),
    ).rejects.toMatchObject({
      name: 'Error',
      message:
        'notify: cannot read results at s3://ssl-input/results/run-1.json: AccessDenied: Access Denied',
    });
  });
});
