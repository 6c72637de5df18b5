import {
  createNotifyHandler,
  createSilentLogger,
  type NotifyEvent,
  type TargetResult,
} from '@stackset-lite/tasks';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let estate: SimulatedEstate;
let notify: ReturnType<typeof createNotifyHandler>;
beforeEach(() => {
  estate = new SimulatedEstate().install();
  notify = createNotifyHandler({
    logger: createSilentLogger(),
    clock: estate.clock,
    accountId: '111111111111',
  });
});
afterEach(() => estate.uninstall());

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:stackset-lite';
const account = (n: number) => String(200_000_000_000 + n);

function event(results: TargetResult[], overrides: Partial<NotifyEvent> = {}): NotifyEvent {
  return {
    operation: {
      name: 'baseline',
      executionId: 'arn:aws:states:eu-west-1:111111111111:execution:ssl:run-7',
      action: 'DEPLOY',
    },
    results,
    topicArn: TOPIC,
    reportBucket: 'ssl-reports',
    ...overrides,
  };
}

const bucketTaken = {
  logicalResourceId: 'Bucket',
  resourceType: 'AWS::S3::Bucket',
  status: 'CREATE_FAILED',
  reason: 'my-bucket already exists',
};

describe('notify', () => {
  it('sends one message with counts, waves, regions, failures grouped by cause, and successes', async () => {
    const results: TargetResult[] = [
      { accountId: account(1), region: 'eu-west-1', wave: 1, status: 'SUCCEEDED' },
      { accountId: account(2), region: 'eu-west-1', wave: 1, status: 'NO_CHANGES' },
      { accountId: account(3), region: 'eu-west-1', wave: 2, status: 'FAILED', rootCause: bucketTaken },
      {
        accountId: account(4),
        region: 'us-east-1',
        wave: 2,
        status: 'NEEDS_INTERVENTION',
        rootCause: bucketTaken,
      },
      {
        accountId: account(5),
        region: 'us-east-1',
        wave: 2,
        status: 'FAILED',
        reason: `cannot assume arn:aws:iam::${account(5)}:role/deploy: AccessDenied`,
      },
      {
        accountId: account(6),
        region: 'us-east-1',
        wave: 3,
        status: 'FAILED',
        reason: `cannot assume arn:aws:iam::${account(6)}:role/deploy: AccessDenied`,
      },
      { accountId: account(7), region: 'us-east-1', status: 'SKIPPED', reason: 'account is SUSPENDED' },
    ];
    const out = await notify(event(results));
    expect(estate.sns.messages).toHaveLength(1);
    const sent = estate.sns.messages[0]!;
    expect(sent.topicArn).toBe(TOPIC);
    expect(sent.subject).toBe('stackset-lite baseline DEPLOY: 4 failed, 2 ok of 7');
    expect(out.counts).toMatchObject({
      SUCCEEDED: 1,
      NO_CHANGES: 1,
      FAILED: 3,
      NEEDS_INTERVENTION: 1,
      SKIPPED: 1,
    });
    const body = sent.message;
    expect(body).toContain('Full JSON report: s3://ssl-reports/stackset-lite/reports/run-7/report.json');
    expect(body).toContain(
      'Totals: 7 targets: SUCCEEDED 1, NO_CHANGES 1, FAILED 3, NEEDS_INTERVENTION 1, SKIPPED 1',
    );
    expect(body).toContain('  wave 2: FAILED 2, NEEDS_INTERVENTION 1');
    expect(body).toContain('  us-east-1: FAILED 2, NEEDS_INTERVENTION 1, SKIPPED 1');
    // One line per cause, with the accounts it hit; the assume-role failures group across accounts.
    expect(body).toContain(
      `  - AWS::S3::Bucket Bucket CREATE_FAILED: my-bucket already exists -- 2 targets: ${account(3)}/eu-west-1, ${account(4)}/us-east-1`,
    );
    expect(body).toContain(
      `  - cannot assume arn:aws:iam::<account>:role/deploy: AccessDenied -- 2 targets: ${account(5)}/us-east-1, ${account(6)}/us-east-1`,
    );
    expect(body).toContain(`  eu-west-1: ${account(1)}, ${account(2)} (no changes)`);
    expect(out.omittedLines).toBe(0);
    const report = estate.s3.getJson('ssl-reports', 'stackset-lite/reports/run-7/report.json') as {
      results: unknown[];
    };
    expect(report.results).toHaveLength(7);
  });

  it('stays under 256 KiB for 20,000 targets, saying how much was left out, with the full report in S3', async () => {
    const results: TargetResult[] = [];
    for (let i = 0; i < 10_000; i++) {
      for (const region of ['eu-west-1', 'us-east-1']) {
        results.push(
          i % 500 === 0
            ? { accountId: account(i), region, status: 'FAILED', reason: `throttled in ${region}` }
            : { accountId: account(i), region, status: 'SUCCEEDED' },
        );
      }
    }
    const out = await notify(event(results));
    const sent = estate.sns.messages[0]!;
    expect(Buffer.byteLength(sent.message, 'utf8')).toBeLessThanOrEqual(262_144);
    expect(out.omittedLines).toBeGreaterThan(0);
    expect(sent.message).toMatch(new RegExp(`\\.\\.\\. ${out.omittedLines} more lines left out`));
    // Failures come before successes, so they survive the cut.
    expect(sent.message).toContain('throttled in eu-west-1 -- 20 targets');
    const report = estate.s3.getJson('ssl-reports', 'stackset-lite/reports/run-7/report.json') as {
      total: number;
    };
    expect(report.total).toBe(20_000);
  });

  it('keeps the Subject under 100 printable ASCII characters', async () => {
    const name = `${'very-long-operation-name-'.repeat(4)}ünïcode`;
    const out = await notify(
      event([{ accountId: account(1), region: 'eu-west-1', status: 'SUCCEEDED' }], {
        operation: { name, executionId: 'run', action: 'DELETE' },
      }),
    );
    expect(out.subject.length).toBeLessThan(100);
    expect(out.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(estate.sns.messages[0]!.subject).toBe(out.subject);
  });

  it('reads results from S3 and names a bad one', async () => {
    estate.s3.put(
      'ssl-results',
      'r.json',
      JSON.stringify([{ accountId: account(1), region: 'eu-west-1', status: 'SUCCEEDED' }]),
    );
    const ok = await notify(
      event([], { results: undefined, resultsLocation: { bucket: 'ssl-results', key: 'r.json' } }),
    );
    expect(ok.counts.SUCCEEDED).toBe(1);
    estate.s3.put(
      'ssl-results',
      'bad.json',
      JSON.stringify([{ accountId: 'x', region: 'eu-west-1', status: 'DONE' }]),
    );
    await expect(
      notify(event([], { results: undefined, resultsLocation: { bucket: 'ssl-results', key: 'bad.json' } })),
    ).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringMatching(/bad\.json.*\/0\/accountId.*\/0\/status/),
    });
  });

  it('rejects an event with both or neither of results and resultsLocation, and a bad topic', async () => {
    const error = await notify({ ...event([]), results: undefined, topicArn: 'not-an-arn' }).catch(
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ name: 'InvalidInput' });
    expect((error as Error).message).toContain('/topicArn');
    expect((error as Error).message).toContain('/results');
  });

  it('surfaces SNS throttling as Throttled', async () => {
    estate.faults.throttle({ service: 'sns', times: 1 });
    await expect(notify(event([]))).rejects.toMatchObject({ name: 'Throttled' });
  });
});
