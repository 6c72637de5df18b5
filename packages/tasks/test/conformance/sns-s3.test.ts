/**
 * The simulated estate's SNS and S3, held to their API references: Publish's message and subject
 * limits, GetObject of a missing key, throttling errors.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serviceApiReference } from './aws-sources.js';

let estate: SimulatedEstate;
beforeEach(() => {
  estate = new SimulatedEstate().install();
});
afterEach(() => estate.uninstall());

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:stackset-lite';
const publish = (Message: string, Subject?: string) =>
  estate.clients
    .sns({ region: 'eu-west-1' })
    .send(new PublishCommand({ TopicArn: TOPIC, Message, ...(Subject !== undefined && { Subject }) }));

describe(`SNS Publish (${serviceApiReference('sns', 'Publish')})`, () => {
  it('a message is at most 262,144 bytes ("not 262,144 characters"): one byte more is InvalidParameter', async () => {
    await expect(publish('é'.repeat(131_072))).resolves.toMatchObject({ MessageId: expect.any(String) });
    await expect(publish(`${'é'.repeat(131_072)}x`)).rejects.toMatchObject({
      name: 'InvalidParameter',
      message: 'Invalid parameter: Message too long',
    });
  });

  it('a subject is "less than 100 characters long" and has no line breaks: else InvalidParameter', async () => {
    await expect(publish('m', 's'.repeat(99))).resolves.toMatchObject({ MessageId: expect.any(String) });
    await expect(publish('m', 's'.repeat(100))).rejects.toMatchObject({ name: 'InvalidParameter' });
    await expect(publish('m', 'two\nlines')).rejects.toMatchObject({ name: 'InvalidParameter' });
    expect(estate.sns.messages).toHaveLength(1);
  });

  it('throttled, it is a Throttling error "Rate exceeded" (Errors: ThrottledException is for a topic\'s KMS key; the API\'s own rate is Throttling)', async () => {
    estate.faults.throttle({ service: 'sns', operation: 'Publish', times: 1 });
    await expect(publish('m')).rejects.toMatchObject({ name: 'Throttling' });
    await expect(publish('m')).resolves.toMatchObject({ MessageId: expect.any(String) });
  });
});

describe(`S3 (${serviceApiReference('s3', 'GetObject')}; error codes: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html)`, () => {
  const s3 = () => estate.clients.s3({ region: 'eu-west-1' });

  it('GetObject of a key that does not exist is NoSuchKey "The specified key does not exist."', async () => {
    await expect(
      s3().send(new GetObjectCommand({ Bucket: 'work', Key: 'missing.json' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
      message: 'The specified key does not exist.',
    });
  });

  it('an object written is read back as written', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'work', Key: 'a/b.json', Body: '{"x":1}' }));
    const out = await s3().send(new GetObjectCommand({ Bucket: 'work', Key: 'a/b.json' }));
    expect(await out.Body?.transformToString()).toBe('{"x":1}');
  });

  it('throttled, it is SlowDown "Please reduce your request rate."', async () => {
    estate.faults.throttle({ service: 's3', operation: 'PutObject', times: 1 });
    await expect(
      s3().send(new PutObjectCommand({ Bucket: 'work', Key: 'k', Body: 'b' })),
    ).rejects.toMatchObject({
      name: 'SlowDown',
      message: 'Please reduce your request rate.',
    });
  });
});
