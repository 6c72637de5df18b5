import { describe, expect, it } from 'vitest';
import { simulateRollout } from '../src/simulate/simulated-rollout.js';

/**
 * The full-size proof (10,000 accounts × 2 regions with AWS's own limits) is `pnpm -s bench:workflow`;
 * it takes too long for the unit suite. Here: 250 accounts × 2 regions = 500 targets, 1/40 of the full
 * size, with both limits lowered 40× (625 history events, 6,553 payload bytes). The per-execution cost
 * of the DISTRIBUTED machine does not grow with the target count, so it passes; the inline variant
 * (Step Functions Local) does not.
 */
const SCALE = 40;
const limits = { maxHistoryEvents: Math.floor(25_000 / SCALE), maxPayloadBytes: Math.floor(262_144 / SCALE) };

describe(`scale: 500 targets under AWS limits lowered ${SCALE}×`, () => {
  it('the DISTRIBUTED machine stays within every limit and loses nothing', async () => {
    const result = await simulateRollout({ accounts: 250, failRate: 0, stageMode: 'DISTRIBUTED', limits });
    expect(result.execution.status, `${result.execution.error}: ${result.execution.cause}`).toBe('SUCCEEDED');
    expect(result.report?.summary.SUCCEEDED).toBe(500);
    expect(result.execution.maxHistoryEvents).toBeLessThanOrEqual(limits.maxHistoryEvents);
    expect(result.execution.maxPayloadBytes).toBeLessThanOrEqual(limits.maxPayloadBytes);
    expect(result.execution.childExecutions).toBe(500);
    expect(result.execution.transitionsPerInstance).toBeLessThanOrEqual(8);
    expect(result.notifications).toHaveLength(1);
  });

  it('STRICT rounds stay within the same limits', async () => {
    const result = await simulateRollout({
      accounts: 250,
      failRate: 0,
      stageMode: 'DISTRIBUTED',
      limits,
      input: {
        preferences: {
          regionConcurrency: 'PARALLEL',
          maxConcurrentPercentage: 25,
          failureTolerancePercentage: 10,
          concurrencyMode: 'STRICT',
        },
      },
    });
    expect(result.execution.status, `${result.execution.error}: ${result.execution.cause}`).toBe('SUCCEEDED');
    expect(result.report?.summary.SUCCEEDED).toBe(500);
    expect(result.execution.maxHistoryEvents).toBeLessThanOrEqual(limits.maxHistoryEvents);
  });

  it('the INLINE variant cannot hold 500 targets: refused before anything is deployed, naming the limit', async () => {
    // With AWS's own limits (the check uses them, whatever the engine's).
    const result = await simulateRollout({ accounts: 250, failRate: 0, stageMode: 'INLINE' });
    expect(result.execution.status).toBe('FAILED');
    expect(result.execution.error).toBe('InvalidInput');
    expect(result.execution.cause).toMatch(
      /\/targets: 500 targets do not fit the INLINE machine.*25000 events/,
    );
    expect([...result.estate.cloudFormation.allStacks()]).toHaveLength(0);
    expect(result.report).toBeUndefined();
  });
});

describe('INLINE stages at the sizes the issue found broken', () => {
  it('120 accounts × 2 regions: stages run in rounds that fit 256 KiB, every target recorded once', async () => {
    // Before: DeployStage failed with States.DataLimitExceeded after deploying, and no target was reported.
    const result = await simulateRollout({ accounts: 120, failRate: 0.05, stageMode: 'INLINE' });
    expect(result.execution.error ?? 'none').not.toMatch(/DataLimitExceeded|Runtime/);
    expect(result.report?.targets).toHaveLength(240);
    const keys = new Set(result.report?.targets.map((t) => `${t.account}/${t.region}`));
    expect(keys.size).toBe(240);
    expect(result.execution.maxPayloadBytes).toBeLessThanOrEqual(262_144);
    expect(result.execution.maxHistoryEvents).toBeLessThanOrEqual(25_000);
    // Every stack that exists is reported; nothing deployed goes unrecorded.
    const deployed = [...result.estate.cloudFormation.allStacks()].length;
    const attempted = result.report!.targets.filter(
      (t) => t.status !== 'CANCELLED' && t.status !== 'SKIPPED',
    );
    expect(attempted.length).toBe(deployed);
    expect(result.notifications).toHaveLength(1);
  });
});
