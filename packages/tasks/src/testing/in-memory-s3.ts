/** An in-memory S3: objects by bucket and key, as strings. */
export class InMemoryS3 {
  readonly objects = new Map<string, string>();

  /** Stores an object. */
  put(bucket: string, key: string, body: string): void {
    this.objects.set(`${bucket}/${key}`, body);
  }

  /** Reads an object, or undefined. */
  get(bucket: string, key: string): string | undefined {
    return this.objects.get(`${bucket}/${key}`);
  }

  /** Reads and parses a JSON object; throws naming the location when absent. */
  getJson(bucket: string, key: string): unknown {
    const body = this.get(bucket, key);
    if (body === undefined) throw new Error(`no object s3://${bucket}/${key} in the simulated estate`);
    return JSON.parse(body);
  }
}
