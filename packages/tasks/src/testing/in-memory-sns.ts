/** A message published to the simulated SNS. */
export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  messageId: string;
}

/** An in-memory SNS that keeps what was published. */
export class InMemorySns {
  readonly messages: PublishedMessage[] = [];
}
