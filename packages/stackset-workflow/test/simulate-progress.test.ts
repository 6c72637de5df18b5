/**
 * What `stackset-lite simulate` shows: the live progress events of a simulated rollout, the
 * organization built for a user's own input, the progress display (a cli-progress bar on a terminal,
 * plain lines elsewhere) and the summary-first view.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SimulationProgress } from '../src/cli/simulation-progress.js';
import { parseRolloutInput } from '../src/input/parse-rollout-input.js';
import type { TargetResult } from '../src/report/target-result.js';
import { scenarioForInput } from '../src/simulate/input-estate.js';
import {
  type RolloutProgressEvent,
  type SimulationResult,
  type StageProgress,
  simulateRollout,
} from '../src/simulate/simulated-rollout.js';
import { formatSimulationSummary } from '../src/simulate/simulation-summary.js';

/** A stream that keeps what is written; a terminal of `columns` when `tty`. */
class CapturedStream extends Writable {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 120,
  ) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
const ANSI = /\u001b(\[[0-9;?]*[A-Za-z]|[78])/g;

describe('live progress events of a simulated rollout', () => {
  it('every planned target settles exactly once, in its stage, with its final status (thrown errors included)', async () => {
    const events: RolloutProgressEvent[] = [];
    const stages: StageProgress[] = [];
    const result = await simulateRollout({
      accounts: 40,
      failRate: 0.1,
      seed: 3,
      suspendedAccounts: 1,
      // AccessDenied on AssumeRole: deployStack fails with an error the machine catches, not a stack status.
      setup: (estate, accounts) => estate.faults.denyAssumeRole(accounts[5]!),
      onProgress: (e) => events.push(e),
      onStage: (p) => stages.push(p),
    });
    const planned = events.find((e) => e.type === 'planned');
    expect(planned?.type === 'planned' && planned.skipped).toBe(2);
    const plannedStages = planned?.type === 'planned' ? planned.stages : [];
    expect(plannedStages.map((s) => s.wave)).toEqual([1, 2, 3]);

    const settled = events.filter((e) => e.type === 'target-settled');
    const final = new Map((result.results ?? []).map((r) => [`${r.account}/${r.region}`, r]));
    expect(settled).toHaveLength(80);
    expect(new Set(settled.map((e) => `${e.account}/${e.region}`)).size).toBe(80);
    for (const e of settled) {
      const r = final.get(`${e.account}/${e.region}`);
      expect(e.status, `${e.account}/${e.region}`).toBe(r?.status);
      expect(plannedStages[e.stage]?.wave).toBe(r?.wave);
      expect(e.at).toBeGreaterThanOrEqual(e.since);
    }
    // The denied account's targets failed by a caught error and were still reported live.
    const denied = settled.filter((e) => e.account === result.accounts[5]);
    expect(denied.map((e) => e.status)).toEqual(['FAILED', 'FAILED']);
    expect(final.get(`${result.accounts[5]}/eu-west-1`)?.reason).toMatch(/AccessDenied|not authorized/i);

    // Each stage starts before its targets settle, once, with the concurrency it runs at.
    const starts = events.filter((e) => e.type === 'stage-started');
    expect(starts.map((e) => e.stage)).toEqual([0, 1, 2]);
    expect(starts.map((e) => e.maxConcurrency)).toEqual(stages.map((s) => s.maxConcurrency));
    for (const e of settled) {
      const index = events.indexOf(e);
      const start = events.findIndex((s) => s.type === 'stage-started' && s.stage === e.stage);
      expect(start).toBeLessThan(index);
    }
    // Each target is reported deploying once, in its stage, when its first deployStack call began.
    const started = events.filter((e) => e.type === 'target-started');
    expect(started).toHaveLength(80);
    for (const e of settled) {
      const begun = started.find((s) => s.account === e.account && s.region === e.region);
      expect(begun?.stage).toBe(e.stage);
      expect(begun?.at).toBe(e.since);
      expect(events.indexOf(begun ?? e)).toBeLessThan(events.indexOf(e));
    }
  }, 60_000);

  it('--input: the root, OUs and accounts the input names exist; DIFFERENCE leaves the named account out', async () => {
    const document = {
      stackName: 'acme-baseline',
      template: { url: 'https://acme-templates.s3.eu-west-1.amazonaws.com/baseline.yaml' },
      targets: {
        organizationalUnits: ['ou-ab12-11111111', 'ou-ab12-22222222'],
        accounts: ['333333333333'],
        accountFilterType: 'DIFFERENCE',
        regions: ['eu-central-1'],
      },
      parameterOverrides: { '444444444444': { Size: 'large' } },
      preferences: { maxConcurrentCount: 5, failureToleranceCount: 0, concurrencyMode: 'SOFT' },
      notificationTopicArn: 'arn:aws:sns:eu-west-1:222222222222:rollouts',
    };
    const input = parseRolloutInput({ ...document, stackName: 'stackset-lite-baseline' });
    const scenario = scenarioForInput({ ...input, stackName: 'acme-baseline' }, document, {
      accounts: 6,
      suspended: 1,
      stackNamePrefix: 'acme-',
    });
    const result = await simulateRollout(scenario);
    expect(result.execution.status).toBe('SUCCEEDED');
    const org = result.estate.organization;
    expect(org.unitsOf(org.rootId)).toEqual(['ou-ab12-11111111', 'ou-ab12-22222222']);
    // The 6 generated accounts alternate between the OUs; the named ones sit in the first OU.
    expect(org.accountsOf('ou-ab12-11111111')).toHaveLength(6);
    expect(org.accountsOf('ou-ab12-22222222')).toHaveLength(3);
    const targets = result.report?.targets ?? [];
    const accounts = new Set(targets.map((t) => t.account));
    expect(accounts.has('333333333333')).toBe(false);
    expect(accounts.has('444444444444')).toBe(true);
    expect(result.report?.summary).toMatchObject({ SUCCEEDED: 7, SKIPPED: 1 });
    // The stand-in template was deployed from where the input says; the topic's account got the message.
    const stack = result.estate.cloudFormation.stack('444444444444', 'eu-central-1', 'acme-baseline');
    expect(stack?.status).toBe('CREATE_COMPLETE');
    expect(result.notifications[0]?.topicArn).toBe(document.notificationTopicArn);
  }, 60_000);
});

describe('the progress display', () => {
  const planned: RolloutProgressEvent = {
    type: 'planned',
    stages: [{ stage: 0, wave: 1, regions: ['eu-west-1', 'us-east-1'], targets: 400 }],
    skipped: 2,
    at: 0,
  };
  const settle = (i: number, status: 'SUCCEEDED' | 'FAILED'): RolloutProgressEvent => ({
    type: 'target-settled',
    stage: 0,
    account: String(200_000_000_000 + i),
    region: 'eu-west-1',
    status,
    since: 0,
    at: 60_000,
  });
  const finished: StageProgress = {
    stage: 0,
    stageCount: 1,
    wave: 1,
    regions: ['eu-west-1', 'us-east-1'],
    targets: 400,
    round: { offset: 0, count: 400 },
    maxConcurrency: 100,
    counts: { SUCCEEDED: 390, NO_CHANGES: 0, FAILED: 10, SKIPPED: 0, CANCELLED: 0 },
  };

  it('on a terminal: a cli-progress bar with done/total, failures and the ETA on the simulated clock, then one line', async () => {
    const tty = new CapturedStream(true);
    const progress = new SimulationProgress(tty, 'bars');
    progress.onProgress(planned);
    progress.onProgress({ type: 'stage-started', stage: 0, maxConcurrency: 100, at: 0 });
    for (let i = 0; i < 100; i++) progress.onProgress(settle(i, i < 3 ? 'FAILED' : 'SUCCEEDED'));
    // cli-progress redraws on its own timer (10 frames a second).
    await new Promise((resolve) => setTimeout(resolve, 300));
    progress.onStage(finished);
    progress.finish();
    const frames = tty.text.replace(ANSI, '\n').split('\n').filter(Boolean);
    expect(frames[0]).toBe('planned: 400 targets in 1 stage (1 wave), 2 skipped');
    // 100 targets took 60 simulated seconds each, 100 at a time: 300 left is 3 more minutes.
    expect(frames).toContain(
      `stage 1/1 · wave 1 · eu-west-1, us-east-1 [${'█'.repeat(6)}${'░'.repeat(18)}] 100/400 · 3 failed · 1m 00s sim, ETA 3m 00s`,
    );
    expect(frames.at(-1)).toBe(
      'stage 1/1 · wave 1 · eu-west-1, us-east-1 · 400/400 done, 10 failed · 1m 00s simulated',
    );
    // The cursor is hidden while the bar is drawn and shown again after.
    expect(tty.text).toContain('\u001b[?25l');
    expect(tty.text.lastIndexOf('\u001b[?25h')).toBeGreaterThan(tty.text.lastIndexOf('\u001b[?25l'));
    for (const frame of frames) expect(frame.length).toBeLessThanOrEqual(120);
  });

  it('elsewhere: plain lines — the plan, each quarter of a big stage, the stage end; no escape codes', () => {
    const pipe = new CapturedStream(false);
    const progress = new SimulationProgress(pipe, 'lines');
    progress.onProgress(planned);
    progress.onProgress({ type: 'stage-started', stage: 0, maxConcurrency: 100, at: 0 });
    for (let i = 0; i < 400; i++) progress.onProgress(settle(i, i % 40 === 0 ? 'FAILED' : 'SUCCEEDED'));
    progress.onStage(finished);
    progress.finish();
    expect(pipe.text).not.toMatch(ANSI);
    expect(pipe.text.trimEnd().split('\n')).toEqual([
      'planned: 400 targets in 1 stage (1 wave), 2 skipped',
      '  stage 1/1: 100/400 done, 3 failed · 1m 00s simulated, ETA 3m 00s',
      '  stage 1/1: 200/400 done, 5 failed · 1m 00s simulated, ETA 2m 00s',
      '  stage 1/1: 300/400 done, 8 failed · 1m 00s simulated, ETA 1m 00s',
      'stage 1/1 · wave 1 · eu-west-1, us-east-1 · 400/400 done, 10 failed · 1m 00s simulated',
    ]);
  });

  it('elsewhere, a slow stage: a line whenever it has been quiet for 5 s of wall time, quarters or not', () => {
    const pipe = new CapturedStream(false);
    let wall = 0;
    const progress = new SimulationProgress(pipe, 'lines', () => wall);
    progress.onProgress({
      type: 'planned',
      stages: [{ stage: 0, wave: 1, regions: ['eu-west-1'], targets: 10 }],
      skipped: 0,
      at: 0,
    });
    progress.onProgress({ type: 'stage-started', stage: 0, maxConcurrency: 10, at: 0 });
    // The whole first round starts at once; then each target takes 2 s of wall time to simulate (a
    // big estate on a busy machine). Starting is quick: no line before anything was quiet for 5 s.
    for (let i = 0; i < 10; i++) {
      const { account, region } = settle(i, 'SUCCEEDED') as { account: string; region: string };
      progress.onProgress({ type: 'target-started', stage: 0, account, region, at: 0 });
    }
    for (let i = 0; i < 10; i++) {
      wall += 2_000;
      progress.onProgress(settle(i, 'SUCCEEDED'));
    }
    progress.onStage({
      ...finished,
      targets: 10,
      regions: ['eu-west-1'],
      round: { offset: 0, count: 10 },
      counts: { ...finished.counts, SUCCEEDED: 10, FAILED: 0 },
    });
    expect(pipe.text.trimEnd().split('\n')).toEqual([
      'planned: 10 targets in 1 stage (1 wave)',
      '  stage 1/1: 3/10 done, 7 deploying, 0 failed · 1m 00s simulated, ETA 1m 00s',
      '  stage 1/1: 6/10 done, 4 deploying, 0 failed · 1m 00s simulated, ETA 1m 00s',
      '  stage 1/1: 9/10 done, 1 deploying, 0 failed · 1m 00s simulated, ETA 1m 00s',
      'stage 1/1 · wave 1 · eu-west-1 · 10/10 done, 0 failed · 1m 00s simulated',
    ]);
  });

  it('off (--json without a terminal): nothing at all', () => {
    const pipe = new CapturedStream(false);
    const progress = new SimulationProgress(pipe, 'off');
    progress.onProgress(planned);
    progress.onStage(finished);
    progress.finish();
    expect(pipe.text).toBe('');
  });
});

describe('the summary-first view', () => {
  let real: SimulationResult;
  const summaryOf = async (results?: TargetResult[], width = 100) => {
    real ??= await simulateRollout({
      accounts: 30,
      regions: ['eu-west-1', 'us-east-1', 'ap-south-1', 'eu-central-1', 'ca-central-1', 'sa-east-1'],
      failRate: 0.2,
      seed: 5,
      suspendedAccounts: 1,
    });
    return formatSimulationSummary({ ...real, ...(results && { results }) }, { width });
  };

  it('a rollout refused before deploying shows the Lambda error message, not its JSON payload', async () => {
    await summaryOf();
    // Step Functions records a Lambda function error's Cause as the payload {"errorType","errorMessage"}
    // (developer guide, "Handling errors in Lambda tasks"); the reader wants the sentence that names the field.
    const refused: SimulationResult = {
      ...real,
      report: undefined,
      results: [],
      execution: {
        ...real.execution,
        status: 'FAILED',
        error: 'InvalidInput',
        cause: JSON.stringify({
          errorType: 'InvalidInput',
          errorMessage: 'invalid input: /targets: 3000 targets do not fit the INLINE machine',
        }),
      },
    };
    const text = formatSimulationSummary(refused, { width: 100 });
    expect(text).toContain('execution FAILED (InvalidInput)');
    expect(text).toContain('invalid input: /targets: 3000 targets do not fit the INLINE machine');
    expect(text).not.toContain('errorType');
  });

  it('leads with the outcome and totals, then a wave × region table (transposed when regions are many)', async () => {
    const text = await summaryOf();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^── rollout (SUCCEEDED|FAILED)/);
    const total = real.report?.targets.length ?? 0;
    expect(lines[1]).toMatch(new RegExp(`^${total} targets: \\d+ succeeded, \\d+ failed`));
    // Six regions do not fit side by side in 100 columns: one row per region, one column per wave.
    expect(lines[3]).toMatch(/^\s+wave 1\s+wave 2\s+wave 3\s+no wave$/);
    expect(lines.slice(4, 10).map((l) => l.split(/\s+/)[0])).toEqual([
      'ap-south-1',
      'ca-central-1',
      'eu-central-1',
      'eu-west-1',
      'sa-east-1',
      'us-east-1',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  }, 60_000);

  it('the top 3 failure causes with at most 10 targets each, then "and N more"; the rest as counts', async () => {
    await summaryOf();
    // Give the real failures five different causes, 1 to 5 times as many targets each.
    const failed = (real.results ?? []).filter((r) => r.status === 'FAILED');
    expect(failed.length).toBeGreaterThanOrEqual(21);
    const causeOf = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4];
    const results = (real.results ?? []).map((r) => {
      const i = failed.indexOf(r);
      return i < 0 ? r : { ...r, rootCause: `Cause ${causeOf[i] ?? 5}` };
    });
    const text = await summaryOf(results);
    const causeLines = text.split('\n').filter((l) => /^ {2}\d+ × Cause \d$/.test(l));
    expect(causeLines.map((l) => l.trim().split(' × ')[1])).toEqual(['Cause 5', 'Cause 4', 'Cause 3']);
    expect(text).toMatch(/^ {2}and 2 more causes \(3 targets\)$/m);
    // Cause 5 has the rest: 10 named, then "and N more".
    expect(text).toContain(`and ${failed.length - 20} more`);
    // Only failed targets are named (at most 30); successes, skips and cancellations are counts.
    const named = text.match(/\b\d{12} [a-z]{2}-[a-z]+-\d\b/g) ?? [];
    expect(named.length).toBe(10 + 4 + 3);
    const failedKeys = new Set(failed.map((r) => `${r.account} ${r.region}`));
    for (const target of named) expect(failedKeys.has(target), target).toBe(true);
  }, 60_000);
});
