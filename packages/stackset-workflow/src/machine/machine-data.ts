import type {
  DeployStackOutput,
  ListTargetsOutput,
  NotifyOutput,
  PollStackOutput,
} from '@stackset-lite/tasks';
import { z } from 'zod';
import type { AggregatedOutcome } from '../tasks/aggregate-results.js';
import type { ListedTarget } from '../tasks/listed-targets.js';
import type { PreparedOperation } from '../tasks/prepare-operation.js';
import type { RolloutCursor } from '../tasks/rollout-cursor.js';

/**
 * The data each state of the machine sees, as types for the DSL's typed references. The tasks'
 * results are typed from their own zod schemas (the tasks package's and ours); these schemas only
 * carry types (`z.custom`), since the tasks validate their own events at run time.
 */
const typed = <T>() => z.custom<T>(() => true);

/** After PrepareOperation. */
export type Prepared = PreparedOperation;
/** After PlanRollout / RecordStage: the operation, its targets and the rollout cursor. */
export type Rolling = Prepared & { targets: ListTargetsOutput; rollout: RolloutCursor };
/** After DeployStage: the Map's result (ResultWriter details or the results array) or its error. */
export type StageRan = Rolling & { stageRun: unknown };
/** After AggregateResults. */
export type Aggregated = Rolling & { outcome: AggregatedOutcome; notification?: NotifyOutput };

/** Type-only schema of the state after PrepareOperation. */
export const PreparedData = typed<Prepared>();
/** Type-only schema of the state between stages. */
export const RollingData = typed<Rolling>();
/** Type-only schema of the state after DeployStage. */
export const StageRanData = typed<StageRan>();
/** Type-only schema of the state after AggregateResults. */
export const AggregatedData = typed<Aggregated>();

/** What the per-target child starts with (the Map's ItemSelector). */
export interface TargetItem {
  target: ListedTarget;
  operation: Prepared['operation'];
  stack: Prepared['stack'];
  deployRole: Prepared['deployRole'];
  firstPollSeconds: number;
  backoff: { initialSeconds: number; multiplier: number; maxSeconds: number };
  poll: { attempt: number; changeSetChecks: number };
}
/** The child after DeployStack. */
export type TargetDeploying = TargetItem & { deploy: DeployStackOutput };
/** The child after PollStack. */
export type TargetPolled = Omit<TargetDeploying, 'poll'> & { poll: PollStackOutput };

/** Type-only schema of a target's item. */
export const TargetItemData = typed<TargetItem>();
/** Type-only schema of a target after DeployStack. */
export const TargetDeployingData = typed<TargetDeploying>();
/** Type-only schema of a target after PollStack. */
export const TargetPolledData = typed<TargetPolled>();
