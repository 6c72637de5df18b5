/**
 * Example (c): a Distributed Map reading a CSV inventory from Amazon S3 and writing its results
 * back to S3 with ResultWriter.
 *
 * Each batch of 50 accounts runs as one Express child workflow; up to 5% of the items may fail
 * before the Map Run fails. Results go to S3 because 10,000 accounts' outcomes would not fit in the
 * 256 KiB state payload.
 */
import { pick, resources, stateMachine } from '@stackset-lite/asl-dsl';
import { z } from 'zod';

const Input = z.object({ bucket: z.string(), inventoryKey: z.string(), resultsPrefix: z.string() });
const InventoryRow = z.object({ accountId: z.string(), region: z.string(), owner: z.string() });

const machine = stateMachine({ input: Input, comment: 'Check every account listed in an S3 inventory' });

machine.map('Check accounts', {
  mode: 'DISTRIBUTED',
  executionType: 'EXPRESS',
  itemSchema: InventoryRow,
  itemReader: {
    resource: resources.integration('s3', 'getObject'),
    readerConfig: { inputType: 'CSV', csvHeaderLocation: 'FIRST_ROW' },
    parameters: ({ input }) => ({ Bucket: input.bucket, Key: input.inventoryKey }),
  },
  itemBatcher: { maxItemsPerBatch: 50 },
  maxConcurrency: 100,
  toleratedFailurePercentage: 5,
  label: 'inventory',
  processor: (batch) => {
    batch.task('Check batch', {
      resource: resources.lambdaInvoke(),
      errors: ['Lambda.TooManyRequestsException'],
      outputSchema: z.object({ Payload: z.object({ checked: z.number(), unhealthy: z.array(z.string()) }) }),
      parameters: ({ input }) => ({
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:check-accounts',
        Payload: input,
      }),
      retry: [
        { errors: ['Lambda.TooManyRequestsException'], intervalSeconds: 1, maxAttempts: 3, backoffRate: 2 },
      ],
      resultSelector: ({ result }) => pick(result.Payload, 'checked', 'unhealthy'),
      end: true,
    });
  },
  resultWriter: {
    resource: resources.integration('s3', 'putObject'),
    parameters: ({ input }) => ({ Bucket: input.bucket, Prefix: input.resultsPrefix }),
    writerConfig: { outputType: 'JSONL', transformation: 'COMPACT' },
  },
  resultPath: '$.mapRun',
  next: 'Inventory checked',
});

machine.succeed('Inventory checked');

export default machine;
