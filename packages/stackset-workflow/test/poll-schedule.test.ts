import { describe, expect, it } from 'vitest';
import { learnFirstPollSeconds, pollTime } from '../src/plan/poll-schedule.js';

const backoff = { initialSeconds: 5, multiplier: 1.5, maxSeconds: 30 };

describe('learned first-poll delay', () => {
  it('replays the poll schedule pollStack follows', () => {
    // First poll at 30 s, then 5, 8 (7.5 rounded), 11, 17 s later.
    expect([0, 1, 2, 3, 4].map((i) => pollTime(i, { firstPollSeconds: 30, backoff }))).toEqual([
      30, 35, 43, 54, 71,
    ]);
  });

  it('moves the first poll to the middle of the bracket where stacks settled', () => {
    // A 60 s stack polled from 30 s is seen settled at the 5th poll (71 s): it ended within 54..71 s.
    expect(learnFirstPollSeconds([{ firstPollSeconds: 30, polls: 5, backoff }], 30)).toBe(63);
  });

  it('keeps the delay when every stack settled at its first poll (only an upper bound is known)', () => {
    expect(learnFirstPollSeconds([{ firstPollSeconds: 63, polls: 1, backoff }], 63)).toBe(63);
    expect(learnFirstPollSeconds([], 30)).toBe(30);
  });

  it('takes the median, so a few slow stacks do not delay everyone', () => {
    const samples = [5, 5, 5, 9].map((polls) => ({ firstPollSeconds: 30, polls, backoff }));
    expect(learnFirstPollSeconds(samples, 30)).toBe(63);
  });
});
