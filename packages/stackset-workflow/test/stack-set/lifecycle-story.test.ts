import { describe, expect, it } from 'vitest';
import { runLifecycleStory } from '../../src/simulate/lifecycle-story.js';

describe('the lifecycle story (simulate --story lifecycle)', () => {
  it('passes its nine checks, in order, each computed from the store and the simulated estate', async () => {
    const result = await runLifecycleStory();
    for (const step of result.steps) console.log(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name}: ${step.detail}`);
    expect(result.steps.map((s) => s.name)).toEqual([
      'initial-deploy',
      'auto-deploy-new-accounts',
      'update-marks-outdated-then-current',
      'second-operation-queued',
      'drift-detected',
      'account-removed',
      'graceful-stop',
      'import-existing-stack',
      'per-region-override-persisted',
    ]);
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(result.ok).toBe(true);
  }, 120_000);
});
