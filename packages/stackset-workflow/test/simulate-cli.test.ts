/**
 * `stackset-lite simulate` as a user runs it: through a pipe (plain lines), on a terminal (a
 * pseudo-terminal from util-linux `script`), with `--json`, `--input` and `--report`, and bad input.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const example = fileURLToPath(
  new URL('../../../examples/stackset/deploy-bucket.input.json', import.meta.url),
);
const node = [process.execPath, '--conditions=@stackset-lite/source', '--import', 'tsx', main];
const work = mkdtempSync(join(tmpdir(), 'stackset-lite-simulate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], command: readonly string[] = node): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [file = '', ...rest] = command;
    const child = spawn(file, [...rest, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
const ANSI = /\u001b(\[[0-9;?]*[A-Za-z]|[78])/g;

/** The lines after the progress display: from the summary's first line on. */
function summaryLines(stdout: string): string[] {
  const lines = stdout.trimEnd().split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('── rollout')));
}

function expectOneLineError(r: Run, says: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^stackset-lite: /);
  expect(lines[0]).toMatch(says);
}

describe('stackset-lite simulate', () => {
  it('--accounts 2000 through a pipe: plain progress lines, then a summary that fits one screen', async () => {
    const r = await run(['simulate', '--accounts', '2000']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('simulating 2000 accounts (+1 suspended) × 2 regions, fail rate 0.05, seed 1');
    expect(lines[1]).toBe('planned: 4,000 targets in 3 stages (3 waves), 2 skipped');
    // One line as each stage ends, and quarter marks for the big ones.
    expect(
      lines.filter((l) => /^stage \d\/3 · wave \d · eu-west-1, us-east-1 · [\d,]+\/[\d,]+ done/.test(l)),
    ).toHaveLength(3);
    // The 3,600-target stage is not silent until it ends: a line at each quarter (and every few seconds
    // of a slow machine), with the failures so far and the ETA on the simulated clock.
    const quarters = lines.filter((l) => l.startsWith('  stage 3/3: '));
    const done = quarters.map((l) => Number(/: ([\d,]+)\/3,600 done/.exec(l)?.[1]?.replaceAll(',', '')));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done).toEqual(expect.arrayContaining([900, 1800, 2700]));
    for (const line of quarters)
      expect(line).toMatch(
        /^ {2}stage 3\/3: [\d,]+\/3,600 done, (?:[\d,]+ deploying, )?[\d,]+ failed · \dm \d\ds simulated, ETA \dm \d\ds$/,
      );

    const summary = summaryLines(r.stdout);
    // Issue 9: a 60 KB wall of account ids before; one screen now.
    console.log(
      `simulate --accounts 2000: ${summary.length} summary lines, ${lines.length} in all, widest ${Math.max(...lines.map((l) => l.length))} characters, ${r.stdout.length} bytes`,
    );
    expect(summary.length).toBeLessThanOrEqual(40);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(summary[1]).toMatch(/^4,002 targets: 3,\d{3} succeeded, \d+ failed, 2 skipped · /);
    expect(summary).toContain('         targets  eu-west-1                   us-east-1');
    expect(summary.some((l) => /^wave 3 {3}3,600 {4}1,\d{3} succeeded, \d+ failed/.test(l))).toBe(true);
    expect(summary.some((l) => /^ {6}and \d+ more$/.test(l) || / · and \d+ more$/.test(l))).toBe(true);
    expect((r.stdout.match(/\b\d{12}\b/g) ?? []).length).toBeLessThanOrEqual(30);
  }, 180_000);

  it('on a terminal: one live cli-progress bar per stage, then the same summary', async (ctx) => {
    const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (probe.error) {
      console.log(`terminal test skipped: util-linux script is not installed (${probe.error.message})`);
      ctx.skip();
    }
    // `script` runs the command on a pseudo-terminal of 120 columns and copies what it drew to stdout.
    const command = `stty cols 120 rows 40; ${node.map((a) => `'${a}'`).join(' ')} simulate --accounts 300`;
    const r = await run(['-qec', command, '/dev/null'], ['script']);
    expect(r.status).toBe(0);
    const text = r.stdout.replaceAll('\r', '');
    // Bars: cursor hidden while drawing, a bar with done/total, failures and the simulated-clock ETA.
    expect(text).toContain('\u001b[?25l');
    const frames = text.replace(ANSI, '\n').split('\n').filter(Boolean);
    const bars = frames.filter((f) => /^stage \d\/3 · wave \d · eu-west-1, us-east-1 \[[█░]{24}\] /.test(f));
    expect(new Set(bars.map((f) => f.slice(0, 9)))).toEqual(new Set(['stage 1/3', 'stage 2/3', 'stage 3/3']));
    for (const bar of bars)
      expect(bar).toMatch(/\] [\d,]+\/[\d,]+ · \d+ failed · [\dhms ]+ sim, ETA (…|[\dhms ]+)$/);
    // Each bar gives way to its stage's line; the summary follows.
    expect(frames.filter((f) => /^stage \d\/3 · .* done, \d+ failed · /.test(f))).toHaveLength(3);
    const summary = summaryLines(frames.join('\n'));
    expect(summary[1]).toMatch(/^602 targets: /);
    expect(summary.length).toBeLessThanOrEqual(40);
    for (const frame of frames) expect(frame.length).toBeLessThanOrEqual(120);
  }, 180_000);

  it('--json --report: stdout is the JSON line alone; the file has every target with its wave and final status', async () => {
    const report = join(work, 'report.json');
    const r = await run(['simulate', '--accounts', '8', '--fail-rate', '0.25', '--json', '--report', report]);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const json = JSON.parse(lines[0] ?? '') as { summary: Record<string, number>; targets: unknown[] };
    const file = JSON.parse(readFileSync(report, 'utf8')) as {
      status: string;
      simulation: Record<string, unknown>;
      summary: Record<string, number>;
      targets: { account: string; region: string; wave?: number; status: string; reason?: string }[];
    };
    expect(file.simulation).toMatchObject({ accounts: 8, failRate: 0.25, seed: 1 });
    expect(file.summary).toEqual(json.summary);
    expect(file.targets).toHaveLength(18);
    expect(file.targets).toHaveLength(json.targets.length);
    expect(r.status).toBe(file.status === 'SUCCEEDED' ? 0 : 1);
    for (const t of file.targets) {
      if (t.status === 'SKIPPED') expect(t.wave).toBeUndefined();
      else expect([1, 2, 3]).toContain(t.wave);
      if (t.status === 'FAILED') expect(t.reason).toBeTruthy();
    }
  }, 120_000);

  it('--input: the user’s own rollout input (its OUs, accounts, regions and waves) on a simulated organization', async () => {
    const report = join(work, 'input-report.json');
    const r = await run([
      'simulate',
      '--input',
      example,
      '--accounts',
      '20',
      '--fail-rate',
      '0',
      '--report',
      report,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^simulating .*deploy-bucket\.input\.json: DEPLOY stackset-lite-bucket × 2 regions/,
    );
    // SEQUENTIAL with regionOrder [us-east-1]: us-east-1 first in every wave.
    const stages = r.stdout.split('\n').filter((l) => /^stage \d\/6/.test(l));
    expect(stages.map((l) => l.split(' · ')[2])).toEqual([
      'us-east-1',
      'eu-west-1',
      'us-east-1',
      'eu-west-1',
      'us-east-1',
      'eu-west-1',
    ]);
    const file = JSON.parse(readFileSync(report, 'utf8')) as {
      simulation: { input: string };
      targets: { account: string; status: string }[];
    };
    expect(file.simulation.input).toBe(example);
    // The account the input overrides parameters for is part of its OU, deployed like the others.
    expect(file.targets.filter((t) => t.account === '123456789012').map((t) => t.status)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
    ]);
    expect(file.targets).toHaveLength((20 + 1 + 1) * 2);
    expect(summaryLines(r.stdout)[0]).toBe('── rollout SUCCEEDED');
  }, 120_000);

  it('bad input: one line naming the file and each field’s JSON pointer (or what else is wrong), exit 2', async () => {
    const invalid = join(work, 'invalid.json');
    writeFileSync(
      invalid,
      JSON.stringify({
        stackName: 'stackset-lite-x',
        template: { bucket: 'b-templates', key: 't.yaml' },
        targets: { organizationalUnits: ['ou-ab12-cdef3456'], regions: ['eu-west-1', 'mars-north-1'] },
        preferences: { maxConcurrentCount: 0 },
      }),
    );
    const notJson = join(work, 'not.json');
    writeFileSync(notJson, '{"stackName": ');
    const [schema, syntax, missing, regions, prefix, directory] = await Promise.all([
      run(['simulate', '--input', invalid]),
      run(['simulate', '--input', notJson]),
      run(['simulate', '--input', join(work, 'nope.json')]),
      run(['simulate', '--input', example, '--regions', 'eu-west-1']),
      run(['simulate', '--input', example, '--stack-name-prefix', 'acme-']),
      run(['simulate', '--report', work]),
    ]);
    expectOneLineError(
      schema,
      /--input: .*invalid\.json is not a valid rollout input: .*\/targets\/regions\/1: .*; \/preferences\/maxConcurrentCount: /,
    );
    expectOneLineError(syntax, /--input: .*not\.json is not JSON \(/);
    expectOneLineError(missing, /--input: cannot read .*nope\.json \(ENOENT\)/);
    expectOneLineError(regions, /--regions: the --input file names its regions/);
    expectOneLineError(prefix, /--input: .*\/stackName: must start with "acme-"/);
    // Refused before simulating anything.
    expectOneLineError(directory, /--report: .* is a directory/);
  }, 120_000);
});
