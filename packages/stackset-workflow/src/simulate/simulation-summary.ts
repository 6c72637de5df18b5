import type { RolloutReport } from '../report/rollout-report.js';
import { TARGET_STATUSES, type TargetResult, type TargetStatus } from '../report/target-result.js';
import { lambdaErrorMessage } from '../tasks/lambda-error-message.js';
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
    execution: executionJson(result),
  });
}

function executionJson(result: SimulationResult) {
  return {
    status: result.execution.status,
    ...(result.execution.error !== undefined && { error: result.execution.error }),
    ...(result.execution.cause !== undefined && { cause: result.execution.cause }),
    stateTransitions: result.execution.stateTransitions,
    maxHistoryEvents: result.execution.maxHistoryEvents,
    maxPayloadBytes: result.execution.maxPayloadBytes,
  };
}

/**
 * The full report `simulate --report` writes: the rollout's status, counts, and every target with its
 * wave and final status (and why, when it did not succeed), then what the execution cost.
 */
export function simulationReport(result: SimulationResult, simulation: Record<string, unknown> = {}) {
  const report = result.report;
  return {
    simulation,
    status: report?.status ?? 'FAILED',
    ...(report?.cause && { cause: report.cause }),
    ...(!report && { cause: `the execution ended ${result.execution.status} before any report` }),
    summary: report?.summary ?? {},
    targets: (result.results ?? []).map((r) => ({
      account: r.account,
      region: r.region,
      ...(r.wave !== undefined && { wave: r.wave }),
      status: r.status,
      ...(r.reason !== undefined && { reason: r.reason }),
      ...(r.rootCause !== undefined && { rootCause: r.rootCause }),
    })),
    execution: executionJson(result),
  };
}

/** How the human summary is laid out. */
export interface SummaryOptions {
  /** Longest line, in characters (the terminal's width, at most 120). @default 100 */
  width?: number;
  /** Failure causes shown, biggest first. @default 3 */
  causes?: number;
  /** Targets named per cause. @default 10 */
  targetsPerCause?: number;
  /** Where `--report` wrote the full report (else the summary says how to get one). */
  reportPath?: string;
}

const LABEL: Record<TargetStatus, string> = {
  SUCCEEDED: 'succeeded',
  NO_CHANGES: 'no changes',
  FAILED: 'failed',
  SKIPPED: 'skipped',
  CANCELLED: 'cancelled',
};

const n = (value: number) => value.toLocaleString('en-US');

/** Cuts a line to `width` characters, ending it with … when cut. */
function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

/** Words of `text` on lines of at most `width` characters, each starting with `indent`. */
function wrap(text: string, indent: string, width: number): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/)) {
    if (line.length > indent.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent;
    }
    line = line.length > indent.length ? `${line} ${word}` : `${line}${word}`;
  }
  if (line.length > indent.length) lines.push(line);
  return lines.map((l) => fit(l, width));
}

/** `3,490 succeeded, 21 failed`: the statuses that occur, in report order. */
function countsText(counts: ReadonlyMap<TargetStatus, number>): string {
  return (
    TARGET_STATUSES.filter((s) => (counts.get(s) ?? 0) > 0)
      .map((s) => `${n(counts.get(s) ?? 0)} ${LABEL[s]}`)
      .join(', ') || '—'
  );
}

function count(results: readonly TargetResult[]): Map<TargetStatus, number> {
  const counts = new Map<TargetStatus, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return counts;
}

