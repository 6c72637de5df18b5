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
    ['--conditions=source', '--import', 'tsx', 'packages/asl-dsl/src/cli/main.ts', ...args],
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

  it('picks the default export when there is no #export', () => {
    const run = cli('compile', `${fixtures}/default-machine.ts`, '--compact');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).StartAt).toBe('Default');
  });

  it('picks the only machine export of a JavaScript module', () => {
    const run = cli('compile', `${fixtures}/one-machine.js`, '--compact');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).StartAt).toBe('Only');
  });

  it('refuses to guess between several machine exports and lists them', () => {
    const run = cli('compile', `${fixtures}/two-machines.ts`);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('exports several state machines (built, plain)');
    expect(run.stderr).toContain('#<name>');
    expectOneLineError(run.stderr);
  });

  it('names the missing export and the candidates', () => {
    const run = cli('compile', `${fixtures}/two-machines.ts#deploy`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('has no export "deploy" (machine exports: built, plain)');
    expectOneLineError(run.stderr);
  });

  it('reports a module without machines, a missing file and a module that throws, in one line each', () => {
    const none = cli('compile', `${fixtures}/no-machine.ts`);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('exports no state machine (exports: answer, greet)');
    expectOneLineError(none.stderr);

    const missing = cli('compile', 'machines/does-not-exist.ts');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('machines/does-not-exist.ts: no such file');
    expectOneLineError(missing.stderr);

    const throws = cli('compile', `${fixtures}/throws-on-load.ts`);
    expect(throws.code).toBe(2);
    expect(throws.stderr).toContain('failed to load: cannot reach the configuration service');
    expectOneLineError(throws.stderr);
  });

  it('reports builder errors with their code, state and pointer, exit 2', () => {
    const run = cli('compile', `${fixtures}/failing-build.ts`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`failing-build.ts#broken: DanglingTransition: Next names 'Nowhere'`);
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
