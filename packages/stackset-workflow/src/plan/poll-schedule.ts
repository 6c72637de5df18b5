import { nextPollDelaySeconds, type PollBackoffSettings } from '@stackset-lite/tasks';

/** How one stack's polling went: when it was first polled, and how many polls it took to settle. */
export interface PollSample {
  firstPollSeconds: number;
  /** Polls done when the stack was seen settled (pollStack's returned `attempt`). */
  polls: number;
  backoff: PollBackoffSettings;
}

/** Seconds after the deployment started at which poll number `index` (0-based) happens. */
export function pollTime(index: number, sample: Pick<PollSample, 'firstPollSeconds' | 'backoff'>): number {
  let t = sample.firstPollSeconds;
  for (let a = 0; a < index; a++) t += nextPollDelaySeconds(a, sample.backoff);
  return t;
}

/**
 * The first-poll delay for the next stage, learned from this stage's stacks. A stack that needed
 * several polls settled between its last two polls, which brackets its real duration; the median of
 * those brackets' midpoints becomes the next first poll, so later stacks settle at their first
 * DescribeStacks with little overshoot. Stacks settled at the first poll only give an upper bound: with
 * no bracketed sample the current delay stays.
 */
export function learnFirstPollSeconds(samples: readonly PollSample[], current: number): number {
  const midpoints = samples
    .filter((s) => s.polls >= 2)
    .map((s) => (pollTime(s.polls - 2, s) + pollTime(s.polls - 1, s)) / 2)
    .sort((a, b) => a - b);
  if (midpoints.length === 0) return current;
  return Math.max(1, Math.round(midpoints[Math.floor(midpoints.length / 2)]!));
}
