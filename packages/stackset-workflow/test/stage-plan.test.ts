import { describe, expect, it } from 'vitest';
import { PreferencesSchema } from '../src/input/rollout-input.js';
import { regionConcurrency, resolveRegionLimits, toleranceExceeded } from '../src/plan/region-limits.js';
import { orderRegions, planStages } from '../src/plan/stage-plan.js';
import { planWaves } from '../src/plan/wave-plan.js';

const accounts = Array.from({ length: 50 }, (_, i) => String(100000000000 + i));
const prefs = (p: object = {}) => PreferencesSchema.parse(p);

describe('waves', () => {
  it('splits [1, "10%", "100%"] of 50 accounts into 1, 4 and 45', () => {
    expect(planWaves(accounts, [1, '10%', '100%']).map((w) => w.length)).toEqual([1, 4, 45]);
  });
  it('drops empty waves and puts forgotten accounts in a final wave', () => {
    expect(planWaves(accounts.slice(0, 3), [1, '1%', 2]).map((w) => w.length)).toEqual([1, 1, 1]);
    expect(planWaves(accounts.slice(0, 3), [5]).map((w) => w.length)).toEqual([3]);
    expect(planWaves([], ['100%'])).toEqual([]);
  });
});

describe('region limits (StackSets rounding)', () => {
  it('rounds percentages down, MaxConcurrent never to 0', () => {
    expect(
      resolveRegionLimits('r', 9, prefs({ maxConcurrentPercentage: 10, failureTolerancePercentage: 10 })),
    ).toEqual({
      region: 'r',
      targets: 9,
      maxConcurrent: 1,
      failureTolerance: 0,
    });
    expect(
      resolveRegionLimits('r', 50, prefs({ maxConcurrentPercentage: 25, failureTolerancePercentage: 10 })),
    ).toMatchObject({
      maxConcurrent: 12,
      failureTolerance: 5,
    });
    expect(resolveRegionLimits('r', 50, prefs())).toMatchObject({ maxConcurrent: 1, failureTolerance: 0 });
  });
  it('STRICT starts at tolerance + 1 and drops with failures; SOFT stays at maxConcurrent', () => {
    const limits = resolveRegionLimits('r', 50, prefs({ maxConcurrentCount: 10, failureToleranceCount: 3 }));
    expect([0, 1, 2, 3].map((f) => regionConcurrency(limits, f, 'STRICT'))).toEqual([4, 3, 2, 1]);
    expect(regionConcurrency(limits, 3, 'SOFT')).toBe(10);
    expect(toleranceExceeded(limits, 3)).toBe(false);
    expect(toleranceExceeded(limits, 4)).toBe(true);
  });
});

describe('stages', () => {
  const targets = accounts.slice(0, 10).flatMap((account) => [
    { account, region: 'eu-west-1' },
    { account, region: 'us-east-1' },
  ]);
  it('visits regionOrder first', () => {
    expect(orderRegions(['eu-west-1', 'us-east-1', 'ap-south-1'], ['us-east-1'])).toEqual([
      'us-east-1',
      'eu-west-1',
      'ap-south-1',
    ]);
  });
  it('SEQUENTIAL: one stage per wave and region, waves outermost, every target once', () => {
    const plan = planStages(targets, ['us-east-1', 'eu-west-1'], prefs({ waves: [1, '100%'] }));
    expect(plan.stages.map((s) => [s.wave, s.regions.join(), s.targets.length])).toEqual([
      [1, 'us-east-1', 1],
      [1, 'eu-west-1', 1],
      [2, 'us-east-1', 9],
      [2, 'eu-west-1', 9],
    ]);
    const all = plan.stages.flatMap((s) => s.targets.map((t) => `${t.account}/${t.region}`));
    expect(new Set(all).size).toBe(20);
  });
  it('PARALLEL: one stage per wave, regions interleaved', () => {
    const plan = planStages(targets, ['us-east-1', 'eu-west-1'], prefs({ regionConcurrency: 'PARALLEL' }));
    expect(plan.stages).toHaveLength(1);
    expect(plan.stages[0]?.targets.slice(0, 2).map((t) => t.region)).toEqual(['us-east-1', 'eu-west-1']);
  });
});
