import { describe, expect, it } from 'vitest';
import {
  HISTORY_LIMIT_EVENTS,
  INLINE_EVENTS_PER_TARGET,
  inlineCapacity,
  PAYLOAD_LIMIT_BYTES,
} from '../src/plan/inline-capacity.js';

const typical = { inputBytes: 600, stackBytes: 400, largestItemBytes: 150, stages: 3 };

describe('what an INLINE run can hold', () => {
  it('splits stages into rounds whose items and results fit 256 KiB', () => {
    const capacity = inlineCapacity({ ...typical, targets: 300 });
    if (!capacity.fits) throw new Error(JSON.stringify(capacity.problems));
    const perTarget = 2 * typical.largestItemBytes + typical.stackBytes + 1_536;
    expect(capacity.maxRoundSize * perTarget).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    expect(capacity.maxRoundSize).toBeGreaterThan(50);
  });

  it('refuses a run whose targets cannot fit one 25,000-event history, saying how many would', () => {
    const most = Math.floor(HISTORY_LIMIT_EVENTS / INLINE_EVENTS_PER_TARGET);
    const capacity = inlineCapacity({ ...typical, targets: most + 50 });
    expect(capacity.fits).toBe(false);
    if (capacity.fits) return;
    expect(capacity.problems).toEqual([
      {
        pointer: '/targets',
        message: expect.stringMatching(
          /do not fit the INLINE machine.*25000 events.*at most about \d+ targets/,
        ),
      },
    ]);
  });

  it('refuses a stack whose parameters alone overflow a stage, naming them', () => {
    const capacity = inlineCapacity({ ...typical, stackBytes: 300_000, targets: 2 });
    expect(capacity).toMatchObject({
      fits: false,
      problems: [{ pointer: '/parameters', message: expect.stringContaining('262144-byte (256 KiB)') }],
    });
  });
});