/** Simulated seconds as `1h 02m`, `4m 10s` or `35s`. */
export function formatSimulatedDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Left-aligned columns (the first column's header and cells right of it padded to their widest). */
function renderTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * The wave × region table: waves as rows and regions as columns when that fits the width, else the
 * other way round, else one row per wave and region. Targets no wave deployed (skipped before any
 * stage) form their own row.
 */
function waveRegionTable(results: readonly TargetResult[], width: number): string[] {
  const waves = [...new Set(results.map((r) => r.wave))].sort(
    (a, b) => (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY),
  );
  const regions = [...new Set(results.map((r) => r.region))];
  const cell = new Map<string, TargetResult[]>();
  for (const r of results) {
    const key = `${r.wave}/${r.region}`;
    const list = cell.get(key);
    if (list) list.push(r);
    else cell.set(key, [r]);
  }
  const waveName = (w: number | undefined) => (w === undefined ? 'no wave' : `wave ${w}`);
  const cellText = (w: number | undefined, region: string) =>
    countsText(count(cell.get(`${w}/${region}`) ?? []));
  const inWave = (w: number | undefined) => results.filter((r) => r.wave === w).length;

  const byWave = renderTable([
    ['', 'targets', ...regions],
    ...waves.map((w) => [waveName(w), n(inWave(w)), ...regions.map((r) => cellText(w, r))]),
  ]);
  if (byWave.every((l) => l.length <= width)) return byWave;
  const byRegion = renderTable([
    ['', ...waves.map(waveName)],
    ...regions.map((r) => [r, ...waves.map((w) => cellText(w, r))]),
  ]);
  if (byRegion.every((l) => l.length <= width)) return byRegion;
  return renderTable([
    ['wave', 'region', 'targets'],
    ...waves.flatMap((w) =>
      regions.filter((r) => cell.has(`${w}/${r}`)).map((r) => [waveName(w), r, cellText(w, r)]),
    ),
  ]).map((l) => fit(l, width));
}

/** Targets grouped by why they ended so (root cause, else reason), biggest group first. */
function groupByCause(results: readonly TargetResult[]): [string, TargetResult[]][] {
  const groups = new Map<string, TargetResult[]>();
  for (const r of results) {
    const cause = r.rootCause ?? r.reason ?? 'no reason recorded';
    const list = groups.get(cause);
    if (list) list.push(r);
    else groups.set(cause, [r]);
  }
  return [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

/** `account region` items, as many per line as fit, then `and N more`. */
function targetLines(
  targets: readonly TargetResult[],
  shown: number,
  indent: string,
  width: number,
): string[] {
  const items = targets.slice(0, shown).map((t) => `${t.account} ${t.region}`);
  const more = targets.length - items.length;
  if (more > 0) items.push(`and ${n(more)} more`);
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line} · ${item}` : `${indent}${item}`;
    if (line && next.length > width) {
      lines.push(line);
      line = `${indent}${item}`;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The human summary, summary first: the outcome and totals, a wave × region table, the top failure
 * causes with at most `targetsPerCause` targets each, skipped and cancelled targets as counts by
 * reason, then the notification and what the execution cost. It fits one screen at any estate size;
 * every target is in the `--report` file.
 */
export function formatSimulationSummary(result: SimulationResult, options: SummaryOptions = {}): string {
  const width = Math.max(60, options.width ?? 100);
  const maxCauses = options.causes ?? 3;
  const perCause = options.targetsPerCause ?? 10;
  const lines: string[] = [];
  const e = result.execution;
  const report = result.report;
  const results = result.results ?? [];

  if (!report) {
    lines.push(
      fit(`── rollout did not run to the end: execution ${e.status}${e.error ? ` (${e.error})` : ''}`, width),
    );
    if (e.cause) lines.push(...wrap(lambdaErrorMessage(e.cause), '   ', width));
  } else {
    lines.push(
      fit(`── rollout ${report.status}${report.cause ? ` — ${report.cause}` : ''}`, width),
      fit(
        `${n(report.targets.length)} targets: ${countsText(new Map(Object.entries(report.summary) as [TargetStatus, number][]))} · ${formatSimulatedDuration(e.virtualSeconds)} simulated`,
        width,
      ),
      '',
      ...waveRegionTable(results, width),
    );

    const failed = results.filter((r) => r.status === 'FAILED');
    if (failed.length > 0) {
      const causes = groupByCause(failed);
      lines.push(
        '',
        `failed: ${n(failed.length)} target${failed.length === 1 ? '' : 's'}, ${n(causes.length)} cause${causes.length === 1 ? '' : 's'}`,
      );
      for (const [cause, targets] of causes.slice(0, maxCauses)) {
        lines.push(
          fit(`  ${n(targets.length)} × ${cause}`, width),
          ...targetLines(targets, perCause, '      ', width),
        );
      }
      const rest = causes.slice(maxCauses);
      if (rest.length > 0) {
        const targets = rest.reduce((sum, [, t]) => sum + t.length, 0);
        lines.push(
          `  and ${n(rest.length)} more cause${rest.length === 1 ? '' : 's'} (${n(targets)} targets)`,
        );
      }
    }
    for (const status of ['SKIPPED', 'CANCELLED'] as const) {
      const groups = groupByCause(results.filter((r) => r.status === status));
      for (const [reason, targets] of groups.slice(0, 2))
        lines.push(fit(`${LABEL[status]}: ${n(targets.length)} × ${reason}`, width));
      if (groups.length > 2) lines.push(`${LABEL[status]}: and ${n(groups.length - 2)} more reasons`);
    }
  }

  lines.push('');
  const message = result.notifications[0];
  if (message) {
    const kb = (Buffer.byteLength(message.message) / 1024).toFixed(1);
    lines.push(fit(`notification sent (${kb} KB): ${message.subject ?? '(no subject)'}`, width));
  } else if (report) lines.push('no notification was sent');
  if (report) {
    lines.push(
      options.reportPath
        ? fit(`every target's final status: ${options.reportPath}`, width)
        : "every target's final status: add --report out.json (or --json)",
    );
  }
  lines.push(
    fit(
      `execution ${e.status}${e.error ? ` (${e.error})` : ''}: ${n(e.stateTransitions)} state transitions, ${e.transitionsPerInstance} per child execution × ${n(e.childExecutions)}`,
      width,
    ),
    fit(
      `  largest history ${n(e.maxHistoryEvents)} events of 25,000; largest payload ${n(e.maxPayloadBytes)} of 262,144 bytes`,
      width,
    ),
  );
  return lines.join('\n');
}
