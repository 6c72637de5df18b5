import { runCommandLine } from '@stackset-lite/asl-dsl/command-line';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A program whose `go` command runs `action`, built as every stackset-lite CLI builds its own. */
function program(action: () => void) {
  const cli = new Command('demo-cli')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  cli.command('go').action(action);
  return cli;
}

async function run(action: () => void, args: string[]) {
  const written: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await runCommandLine(program(action), ['node', 'demo-cli', ...args]);
  } finally {
    spy.mockRestore();
  }
  return { stderr: written.join(''), exitCode: process.exitCode };
}

describe('runCommandLine', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('keeps the exit code a successful command set', async () => {
    const result = await run(() => {
      process.exitCode = 1;
    }, ['go']);
    expect(result).toEqual({ stderr: '', exitCode: 1 });
  });

  it("prints a thrown error as one line prefixed with the program's name, exit code from the error", async () => {
    const failure = Object.assign(new Error('definition is invalid:\n  at /States/A\n  at /States/B'), {
      exitCode: 1,
    });
    const result = await run(() => {
      throw failure;
    }, ['go']);
    expect(result.stderr).toBe('demo-cli: definition is invalid: at /States/A at /States/B\n');
    expect(result.exitCode).toBe(1);
  });

  it('exits 2 for an error without an integer exitCode, and for non-Error throws', async () => {
    const noCode = await run(() => {
      throw Object.assign(new Error('cannot read x.json'), { exitCode: 1.5 });
    }, ['go']);
    expect(noCode).toEqual({ stderr: 'demo-cli: cannot read x.json\n', exitCode: 2 });
    const thrownString = await run(() => {
      throw 'plain text';
    }, ['go']);
    expect(thrownString).toEqual({ stderr: 'demo-cli: plain text\n', exitCode: 2 });
  });

  it('exits 2 for usage errors commander rejects, 0 for --help', async () => {
    expect((await run(() => {}, ['no-such-command'])).exitCode).toBe(2);
    process.exitCode = undefined;
    expect((await run(() => {}, ['--help'])).exitCode).toBe(0);
  });
});
