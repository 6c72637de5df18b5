import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from './object-store.js';

/** An {@link ObjectStore} over Amazon S3 (what the deployed Lambdas use). */
export class S3ObjectStore implements ObjectStore {
  constructor(private readonly client: S3Client = new S3Client({})) {}

  async getText(bucket: string, key: string): Promise<string> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!out.Body) throw new Error(`s3://${bucket}/${key} has no body`);
    return out.Body.transformToString();
  }

  async putText(bucket: string, key: string, body: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
    );
  }
}
