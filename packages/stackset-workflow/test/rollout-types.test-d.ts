import { type PathRef, ref } from '@stackset-lite/asl-dsl';
import type { DeployStackOutput, PollStackOutput } from '@stackset-lite/tasks';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { RolloutInput, RolloutInputDocument } from '../src/input/rollout-input.js';
import type { RegionLimits } from '../src/plan/region-limits.js';
import type { Stage, StagePlan } from '../src/plan/stage-plan.js';
import type { RolloutCursorSchema } from '../src/tasks/rollout-cursor.js';
import type { StoredPlan } from '../src/tasks/stored-plan.js';

// The machine's states take their types from these schemas (through `after`): references into them.
type Polled = { poll: z.output<typeof PollStackOutput>; deploy: z.output<typeof DeployStackOutput> };
type Cursor = { rollout: z.output<typeof RolloutCursorSchema> };

describe('typed rollout data', () => {
  it('the input document types its preferences as StackSets defines them', () => {
    expectTypeOf<RolloutInput['preferences']['concurrencyMode']>().toEqualTypeOf<'STRICT' | 'SOFT'>();
    expectTypeOf<RolloutInput['preferences']['waves']>().toEqualTypeOf<(number | string)[]>();
    const ok: RolloutInputDocument = {
      stackName: 'stackset-lite-x',
      targets: { accounts: ['111111111111'], regions: ['eu-west-1'] },
    };
    expectTypeOf(ok.operation).toEqualTypeOf<'DEPLOY' | 'DELETE' | undefined>();
    // @ts-expect-error concurrencyMode is STRICT or SOFT
    const bad: RolloutInputDocument = { ...ok, preferences: { concurrencyMode: 'LOOSE' } };
    void bad;
  });

  it('state references follow the tasks’ schemas', () => {
    expectTypeOf(ref<Polled>()((i) => i.poll.nextPollSeconds)).toEqualTypeOf<PathRef<number>>();
    expectTypeOf(ref<Polled>()((i) => i.deploy.outcome)).toEqualTypeOf<
      PathRef<'STARTED' | 'CHANGE_SET_CREATED' | 'NO_CHANGES' | 'BUSY' | 'FAILED' | 'SKIPPED'>
    >();
    // @ts-expect-error pollStack returns nextPollSeconds, not nextPoll
    ref<Polled>()((i) => i.poll.nextPoll);
    // @ts-expect-error the cursor's next stage has no `size`
    ref<Cursor>()((i) => i.rollout.next.size);
  });

  it('the stored plan’s schema is the planner’s types (neither can change alone)', () => {
    expectTypeOf<StoredPlan['stages'][number]>().toEqualTypeOf<Stage>();
    expectTypeOf<StoredPlan['regions'][number]>().toEqualTypeOf<RegionLimits>();
    expectTypeOf<Pick<StoredPlan, keyof StagePlan>>().toEqualTypeOf<StagePlan>();
    expectTypeOf<Omit<StoredPlan, keyof StagePlan>>().toEqualTypeOf<{
      firstPollSeconds: number;
      minRoundSize?: number | undefined;
      maxInlineRoundSize?: number | undefined;
    }>();
  });
});
