/**
 * `@stackset-lite/stackset-workflow/simulate`: run the real machine on asl-local with the real tasks
 * against the tasks package's simulated AWS estate (what `stackset-lite simulate` does).
 * @module
 */
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
