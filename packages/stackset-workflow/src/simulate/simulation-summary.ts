import type { RolloutReport } from '../report/rollout-report.js';
import { TARGET_STATUSES } from '../report/target-result.js';
import type { SimulationResult, StageProgress } from './simulated-rollout.js';

/** One line per finished stage, for live progress. */
export function formatStageProgress(p: StageProgress): string {
  const counts = TARGET_STATUSES.filter((s) => p.counts[s] > 0)
    .map((s) => `${s} ${p.counts[s]}`)
    .join(', ');
  const stop = p.stoppedBy
    ? ` — STOPPED: ${p.stoppedBy.region} ${p.stoppedBy.failures} failed > ${p.stoppedBy.tolerance} tolerated`
    : '';
  const round =
    p.round.count === p.targets
      ? `${p.targets} targets`
      : `targets ${p.round.offset + 1}-${p.round.offset + p.round.count} of ${p.targets}`;
  return `stage ${p.stage + 1}/${p.stageCount} · wave ${p.wave} · ${p.regions.join(', ')} · ${round} at ${p.maxConcurrency} at once · ${counts || 'no results'}${stop}`;
}

/** The `--json` report: every target, counts, and what the execution cost. */
export function simulationJson(result: SimulationResult): string {
  const report: RolloutReport | undefined = result.report;
  return JSON.stringify({
    targets: report?.targets ?? [],
    summary: report?.summary ?? {},
    execution: {
      status: result.execution.status,
      ...(result.execution.error !== undefined && { error: result.execution.error }),
      ...(result.execution.cause !== undefined && { cause: result.execution.cause }),
      stateTransitions: result.execution.stateTransitions,
      maxHistoryEvents: result.execution.maxHistoryEvents,
      maxPayloadBytes: result.execution.maxPayloadBytes,
    },
  });
}

/** The human summary: the notification the operation sent, then what the execution cost. */
export function formatSimulationSummary(result: SimulationResult): string {
  const lines: string[] = [];
  const message = result.notifications[0];
  if (message) {
    lines.push(`── notification: ${message.subject ?? '(no subject)'}`, message.message.trimEnd());
  } else if (result.report) {
    lines.push('── no notification was sent');
  }
  if (!result.report) {
    lines.push(
      `── execution ${result.execution.status}: ${result.execution.error ?? ''} ${result.execution.cause ?? ''}`.trimEnd(),
    );
  }
  const e = result.execution;
  lines.push(
    `── execution ${e.status}${e.error ? ` (${e.error})` : ''}: ${e.stateTransitions} state transitions, ${e.childExecutions} child executions (${e.transitionsPerInstance} transitions each), largest history ${e.maxHistoryEvents} events (quota 25,000), largest payload ${e.maxPayloadBytes} bytes (quota 262,144), ${Math.round(e.virtualSeconds)} s of virtual time`,
  );
  return lines.join('\n');
}
