import { describe, expect, it } from 'vitest';
import { parseRolloutInput } from '../src/input/parse-rollout-input.js';
import type { RolloutInputDocument } from '../src/input/rollout-input.js';
import type { TemplateInspector } from '../src/plan/template-check.js';
import type { RolloutReport } from '../src/report/rollout-report.js';
import { MemoryObjectStore } from '../src/store/object-store.js';
import { createAggregateResultsHandler } from '../src/tasks/aggregate-results.js';
import { createPlanRolloutHandler } from '../src/tasks/plan-rollout.js';
import { createRecordStageHandler } from '../src/tasks/record-stage.js';
import type { RolloutCursor } from '../src/tasks/rollout-cursor.js';

const accounts = Array.from({ length: 6 }, (_, i) => String(200000000000 + i));
const operation = { name: 'op', executionId: 'exec-1', action: 'DEPLOY' as const };
/** These tests plan without a template URL in the stack: CloudFormation is never asked. */
const needsNothing: TemplateInspector = async () => {
  throw new Error('no template to inspect');
};

function input(preferences: RolloutInputDocument['preferences'], extra: Partial<RolloutInputDocument> = {}) {
  return parseRolloutInput({
    stackName: 'stackset-lite-bucket',
    template: { url: 'https://acme-templates.s3.amazonaws.com/b.yaml' },
    targets: { accounts, regions: ['eu-west-1', 'us-east-1'] },
    preferences,
    ...extra,
  });
}

function listed(skip: string[] = []) {
  return {
    storage: 'INLINE' as const,
    targets: accounts.flatMap((accountId) =>
      ['eu-west-1', 'us-east-1'].map((region, regionIndex) => ({
        accountId,
        region,
        regionIndex,
        status: skip.includes(accountId) ? ('SKIPPED' as const) : ('PENDING' as const),
        ...(skip.includes(accountId) && { reason: 'account is SUSPENDED' }),
      })),
    ),
  };
}

/** Runs the rollout's stages with a fake per-target outcome, the way the machine loops. */
async function runRollout(
  rolloutInput: ReturnType<typeof input>,
  outcome: (account: string, region: string) => 'ok' | 'fail',
  skip: string[] = [],
) {
  const store = new MemoryObjectStore();
  const plan = createPlanRolloutHandler({ store, inspectTemplate: needsNothing });
  const record = createRecordStageHandler({ store });
  const aggregate = createAggregateResultsHandler({ store });
  let cursor: RolloutCursor = await plan({
    input: rolloutInput,
    targets: listed(skip),
    stack: { capabilities: [] },
    runId: 'run1',
    bucket: 'work',
  });
  const concurrency: number[] = [];
  while (cursor.next) {
    concurrency.push(cursor.next.maxConcurrency);
    const items = JSON.parse(await store.getText('work', cursor.next.itemsKey)) as {
      accountId: string;
      region: string;
    }[];
    const childOutputs = items.map((target) =>
      outcome(target.accountId, target.region) === 'ok'
        ? {
            target,
            deploy: { outcome: 'STARTED' },
            poll: { progress: 'SUCCEEDED', stackStatus: 'CREATE_COMPLETE' },
          }
        : {
            target,
            deploy: { outcome: 'STARTED' },
            poll: {
              progress: 'FAILED',
              stackStatus: 'ROLLBACK_COMPLETE',
              rootCause: {
                logicalResourceId: 'Bucket',
                resourceType: 'AWS::S3::Bucket',
                status: 'CREATE_FAILED',
                reason: 'exists',
              },
            },
          },
    );
    cursor = await record({ rollout: cursor, stageRun: childOutputs });
  }
  const outcomeResult = await aggregate({
    rollout: cursor,
    operation,
    notify: { topicArn: 'arn:aws:sns:eu-west-1:111111111111:t', reportBucket: 'work' },
  });
  const report = JSON.parse(await store.getText('work', outcomeResult.report.key)) as RolloutReport;
  return { outcome: outcomeResult, report, concurrency, store };
}

