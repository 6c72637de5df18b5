/**
 * Where the rollout keeps what does not fit in a state's payload: stage item lists (read by the
 * Distributed Map's ItemReader), the ledger between stages, Distributed Map results (ResultWriter)
 * and the final report. Amazon S3 in AWS; an in-memory map in tests and `simulate`.
 */
export interface ObjectStore {
  /** The object's text. @throws when absent */
  getText(bucket: string, key: string): Promise<string>;
  putText(bucket: string, key: string, body: string): Promise<void>;
}

/** An in-memory {@link ObjectStore}. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, string>();

  async getText(bucket: string, key: string): Promise<string> {
    const body = this.objects.get(`${bucket}/${key}`);
    if (body === undefined) throw new Error(`NoSuchKey: s3://${bucket}/${key} does not exist`);
    return body;
  }

  async putText(bucket: string, key: string, body: string): Promise<void> {
    this.objects.set(`${bucket}/${key}`, body);
  }
}
