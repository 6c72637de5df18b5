import type { WaveSize } from '../input/rollout-input.js';

/**
 * Splits accounts into waves. Wave sizes are cumulative: `[1, "10%", "100%"]` means one account, then
 * up to 10% of all accounts, then the rest. Percentages round down but never to 0 (as StackSets rounds
 * MaxConcurrentPercentage); sizes that add no account are dropped; accounts left after the last size
 * form a final wave, so no account is ever forgotten.
 */
export function planWaves<T>(accounts: readonly T[], sizes: readonly WaveSize[]): T[][] {
  const total = accounts.length;
  const waves: T[][] = [];
  let done = 0;
  for (const size of sizes) {
    const cumulative = Math.min(total, resolveWaveSize(size, total));
    if (cumulative <= done) continue;
    waves.push(accounts.slice(done, cumulative));
    done = cumulative;
  }
  if (done < total) waves.push(accounts.slice(done));
  return waves;
}

/** The cumulative account count a wave size stands for. */
export function resolveWaveSize(size: WaveSize, total: number): number {
  if (typeof size === 'number') return size;
  const percent = Number.parseInt(size, 10);
  return Math.max(1, Math.floor((percent * total) / 100));
}
