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

  it('the INLINE variant passes those limits (why AWS runs the DISTRIBUTED one)', async () => {
    const result = await simulateRollout({ accounts: 250, failRate: 0, stageMode: 'INLINE', limits });
    expect(result.execution.status).toBe('FAILED');
    expect(result.execution.error).toMatch(/States\.(DataLimitExceeded|Runtime)/);
  });
});
