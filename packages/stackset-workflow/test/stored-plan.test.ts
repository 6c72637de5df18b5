import { describe, expect, it } from 'vitest';
import { parseRolloutInput } from '../src/input/parse-rollout-input.js';
import type { TemplateInspector } from '../src/plan/template-check.js';
import { MemoryObjectStore } from '../src/store/object-store.js';
import { createAggregateResultsHandler } from '../src/tasks/aggregate-results.js';
import { createPlanRolloutHandler } from '../src/tasks/plan-rollout.js';
import { createRecordStageHandler } from '../src/tasks/record-stage.js';
import { runKeys } from '../src/tasks/rollout-cursor.js';
import { type StoredPlan, StoredPlanSchema } from '../src/tasks/stored-plan.js';

// The plan planRollout writes to S3 is read back by recordStage and aggregateResults in later Lambda
// invocations: a boundary. An object truncated, edited by hand or written by another version must be
// refused naming the S3 object and the field, not crash inside the task or total the wrong targets.

const accounts = Array.from({ length: 3 }, (_, i) => String(200000000000 + i));
const regions = ['eu-west-1', 'us-east-1'];
const planKey = runKeys.plan('run1');
const needsNothing: TemplateInspector = async () => {
  throw new Error('no template to inspect');
};

/** Plans a 3 accounts × 2 regions rollout in waves of 1 and 100%: four stages. */
async function planned() {
  const store = new MemoryObjectStore();
  const cursor = await createPlanRolloutHandler({ store, inspectTemplate: needsNothing })({
    input: parseRolloutInput({
      stackName: 'stackset-lite-bucket',
      template: { url: 'https://acme-templates.s3.amazonaws.com/b.yaml' },
      targets: { accounts, regions },
      preferences: { waves: [1, '100%'], maxConcurrentCount: 10 },
    }),
    targets: {
      storage: 'INLINE',
      targets: accounts.flatMap((accountId) =>
        regions.map((region, regionIndex) => ({ accountId, region, regionIndex, status: 'PENDING' })),
      ),
    },
    stack: { capabilities: [] },
    runId: 'run1',
    bucket: 'work',
  });
  const stored = JSON.parse(await store.getText('work', planKey)) as StoredPlan;
  return { store, cursor, stored };
}

/** recordStage and aggregateResults after the plan object was replaced by `body`. */
async function readersOf(body: string) {
  const { store, cursor } = await planned();
  await store.putText('work', planKey, body);
  const record = createRecordStageHandler({ store })({ rollout: cursor, stageRun: [] });
  const aggregate = createAggregateResultsHandler({ store })({
    rollout: cursor,
    operation: { name: 'op', executionId: 'exec-1', action: 'DEPLOY' },
    notify: { topicArn: 'arn:aws:sns:eu-west-1:111111111111:t', reportBucket: 'work' },
  });
  return { record, aggregate };
}

/** Both readers refuse the object with one error naming it and every pattern given. */
async function expectRefused(body: string, ...says: RegExp[]) {
  const { record, aggregate } = await readersOf(body);
  for (const reading of [record, aggregate]) {
    const error = await reading.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const { name, message } = error as Error;
    expect(name).toBe('MalformedStoredObject');
    expect(message).toContain(`s3://work/${planKey}`);
    for (const pattern of says) expect(message).toMatch(pattern);
  }
}

describe('the stored plan, read back from S3', () => {
  it('round-trips: what planRollout stored parses to itself', async () => {
    const { stored } = await planned();
    expect(stored.stages).toHaveLength(4);
    expect(StoredPlanSchema.parse(stored)).toEqual(stored);
  });

  it('a plan written before minRoundSize and maxInlineRoundSize existed still reads', async () => {
    const { stored } = await planned();
    const { minRoundSize: _, maxInlineRoundSize: __, ...older } = stored;
    const { aggregate } = await readersOf(JSON.stringify(older));
    // No stage was recorded: every planned target is accounted for, CANCELLED.
    expect((await aggregate).summary).toMatchObject({ SUCCEEDED: 0, CANCELLED: 6 });
  });

  it('a missing field: the S3 object and the field’s JSON pointer', async () => {
    const { stored } = await planned();
    const { firstPollSeconds: _, ...missing } = stored;
    await expectRefused(JSON.stringify(missing), /\/firstPollSeconds: /);
    const noTargets = structuredClone(stored) as { stages: { targets?: unknown }[] };
    delete noTargets.stages[1]!.targets;
    // Before, recordStage crashed here with a TypeError (reading 'slice' of undefined).
    await expectRefused(JSON.stringify(noTargets), /\/stages\/1\/targets: /);
  });

  it('a wrong type: the JSON pointer of the value', async () => {
    const { stored } = await planned();
    const wrong = structuredClone(stored) as unknown as { stages: { targets: { account: unknown }[] }[] };
    wrong.stages[2]!.targets[0]!.account = 200000000002;
    await expectRefused(JSON.stringify(wrong), /\/stages\/2\/targets\/0\/account: .*string/);
  });

  it('an older or foreign shape: regions as names, targets as listTargets items', async () => {
    const { stored } = await planned();
    await expectRefused(JSON.stringify({ ...stored, regions }), /\/regions\/0: /, /\/regions\/1: /);
    const items = {
      ...stored,
      stages: stored.stages.map((s) => ({
        ...s,
        targets: s.targets.map((t) => ({ accountId: t.account, region: t.region })),
      })),
    };
    await expectRefused(JSON.stringify(items), /\/stages\/0\/targets\/0\/account: /);
  });

  it('a truncated object: not JSON, naming the object', async () => {
    const { stored } = await planned();
    const text = JSON.stringify(stored);
    await expectRefused(text.slice(0, text.length / 2), /is not JSON .*truncated/);
  });

  it('well typed but inconsistent: refused instead of recording or totalling the wrong targets', async () => {
    const { stored } = await planned();
    // Stages swapped: recordStage would have recorded stage 1's targets as stage 0's.
    const swapped = { ...stored, stages: [stored.stages[1], stored.stages[0], ...stored.stages.slice(2)] };
    await expectRefused(JSON.stringify(swapped), /\/stages\/0\/index: expected 0, got 1/);
    // A target planned twice would be totalled once.
    const twice = structuredClone(stored);
    twice.stages[2]!.targets.push(twice.stages[0]!.targets[0]!);
    await expectRefused(
      JSON.stringify(twice),
      /\/stages\/2\/targets\/\d+: target \d{12}\/eu-west-1 is already in stage 0/,
    );
    // A region without limits would run with no concurrency.
    const unlimited = { ...stored, regions: stored.regions.slice(0, 1) };
    await expectRefused(JSON.stringify(unlimited), /\/stages\/1\/regions\/0: region us-east-1 has no limits/);
    // A target outside its stage's regions.
    const astray = structuredClone(stored);
    astray.stages[0]!.targets[0]!.region = 'us-east-1';
    await expectRefused(
      JSON.stringify(astray),
      /\/stages\/0\/targets\/0\/region: us-east-1 is not one of the stage's regions/,
    );
  });
});
