import type { Preferences } from '../input/rollout-input.js';

/** Concurrency and failure tolerance of one region, resolved from the preferences. */
export interface RegionLimits {
  region: string;
  /** Deployable targets in the region (skipped accounts excluded). */
  targets: number;
  /** Targets deployed at once (before STRICT mode lowers it). */
  maxConcurrent: number;
  /** Failures tolerated before the rollout stops. */
  failureTolerance: number;
}

/**
 * Resolves per-region limits the way StackSets does: percentages are of the region's targets, rounded
 * down; MaxConcurrent never rounds to 0 (default 1); FailureTolerance may be 0 (default 0).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html
 */
export function resolveRegionLimits(region: string, targets: number, prefs: Preferences): RegionLimits {
  const maxConcurrent =
    prefs.maxConcurrentPercentage !== undefined
      ? Math.max(1, Math.floor((prefs.maxConcurrentPercentage * targets) / 100))
      : (prefs.maxConcurrentCount ?? 1);
  const failureTolerance =
    prefs.failureTolerancePercentage !== undefined
      ? Math.floor((prefs.failureTolerancePercentage * targets) / 100)
      : (prefs.failureToleranceCount ?? 0);
  return { region, targets, maxConcurrent, failureTolerance };
}

/**
 * Targets of a region deployed at once, given its failures so far. STRICT starts at
 * min(maxConcurrent, tolerance + 1) and drops as failures accumulate, so a stage can never start more
 * failing deployments than the remaining tolerance allows; SOFT always uses maxConcurrent.
 */
export function regionConcurrency(
  limits: RegionLimits,
  failures: number,
  mode: Preferences['concurrencyMode'],
): number {
  if (mode === 'SOFT') return limits.maxConcurrent;
  const remaining = Math.max(0, limits.failureTolerance - failures);
  return Math.max(1, Math.min(limits.maxConcurrent, remaining + 1));
}

/** Whether a region's failures have passed its tolerance (which stops the rollout). */
export function toleranceExceeded(limits: RegionLimits, failures: number): boolean {
  return failures > limits.failureTolerance;
}
