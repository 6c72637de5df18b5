import type { Preferences } from '../input/rollout-input.js';
import { type RegionLimits, resolveRegionLimits } from './region-limits.js';
import type { Target } from './target.js';
import { planWaves } from './wave-plan.js';

/** A unit of the rollout: the targets one Distributed Map run deploys, before the tolerance check. */
export interface Stage {
  /** 0-based position in the rollout. */
  index: number;
  /** 1-based wave number. */
  wave: number;
  /** Regions deployed in this stage (one when regions are SEQUENTIAL). */
  regions: string[];
  /** Targets, interleaved by region so a shared MaxConcurrency is spread fairly across regions. */
  targets: Target[];
}

/** The whole rollout: its stages and the per-region limits. */
export interface StagePlan {
  stages: Stage[];
  regions: RegionLimits[];
}

/** Regions in visiting order: `regionOrder` first, then the remaining `regions` in their order. */
export function orderRegions(regions: readonly string[], regionOrder: readonly string[] = []): string[] {
  const ordered = regionOrder.filter((r) => regions.includes(r));
  return [...new Set([...ordered, ...regions])];
}

/**
 * Plans the stages of a rollout. Waves are the outer loop (a canary wave reaches every region before
 * the next wave starts); within a wave, SEQUENTIAL regions get one stage each in region order and
 * PARALLEL regions share one stage.
 */
export function planStages(
  targets: readonly Target[],
  regionsInOrder: readonly string[],
  prefs: Preferences,
): StagePlan {
  const accounts = [...new Set(targets.map((t) => t.account))];
  const byAccountRegion = new Set(targets.map((t) => `${t.account}/${t.region}`));
  const waves = planWaves(accounts, prefs.waves);
  const regions = regionsInOrder.map((r) =>
    resolveRegionLimits(r, targets.filter((t) => t.region === r).length, prefs),
  );
  const stages: Stage[] = [];
  const regionGroups =
    prefs.regionConcurrency === 'PARALLEL' ? [[...regionsInOrder]] : regionsInOrder.map((r) => [r]);
  for (const [w, waveAccounts] of waves.entries()) {
    for (const group of regionGroups) {
      const stageTargets: Target[] = [];
      for (const account of waveAccounts) {
        for (const region of group) {
          if (byAccountRegion.has(`${account}/${region}`)) stageTargets.push({ account, region });
        }
      }
      if (stageTargets.length === 0) continue;
      stages.push({ index: stages.length, wave: w + 1, regions: group, targets: stageTargets });
    }
  }
  return { stages, regions };
}
