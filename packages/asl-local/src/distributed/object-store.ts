/** One object of an S3-like listing (the fields listObjectsV2 returns per item). */
export interface StoredObjectSummary {
  Key: string;
  Size: number;
  ETag: string;
  LastModified: string;
  StorageClass: string;
}

/**
 * The S3 stand-in that Distributed Map ItemReader and ResultWriter use. Implement it over a real
 * S3 client to read real buckets; {@link InMemoryObjectStore} ships for tests.
 */
export interface ObjectStore {
  /** The object's body as text, or undefined when it does not exist. */
  getObject(bucket: string, key: string): Promise<string | undefined>;
  putObject(bucket: string, key: string, body: string): Promise<void>;
  /** Every object whose key starts with `prefix`, sorted by key. */
  listObjects(bucket: string, prefix: string): Promise<StoredObjectSummary[]>;
}

/** An in-memory ObjectStore: `put`/`get` by bucket and key. */
export class InMemoryObjectStore implements ObjectStore {
  private readonly buckets = new Map<string, Map<string, { body: string; at: string }>>();

  async getObject(bucket: string, key: string): Promise<string | undefined> {
    return this.buckets.get(bucket)?.get(key)?.body;
  }

  async putObject(bucket: string, key: string, body: string): Promise<void> {
    this.put(bucket, key, body);
  }

  /** Synchronous put, handy in test setup. */
  put(bucket: string, key: string, body: string): void {
    let b = this.buckets.get(bucket);
    if (!b) {
      b = new Map();
      this.buckets.set(bucket, b);
    }
    b.set(key, { body, at: new Date(0).toISOString() });
  }

  /** Synchronous get, handy in test assertions. */
  get(bucket: string, key: string): string | undefined {
    return this.buckets.get(bucket)?.get(key)?.body;
  }

  /** Every key of a bucket. */
  keys(bucket: string): string[] {
    return [...(this.buckets.get(bucket)?.keys() ?? [])].sort();
  }

  async listObjects(bucket: string, prefix: string): Promise<StoredObjectSummary[]> {
    const b = this.buckets.get(bucket);
    if (!b) return [];
    return [...b.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
      .map(([Key, v]) => ({
        Key,
        Size: Buffer.byteLength(v.body),
        ETag: `"${simpleEtag(v.body)}"`,
        LastModified: v.at,
        StorageClass: 'STANDARD',
      }));
  }
}

function simpleEtag(body: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}
