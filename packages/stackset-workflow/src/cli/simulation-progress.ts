import cliProgress from 'cli-progress';
import type { RolloutProgressEvent, StageProgress } from '../simulate/simulated-rollout.js';
import { formatSimulatedDuration } from '../simulate/simulation-summary.js';

/** Where progress goes: a terminal (live bars), a pipe or file (plain lines), or nowhere. */
export type ProgressMode = 'bars' | 'lines' | 'off';

/** The stream progress is written to (process.stdout, or stderr under `--json`). */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

interface StageState {
  stage: number;
  wave: number;
  regions: string[];
  total: number;
  done: number;
  failed: number;
  startedAt: number;
  lastAt: number;
  /** Targets deployed at once. */
  concurrency: number;
  /** Sum of settled targets' durations (simulated ms), for the ETA. */
  settledMs: number;
  /** Quarter marks already printed (plain lines). */
  quarters: number;
  /** When (wall clock, ms) the stage's last plain line was printed. */
  shownAt: number;
  /** Targets started and not settled yet. */
  deploying: number;
  bar?: cliProgress.SingleBar;
}

const n = (value: number) => value.toLocaleString('en-US');

/** Longest quiet spell of a running stage in plain-lines mode (wall-clock seconds). */
export const PLAIN_LINE_SECONDS = 5;

/** The stage's regions, or their count when the list would crowd the line. */
function regionsText(regions: readonly string[]): string {
  const text = regions.join(', ');
  return text.length <= 32 ? text : `${regions.length} regions`;
}

/**
 * The stage's remaining time on the simulated clock: the targets left, deployed `concurrency` at a
 * time, each taking as long as the settled ones took on average. (Targets settle in bursts, one per
 * round of concurrent deployments, so extrapolating done/elapsed would be far off early on.)
 */
function simulatedEta(s: StageState): string {
  if (s.done === 0) return '…';
  if (s.done >= s.total) return '0s';
  const meanSeconds = s.settledMs / s.done / 1000;
  return formatSimulatedDuration(Math.ceil((s.total - s.done) / Math.max(1, s.concurrency)) * meanSeconds);
}

/**
 * Live progress of `stackset-lite simulate`. On a terminal, one cli-progress bar per stage (targets
 * done/total, failures so far, time spent and ETA on the simulated clock) that gives way to a line
 * when the stage ends; elsewhere plain lines: the plan, each quarter of a big stage (and at least one
 * every {@link PLAIN_LINE_SECONDS} while a stage runs), each stage's end.
 */
export class SimulationProgress {
  readonly #stream: ProgressStream;
  readonly #mode: ProgressMode;
  #stageCount = 0;
  #stages = new Map<number, StageState>();
  #current: StageState | undefined;

  readonly #now: () => number;
  /** Plain lines: looks once a second whether the running stage has been quiet too long. */
  #ticker: NodeJS.Timeout | undefined;

