import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--conditions=@stackset-lite/source', '--import', 'tsx', main, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('stackset-lite CLI', () => {
  it('simulate --json ends with the report line: every target once, counts that add up', () => {
    const r = run(
      'simulate',
      '--accounts',
      '6',
      '--regions',
      'eu-west-1,us-east-1',
      '--fail-rate',
      '0',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as {
      targets: { account: string; region: string; status: string }[];
      summary: Record<string, number>;
      execution: Record<string, unknown>;
    };
    expect(report.targets).toHaveLength(14);
    expect(report.summary).toEqual({ SUCCEEDED: 12, NO_CHANGES: 0, FAILED: 0, SKIPPED: 2, CANCELLED: 0 });
    expect(Object.keys(report.execution)).toEqual([
      'status',
      'stateTransitions',
      'maxHistoryEvents',
      'maxPayloadBytes',
    ]);
    expect(report.execution.status).toBe('SUCCEEDED');
  }, 60_000);

  it('bad options: one line naming each option, exit 2, no stack trace', () => {
    const r = run('simulate', '--fail-rate', '2', '--regions', 'Mars');
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /--regions: .*eu-west-1.*--fail-rate: must be between 0 and 1|--fail-rate.*--regions/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('an unknown option exits 2', () => {
    const r = run('simulate', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("error: unknown option '--bogus'");
  }, 60_000);

  it('build --out a folder it cannot create: one line, exit 2, no hang', () => {
    const r = run('build', '--out', '/proc/stackset-lite');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("stackset-lite: cannot create directory '/proc/stackset-lite' (ENOENT)\n");
    expect(r.stdout).toBe('');
  }, 60_000);
});
