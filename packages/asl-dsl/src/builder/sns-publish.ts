import { z } from 'zod';
import { resources } from './resources.js';

/**
 * The request of SNS `Publish`, which the `sns:publish` integration takes as its payload: `Message`
 * and one of `TopicArn`, `TargetArn`, `PhoneNumber`.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
 */
export const SnsPublishInput = z.object({
  TopicArn: z.string().optional(),
  TargetArn: z.string().optional(),
  PhoneNumber: z.string().optional(),
  Message: z.string(),
  Subject: z.string().optional(),
  MessageStructure: z.literal('json').optional(),
  MessageAttributes: z
    .record(
      z.string(),
      z.object({
        DataType: z.string(),
        StringValue: z.string().optional(),
        BinaryValue: z.string().optional(),
      }),
    )
    .optional(),
  MessageDeduplicationId: z.string().optional(),
  MessageGroupId: z.string().optional(),
});

/** The response of SNS `Publish` (Step Functions adds its HTTP metadata beside it). @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html */
export const SnsPublishOutput = z.looseObject({
  MessageId: z.string(),
  SequenceNumber: z.string().optional(),
});

/**
 * The options of a task that publishes to SNS through the optimized integration, to spread into
 * `task()`: the resource, and the request and response schemas, so `parameters` is checked as SNS
 * `Publish`'s request (a misspelt or missing `Message` does not compile) and `result` is typed.
 */
export function snsPublish(pattern: 'requestResponse' | 'waitForTaskToken' = 'requestResponse') {
  return {
    resource: resources.integration('sns', 'publish', pattern),
    inputSchema: SnsPublishInput,
    outputSchema: SnsPublishOutput,
  } as const;
}
