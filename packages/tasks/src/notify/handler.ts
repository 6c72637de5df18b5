import type { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { type AwsClients, createAwsClients } from '../shared/aws-clients.js';
import { callAws } from '../shared/aws-error.js';
import { partitionOfRegion } from '../shared/aws-partitions.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { InvalidInput } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { parseEvent } from '../shared/parse-event.js';
import { readS3ObjectText } from '../shared/s3-object-text.js';
import { renderNotification, SNS_MESSAGE_LIMIT_BYTES } from './notification-message.js';
import { buildOperationReport } from './operation-report.js';
import { NotifyInput, type NotifyOutput, TargetResult } from './schemas.js';

/** What notify depends on; every field has a real default. */
export interface NotifyDeps {
  clients: AwsClients;
  logger: Logger;
  clock: Clock;
  /** Message size limit (tests lower it). @default 262 144 (SNS) */
  messageLimitBytes: number;
  /**
   * The orchestrator's own account: notify publishes only to a topic of it. @default the account of the
   * invoked function's ARN (Lambda context), else ORCHESTRATOR_ACCOUNT_ID
   */
  accountId: string | undefined;
}

/** The part of the Lambda context notify reads. */
export interface NotifyContext {
  readonly invokedFunctionArn?: string;
}

/** Builds the notify handler over the given dependencies (defaults: real AWS clients). */
export function createNotifyHandler(overrides: Partial<NotifyDeps> = {}) {
  const deps: NotifyDeps = {
    clients: overrides.clients ?? createAwsClients(),
    logger: overrides.logger ?? createLogger('notify'),
    clock: overrides.clock ?? systemClock,
    messageLimitBytes: overrides.messageLimitBytes ?? SNS_MESSAGE_LIMIT_BYTES,
    accountId: overrides.accountId ?? process.env.ORCHESTRATOR_ACCOUNT_ID,
  };
  return async function notify(event: unknown, context?: NotifyContext): Promise<NotifyOutput> {
    const input = parseEvent(NotifyInput, event, 'notify');
    const [, partition, , topicRegion = 'us-east-1', topicAccount] = input.topicArn.split(':');
    const own = deps.accountId ?? context?.invokedFunctionArn?.split(':')[4];
    if (!own) {
      throw new Error(
        'notify does not know its own account (no Lambda context and no ORCHESTRATOR_ACCOUNT_ID): refusing to publish',
      );
    }
    if (topicAccount !== own) {
      // The orchestrator role may publish to its own topic only; another account's topic would
      // receive the report of every target (and be denied anyway): refuse before writing anything.
      throw new InvalidInput(
        `notify received an invalid event: /topicArn: the topic is in account ${topicAccount}, not the orchestrator's ${own}`,
        [{ path: '/topicArn', message: `the topic must be in the orchestrator's account ${own}` }],
      );
    }
    if (input.reportRegion && partitionOfRegion(input.reportRegion)?.id !== partition) {
      throw new InvalidInput(
        `notify received an invalid event: /reportRegion: ${input.reportRegion} is not in the topic's partition ${partition}`,
        [{ path: '/reportRegion', message: `must be a region of partition ${partition}` }],
      );
    }
    const s3 = deps.clients.s3({ region: input.reportRegion ?? topicRegion });
    const results = input.results ?? (await readResults(s3, input.resultsLocation!));

    const report = buildOperationReport(input.operation, results, new Date(deps.clock.now()));
    const executionName = (input.operation.executionId.split(':').pop() ?? 'execution').replace(
      /[^\w.-]/g,
      '_',
    );
    const location = {
      bucket: input.reportBucket,
      key: `${input.reportKeyPrefix}${executionName}/report.json`,
    };
    await callAws('s3:PutObject', () =>
      s3.send(
        new PutObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
          Body: JSON.stringify(report),
          ContentType: 'application/json',
        }),
      ),
    );
    const { subject, message, omittedLines } = renderNotification(report, location, deps.messageLimitBytes, {
      ...(input.outcome !== undefined && { outcome: input.outcome }),
      ...(input.instanceStatusChanges && { instanceStatusChanges: input.instanceStatusChanges }),
    });
    const published = await callAws('sns:Publish', () =>
      deps.clients
        .sns({ region: topicRegion })
        .send(new PublishCommand({ TopicArn: input.topicArn, Subject: subject, Message: message })),
    );
    deps.logger.info('operation notified', {
      operation: input.operation.name,
      total: report.total,
      omittedLines,
      report: `s3://${location.bucket}/${location.key}`,
    });
    return {
      messageId: published.MessageId ?? '',
      subject,
      report: location,
      counts: report.counts,
      omittedLines,
    };
  };
}

async function readResults(
  s3: ReturnType<AwsClients['s3']>,
  location: { bucket: string; key: string },
): Promise<TargetResult[]> {
  const where = `s3://${location.bucket}/${location.key}`;
  const text = await readS3ObjectText(s3, location, {
    missing: 'notify: no results',
    unreadable: 'notify: cannot read results at',
    inputPath: '/resultsLocation',
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidInput(`notify: results at ${where} are not JSON`, [
      { path: '/resultsLocation', message: 'not JSON' },
    ]);
  }
  const parsed = z.array(TargetResult).safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((issue) => ({
      path: `/${issue.path.map(String).join('/')}`,
      message: issue.message,
    }));
    throw new InvalidInput(
      `notify: results at ${where} are not target results: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return parsed.data;
}

/** The Lambda entry point, wired to real AWS. */
export const handler = createNotifyHandler();
