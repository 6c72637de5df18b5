/** Backoff parameters (seconds). */
export interface PollBackoffSettings {
  initialSeconds: number;
  multiplier: number;
  maxSeconds: number;
}

/**
 * Seconds to wait before poll number `attempt + 1`: `initial × multiplier^attempt`, capped. Stacks take
 * from seconds to hours, so early polls are quick and later ones settle at the cap (CloudFormation's own
 * waiters poll every 30 s).
 */
export function nextPollDelaySeconds(attempt: number, backoff: PollBackoffSettings): number {
  const raw = backoff.initialSeconds * backoff.multiplier ** Math.min(attempt, 64);
  return Math.max(1, Math.round(Math.min(raw, backoff.maxSeconds)));
}
