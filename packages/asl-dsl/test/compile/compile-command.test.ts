import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../', import.meta.url).pathname;
const fixtures = 'packages/asl-dsl/test/compile/fixtures';

/** Runs the CLI the way `pnpm -s asl-dsl` does, from the repository root. */
function cli(...args: string[]) {
  return cliWithEnv({}, ...args);
}

function cliWithEnv(env: Record<string, string>, ...args: string[]) {
  const { INIT_CWD: _ignored, ...inherited } = process.env;
  const run = spawnSync(
    process.execPath,
    ['--conditions=@stackset-lite/source', '--import', 'tsx', 'packages/asl-dsl/src/cli/main.ts', ...args],
    { cwd: root, encoding: 'utf8', env: { ...inherited, ...env } },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function expectOneLineError(stderr: string) {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('asl-dsl compile', () => {
  it('prints the canonical ASL JSON of a named plain-model export', () => {
    const run = cli('compile', `${fixtures}/two-machines.ts#plain`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      '{\n  "StartAt": "Hello",\n  "States": {\n    "Hello": {\n      "Type": "Pass",\n' +
        '      "Result": {\n        "a": 1,\n        "b": 2\n      },\n      "End": true\n    }\n  }\n}\n',
    );
  });

  it('compiles a builder machine (anything with toModel) and writes -o, creating folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asl-dsl-compile-'));
    const out = join(dir, 'nested', 'built.asl.json');
    const run = cli('compile', `${fixtures}/two-machines.ts#built`, '-o', out, '--compact');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`to ${out}`);
    expect(readFileSync(out, 'utf8')).toBe(
      '{"Comment":"built","StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}\n',
    );
  });

  it('refuses to guess between several machine exports and lists them', () => {
    const run = cli('compile', `${fixtures}/two-machines.ts`);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('exports several state machines (built, plain)');
    expect(run.stderr).toContain('#<name>');
    expectOneLineError(run.stderr);
  });

  it('keeps what a CommonJS-compiled module prints out of the JSON on stdout (it goes to stderr)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asl-dsl-compile-'));
    const file = join(dir, 'chatty.ts');
    writeFileSync(
      file,
      [
        "console.log('building the machine');",
        "process.stdout.write('raw write\\n');",
        "export default { StartAt: 'A', States: { A: { Type: 'Succeed' } } };",
      ].join('\n'),
    );
    const run = cli('compile', file, '--compact');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}\n');
    expect(run.stderr).toContain('building the machine');
    expect(run.stderr).toContain('raw write');
  });

  it('refuses an -o folder it cannot create with one line and exit 2 (it does not hang on /proc)', () => {
    const run = cli('compile', `${fixtures}/two-machines.ts#plain`, '-o', '/proc/stackset-lite/m.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot create directory '/proc/stackset-lite'");
    expectOneLineError(run.stderr);
  });

  it('reports a syntax error in the module without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asl-dsl-compile-'));
    const file = join(dir, 'broken.ts');
    writeFileSync(file, 'export const m = { StartAt: "A",, };\n');
    const run = cli('compile', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('broken.ts: failed to load');
    expectOneLineError(run.stderr);
  });

  it('validates the machine: an invalid one exits 1 with the AWS diagnostic code and location', () => {
    const run = cli('compile', `${fixtures}/invalid-machine.ts`);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('invalid-machine.ts#dangling is not a valid state machine');
    expect(run.stderr).toContain('MISSING_TRANSITION_TARGET at /States/Deploy');
    expect(run.stderr).not.toMatch(/^\s+at /m);

    const unchecked = cli('compile', `${fixtures}/invalid-machine.ts`, '--no-validate', '--compact');
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toBe(
      '{"StartAt":"Deploy","States":{"Deploy":{"Type":"Pass","Next":"Nowhere"}}}\n',
    );
  });

  it('resolves paths from where a package-manager script was started (INIT_CWD) when cwd lacks the module', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asl-dsl-compile-'));
    writeFileSync(
      join(dir, 'here.mjs'),
      "export default { StartAt: 'Here', States: { Here: { Type: 'Succeed' } } };\n",
    );
    const run = cliWithEnv({ INIT_CWD: dir }, 'compile', 'here.mjs', '-o', 'here.asl.json', '--compact');
    expect(run.stderr).toContain('to here.asl.json');
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'here.asl.json'), 'utf8')).toBe(
      '{"StartAt":"Here","States":{"Here":{"Type":"Succeed"}}}\n',
    );
  });

  it('rejects unknown commands and options with exit 2', () => {
    expect(cli('compil').code).toBe(2);
    const run = cli('compile', `${fixtures}/one-machine.js`, '--frobnicate');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--frobnicate'");
  });
});
