import { S3Client } from '@aws-sdk/client-s3';
import { createLogger } from '../shared/logger.js';
import { injectWorkflow } from './inject-workflow.js';
import type { MacroResponse } from './schemas.js';

const logger = createLogger('injectWorkflow');

// Created once per container; adaptive retries back off on S3 throttling.
const s3 = new S3Client({ retryMode: 'adaptive' });

/** Buckets the macro may read workflows from: comma-separated `ALLOWED_BUCKETS`. */
function allowedBuckets(): string[] {
  return (process.env.ALLOWED_BUCKETS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

/**
 * Lambda entry point of the CloudFormation macro that injects an ASL definition from S3 into a
 * template's `AWS::StepFunctions::StateMachine` resource.
 */
export async function handler(event: unknown): Promise<MacroResponse> {
  const response = await injectWorkflow(event, { s3, allowedBuckets: allowedBuckets() });
  const context =
    typeof event === 'object' && event !== null
      ? {
          requestId: response.requestId,
          accountId: 'accountId' in event ? event.accountId : undefined,
          region: 'region' in event ? event.region : undefined,
        }
      : {};
  if (response.status === 'success') logger.info('workflow injected', context);
  else logger.error('workflow injection failed', { ...context, errorMessage: response.errorMessage });
  return response;
}