  /** @param now the wall clock (ms) that paces plain lines; tests pass their own */
  constructor(stream: ProgressStream, mode: ProgressMode, now: () => number = Date.now) {
    this.#stream = stream;
    this.#mode = mode;
    this.#now = now;
    if (mode === 'lines') {
      // Between events too (a stage's first round can run for seconds before any target settles).
      this.#ticker = setInterval(() => {
        if (this.#current) this.#show(this.#current);
      }, 1_000).unref();
    }
  }

  /** The simulation's `onProgress` hook. */
  readonly onProgress = (event: RolloutProgressEvent): void => {
    if (this.#mode === 'off') return;
    switch (event.type) {
      case 'planned': {
        this.#stageCount = event.stages.length;
        for (const s of event.stages)
          this.#stages.set(s.stage, {
            ...s,
            total: s.targets,
            done: 0,
            failed: 0,
            startedAt: event.at,
            lastAt: event.at,
            concurrency: 1,
            settledMs: 0,
            quarters: 0,
            shownAt: this.#now(),
            deploying: 0,
          });
        const targets = event.stages.reduce((sum, s) => sum + s.targets, 0);
        const waves = new Set(event.stages.map((s) => s.wave)).size;
        this.#line(
          `planned: ${n(targets)} targets in ${event.stages.length} stage${event.stages.length === 1 ? '' : 's'} (${waves} wave${waves === 1 ? '' : 's'})${event.skipped ? `, ${n(event.skipped)} skipped` : ''}`,
        );
        break;
      }
      case 'stage-started': {
        const s = this.#stages.get(event.stage);
        if (!s) return;
        s.startedAt = event.at;
        s.lastAt = event.at;
        s.concurrency = event.maxConcurrency;
        s.shownAt = this.#now();
        this.#current = s;
        if (this.#mode === 'bars') this.#startBar(s);
        break;
      }
      case 'target-started': {
        const s = this.#stages.get(event.stage);
        if (!s) return;
        s.deploying += 1;
        this.#show(s);
        break;
      }
      case 'target-settled': {
        const s = this.#stages.get(event.stage);
        if (!s) return;
        s.deploying = Math.max(0, s.deploying - 1);
        s.done += 1;
        s.settledMs += event.at - event.since;
        if (event.status === 'FAILED') s.failed += 1;
        s.lastAt = Math.max(s.lastAt, event.at);
        this.#show(s);
        break;
      }
    }
  };

  /** The simulation's `onStage` hook: a recorded stage (or STRICT round) sets the exact counts. */
  readonly onStage = (p: StageProgress): void => {
    if (this.#mode === 'off') return;
    const s = this.#stages.get(p.stage);
    if (!s) return;
    s.done = Object.values(p.counts).reduce((sum, c) => sum + c, 0);
    s.failed = p.counts.FAILED;
    const finished = p.round.offset + p.round.count >= p.targets || p.stoppedBy !== undefined;
    if (!finished) {
      this.#show(s);
      return;
    }
    this.#stopBar(s);
    const stop = p.stoppedBy
      ? ` — STOPPED: ${p.stoppedBy.region} ${n(p.stoppedBy.failures)} failed > ${n(p.stoppedBy.tolerance)} tolerated`
      : '';
    this.#line(
      `stage ${s.stage + 1}/${this.#stageCount} · wave ${s.wave} · ${regionsText(s.regions)} · ${n(s.done)}/${n(s.total)} done, ${n(s.failed)} failed · ${formatSimulatedDuration((s.lastAt - s.startedAt) / 1000)} simulated${stop}`,
    );
    if (this.#current === s) this.#current = undefined;
  };

  /** Ends any bar still drawn (the rollout stopped, or failed, mid-stage). */
  finish(): void {
    clearInterval(this.#ticker);
    if (this.#current) this.#stopBar(this.#current);
    this.#current = undefined;
  }

  #line(text: string): void {
    const width = this.#stream.columns ?? 120;
    this.#stream.write(`${text.length > width ? `${text.slice(0, width - 1)}…` : text}\n`);
  }

  #payload(s: StageState) {
    return {
      stage: `stage ${s.stage + 1}/${this.#stageCount} · wave ${s.wave} · ${regionsText(s.regions)}`,
      done: n(s.done),
      all: n(s.total),
      failed: n(s.failed),
      simElapsed: formatSimulatedDuration((s.lastAt - s.startedAt) / 1000),
      simEta: simulatedEta(s),
    };
  }

  #startBar(s: StageState): void {
    s.bar = new cliProgress.SingleBar({
      stream: this.#stream,
      // Custom tokens: the built-in {eta} is wall-clock time; the rollout's time is the simulated clock's.
      format: '{stage} [{bar}] {done}/{all} · {failed} failed · {simElapsed} sim, ETA {simEta}',
      barsize: 24,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: true,
      linewrap: false,
      fps: 10,
    });
    s.bar.start(s.total, s.done, this.#payload(s));
  }

  #stopBar(s: StageState): void {
    if (!s.bar) return;
    s.bar.update(s.done, this.#payload(s));
    s.bar.stop();
    s.bar = undefined;
  }

  #show(s: StageState): void {
    if (this.#mode === 'bars') {
      s.bar?.update(s.done, this.#payload(s));
      return;
    }
    // Plain lines: one at each quarter of a stage of 100 targets or more, and one whenever the stage
    // has been quiet for PLAIN_LINE_SECONDS of wall time (a stage of 10,000 accounts runs a minute).
    if (s.done >= s.total) return;
    const quarter = s.total >= 100 ? Math.floor((4 * s.done) / s.total) : 0;
    const now = this.#now();
    if (quarter > s.quarters || now - s.shownAt >= PLAIN_LINE_SECONDS * 1000) {
      s.quarters = Math.max(s.quarters, quarter);
      s.shownAt = now;
      this.#line(
        `  stage ${s.stage + 1}/${this.#stageCount}: ${n(s.done)}/${n(s.total)} done, ${s.deploying > 0 ? `${n(s.deploying)} deploying, ` : ''}${n(s.failed)} failed · ${formatSimulatedDuration((s.lastAt - s.startedAt) / 1000)} simulated, ETA ${simulatedEta(s)}`,
      );
    }
  }
}