describe('rollout tasks (plan → record stages → aggregate)', () => {
  it('deploys every target once and succeeds; skipped accounts are reported SKIPPED', async () => {
    const { outcome, report } = await runRollout(input({ waves: [1, '100%'] }), () => 'ok', [accounts[5]!]);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(report.targets).toHaveLength(12);
    expect(outcome.summary).toEqual({ SUCCEEDED: 10, NO_CHANGES: 0, FAILED: 0, SKIPPED: 2, CANCELLED: 0 });
    expect(report.targets.find((t) => t.account === accounts[5])?.reason).toBe('account is SUSPENDED');
  });

  it('stops after the stage that passes the tolerance and cancels the rest', async () => {
    const { outcome, report } = await runRollout(input({ waves: [2, '100%'], maxConcurrentCount: 3 }), (a) =>
      a === accounts[1] ? 'fail' : 'ok',
    );
    expect(outcome.status).toBe('FAILED');
    expect(outcome.cause).toBe('region eu-west-1 passed its failure tolerance: 1 failed, 0 tolerated');
    // wave 1: eu-west-1 (2 targets, one fails) → stop; us-east-1 and wave 2 are cancelled.
    expect(outcome.summary).toEqual({ SUCCEEDED: 1, NO_CHANGES: 0, FAILED: 1, SKIPPED: 0, CANCELLED: 10 });
    const failed = report.targets.find((t) => t.status === 'FAILED');
    expect(failed).toMatchObject({
      account: accounts[1],
      region: 'eu-west-1',
      rootCause: 'Bucket (AWS::S3::Bucket): exists',
    });
    expect(report.targets.find((t) => t.status === 'CANCELLED')?.reason).toMatch(
      /eu-west-1 passed its failure tolerance/,
    );
  });

  it('STRICT lowers concurrency to the remaining tolerance; SOFT keeps maxConcurrent', async () => {
    const prefs = { maxConcurrentCount: 5, failureToleranceCount: 2, waves: [2, '100%'] };
    const fail = (a: string) => (a === accounts[0] ? 'fail' : 'ok');
    const strict = await runRollout(input({ ...prefs, concurrencyMode: 'STRICT' }), fail);
    const soft = await runRollout(input({ ...prefs, concurrencyMode: 'SOFT' }), fail);
    // STRICT runs rounds of `concurrency` targets: the second wave goes 2 at a time in each region.
    expect(strict.concurrency).toEqual([2, 2, 2, 2, 2, 2]);
    expect(soft.concurrency).toEqual([2, 2, 4, 4]);
    expect(strict.outcome.status).toBe('SUCCEEDED');
  });

  it.each([
    // The Map Run failed after its children ran: their stacks may have deployed, the outcome is unknown.
    [
      'States.ResultWriterFailed',
      { FAILED: 6, CANCELLED: 6 },
      /^outcome unknown: the stage's Map Run failed/,
    ],
    // Its items could not be read: nothing was attempted in that stage.
    [
      'States.ItemReaderFailed',
      { FAILED: 0, CANCELLED: 12 },
      /^not attempted: the stage's items could not be read/,
    ],
  ] as const)('targets with no child result after %s are never lost', async (error, summary, reason) => {
    const store = new MemoryObjectStore();
    let cursor = await createPlanRolloutHandler({ store, inspectTemplate: needsNothing })({
      input: input({ concurrencyMode: 'SOFT' }),
      targets: listed(),
      stack: { capabilities: [] },
      runId: 'r',
      bucket: 'work',
    });
    cursor = await createRecordStageHandler({ store })({
      rollout: cursor,
      stageRun: { Error: error, Cause: 'boom' },
    });
    const ledger = JSON.parse(await store.getText('work', 'runs/r/ledger.json')) as {
      results: { reason?: string }[];
    };
    expect(ledger.results[0]?.reason).toMatch(reason);
    // Whatever follows, aggregate reports every target once.
    while (cursor.next)
      cursor = await createRecordStageHandler({ store })({ rollout: cursor, stageRun: { Error: error } });
    const out = await createAggregateResultsHandler({ store })({
      rollout: cursor,
      operation,
      notify: { topicArn: 't', reportBucket: 'work' },
    });
    expect(out.summary).toMatchObject(summary);
    expect(out.targetCount).toBe(12);
  });

  it('DELETE with retainStacks runs no stage and reports every target retained', async () => {
    const { outcome, report, concurrency } = await runRollout(
      input({}, { operation: 'DELETE', retainStacks: true, template: undefined }),
      () => 'fail',
    );
    expect(concurrency).toEqual([]);
    expect(outcome.summary.SUCCEEDED).toBe(12);
    expect(report.targets[0]?.reason).toMatch(/retained/);
  });

  it('STRICT rounds never number more than MAX_ROUNDS, whatever the estate size', async () => {
    const store = new MemoryObjectStore();
    const many = Array.from({ length: 3_000 }, (_, i) => String(300000000000 + i));
    const cursor = await createPlanRolloutHandler({ store, inspectTemplate: needsNothing })({
      input: parseRolloutInput({
        stackName: 'stackset-lite-bucket',
        template: { url: 'https://acme-templates.s3.amazonaws.com/b.yaml' },
        targets: { accounts: many, regions: ['eu-west-1'] },
      }),
      targets: {
        storage: 'INLINE',
        targets: many.map((accountId) => ({
          accountId,
          region: 'eu-west-1',
          regionIndex: 0,
          status: 'PENDING',
        })),
      },
      stack: { capabilities: [] },
      runId: 'big',
      bucket: 'work',
    });
    // Concurrency 1 (STRICT, no tolerance), but rounds of ceil(3,000 / 1,000) = 3 targets.
    expect(cursor.next).toMatchObject({ offset: 0, count: 3, maxConcurrency: 1 });
    expect(JSON.parse(await store.getText('work', cursor.next!.itemsKey))).toHaveLength(3);
  });
});
