/**
 * `@stackset-lite/stackset-workflow/simulate`: run the real machine on asl-local with the real tasks
 * against the tasks package's simulated AWS estate (what `stackset-lite simulate` does).
 * @module
 */

export {
  type LifecycleStoryResult,
  runLifecycleStory,
  type StoryStep,
} from './lifecycle-story.js';
export { formatStoryStep, lifecycleStoryJson } from './lifecycle-story-output.js';
export {
  defaultSimulationInput,
  SIMULATED_INSTALLATION,
  type SimulationResult,
  type SimulationScenario,
  type StageProgress,
  simulateRollout,
} from './simulated-rollout.js';
export {
  formatSimulationSummary,
  formatStageProgress,
  simulationJson,
} from './simulation-summary.js';
export {
  type OperationHooks,
  type SimulatedOperationRun,
  StackSetSimulation,
} from './stack-set-simulation.js';
