import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/asl-local-cli.js';

let dir: string;
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const def = {
  StartAt: 'Deploy',
  States: {
    Deploy: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'deployer', 'Payload.$': '$' },
      Retry: [{ ErrorEquals: ['Throttled'], MaxAttempts: 2 }],
      ResultSelector: { 'status.$': '$.Payload.status' },
      End: true,
    },
  },
};

describe('asl-local CLI', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'asl-local-cli-'));
  });
  afterEach(() => vi.restoreAllMocks());

  it('runs with mocks (sequences repeat their last entry) and prints the --json summary', async () => {
    const d = file('def.json', def);
    const m = file('mocks.json', {
      mocks: {
        deployer: [{ throw: { error: 'Throttled', cause: 'slow down' } }, { return: { status: 'OK' } }],
      },
    });
    const r = await cli('run', d, '--input', '{"account":"1"}', '--mocks', m, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      status: 'SUCCEEDED',
      output: { status: 'OK' },
      error: null,
      cause: null,
      stateTransitions: 2,
      historyEvents: 10,
    });
  });

  it('reads input from @file and prints a readable failure with exit code 1', async () => {
    const d = file('def2.json', def);
    const i = file('in.json', { account: '2' });
    const r = await cli('run', d, '--input', `@${i}`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('status: FAILED');
    expect(r.out).toContain(
      "No task handler for resource 'arn:aws:states:::lambda:invoke' in state 'Deploy'",
    );
  });

  it('exits 2 without a stack trace for unreadable or invalid files and bad usage', async () => {
    const missing = await cli('run', join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Cannot read definition .*missing\.json/);
    expect(missing.err).not.toMatch(/\n\s+at /);
    const bad = await cli('run', file('bad.json', '{"StartAt": 1}'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("is invalid at '/StartAt'");
    const badMocks = await cli(
      'run',
      file('def3.json', def),
      '--mocks',
      file('m2.json', { mocks: { x: { retrun: 1 } } }),
    );
    expect(badMocks.code).toBe(2);
    expect(badMocks.err).toContain('Mocks file');
    expect((await cli('run', file('def4.json', def), '--input', '{nope')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('--validate refuses a definition AWS would refuse, naming the code and location', async () => {
    const broken = file('broken.json', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } });
    const r = await cli('run', broken, '--validate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('MISSING_TRANSITION_TARGET');
    expect(r.err).toContain('/States/A');
    const ok = await cli(
      'run',
      file('ok.json', { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
      '--validate',
      '--json',
    );
    expect(ok.code).toBe(0);
  });
});
