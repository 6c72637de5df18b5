import type { ObjectStore as EngineObjectStore, StoredObjectSummary } from '@stackset-lite/asl-local';
import type { InMemoryS3 } from '@stackset-lite/tasks/simulated-estate';
import type { ObjectStore } from '../store/object-store.js';

/**
 * The simulated estate's S3 seen from both sides: as the engine's object store (Distributed Map
 * ItemReader/ResultWriter) and as the workflow tasks' store. listTargets and notify reach the same
 * objects through the mocked S3 client, so every party shares one bucket space, as in AWS.
 */
export class EstateObjectStore implements ObjectStore, EngineObjectStore {
  constructor(private readonly s3: InMemoryS3) {}

  async getText(bucket: string, key: string): Promise<string> {
    const body = this.s3.get(bucket, key);
    if (body === undefined) throw new Error(`NoSuchKey: s3://${bucket}/${key} does not exist`);
    return body;
  }

  async putText(bucket: string, key: string, body: string): Promise<void> {
    this.s3.put(bucket, key, body);
  }

  async getObject(bucket: string, key: string): Promise<string | undefined> {
    return this.s3.get(bucket, key);
  }

  async putObject(bucket: string, key: string, body: string): Promise<void> {
    this.s3.put(bucket, key, body);
  }

  async listObjects(bucket: string, prefix: string): Promise<StoredObjectSummary[]> {
    const start = `${bucket}/`;
    return [...this.s3.objects.entries()]
      .filter(([k]) => k.startsWith(start) && k.slice(start.length).startsWith(prefix))
      .map(([k, body]) => ({
        Key: k.slice(start.length),
        Size: Buffer.byteLength(body),
        ETag: `"${body.length.toString(16)}"`,
        LastModified: new Date(0).toISOString(),
        StorageClass: 'STANDARD',
      }))
      .sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
  }
}
