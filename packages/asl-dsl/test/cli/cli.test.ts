import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validFixtures } from '../fixtures/corpus.js';

const root = join(import.meta.dirname, '../../../..');
const fixtures = 'packages/asl-dsl/test/fixtures';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the asl-dsl CLI from source, as `pnpm -s asl-dsl` does. */
function cli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--conditions=@stackset-lite/source', '--import', 'tsx', 'packages/asl-dsl/src/cli/main.ts', ...args],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });
}

/** One line on stderr, prefixed `asl-dsl:`, and no stack trace. */
function expectOneLineError(run: Run, text: string): void {
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^asl-dsl: /);
  expect(lines[0]).toContain(text);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

// Process start-up dominates (tsx compiles the CLI), so every run starts at once and the tests read the results.
const scratch = mkdtempSync(join(import.meta.dirname, '.cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const runs: Record<string, Run> = {};

beforeAll(async () => {
  const jobs: Record<string, Promise<Run>> = {
    valid: cli(['validate', `${fixtures}/valid/lambda-retry-catch.asl.json`]),
    invalid: cli(['validate', `${fixtures}/invalid/invalid-intrinsic.asl.json`]),
    json: cli(['validate', '--json', `${fixtures}/invalid/missing-transition-target.asl.json`]),
    stdin: cli(
      ['validate', '-'],
      JSON.stringify(validFixtures.find((f) => f.name === 'hello-world.asl.json')?.json),
    ),
    warnings: cli(['validate', `${fixtures}/invalid/no-dollar.asl.json`]),
    missing: cli(['validate', 'no/such/file.json']),
    badJson: cli(['validate', `${fixtures}/invalid/invalid-json-description.asl.json`]),
    badUtf8: cli(['validate', `${fixtures}/invalid/invalid-json-description--utf8.asl.json`]),
    notAsl: cli(['validate', '-'], '{"hello": "world"}'),
    render: cli(['render', `${fixtures}/valid/polling-loop.asl.json`]),
    renderBadFormat: cli(['render', `${fixtures}/valid/polling-loop.asl.json`, '--format', 'svg']),
    renderBadState: cli(['render', '-'], '{"StartAt":"A","States":{"A":{"Type":"Nope"}}}'),
    import: cli(['import', `${fixtures}/valid/stackset-deploy.asl.json`]),
  };
  const names = Object.keys(jobs);
  const results = await Promise.all(Object.values(jobs));
  names.forEach((name, i) => {
    runs[name] = results[i] as Run;
  });
  const source = join(scratch, 'machine.mts');
  writeFileSync(source, runs.import?.stdout ?? '');
  runs.compile = await cli(['compile', relative(root, source)]);
}, 120_000);

describe('asl-dsl validate', () => {
  it('exits 0 and prints nothing for a valid definition', () => {
    expect(runs.valid).toMatchObject({ code: 0, stdout: '' });
  });

  it('prints <file>:<pointer>: <CODE> <message> per diagnostic and exits 1 when invalid', () => {
    const run = runs.invalid as Run;
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      `${fixtures}/invalid/invalid-intrinsic.asl.json:/States/Name/Parameters/name.$: INVALID_INTRINSIC unknown intrinsic function States.Concat`,
      `${fixtures}/invalid/invalid-intrinsic.asl.json:/States/Name/Parameters/id.$: INVALID_INTRINSIC States.UUID takes 0 arguments, got 1`,
    ]);
    expectOneLineError(run, 'is invalid (2 errors)');
  });

  it('--json prints {"valid":bool,"diagnostics":[...]}', () => {
    const run = runs.json as Run;
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: false,
      diagnostics: [
        {
          code: 'MISSING_TRANSITION_TARGET',
          severity: 'ERROR',
          message: "'Handle Error' is not a state of this graph",
          location: '/States/Check/Default',
        },
      ],
    });
  });

  it('exits 0 with warnings only, and marks them', () => {
    const run = runs.warnings as Run;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(':/States/Call/Parameters/Payload/accountId: NO_DOLLAR (warning) ');
  });

  it.each([
    ['missing', 'cannot read no/such/file.json: no such file'],
    ['badJson', 'is not valid JSON'],
    // Read as bytes and refused, where it goes wrong, instead of decoded to U+FFFD.
    ['badUtf8', 'is not valid UTF-8 at line 3, column 22 (byte offset 375): byte 0xFF cannot start'],
    ['notAsl', '<stdin> is not an ASL definition'], // read from standard input (-)
  ])('%s input: one line, exit 2', (name, text) => {
    const run = runs[name] as Run;
    expect(run.code).toBe(2);
    expectOneLineError(run, text);
  });
});

describe('asl-dsl render', () => {
  it('prints a Mermaid flowchart', () => {
    const run = runs.render as Run;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^flowchart TD\n/);
    expect(run.stdout).toContain('-->|Default|');
  });

  it('rejects an unknown format and non-ASL input with one line, exit 2', () => {
    expect(runs.renderBadFormat?.code).toBe(2);
    expectOneLineError(runs.renderBadFormat as Run, "--format must be 'mermaid'");
    expect(runs.renderBadState?.code).toBe(2);
    expectOneLineError(runs.renderBadState as Run, 'not an ASL definition: /States/A/Type');
  });
});

describe('asl-dsl import', () => {
  it('prints builder source that asl-dsl compile turns back into the same definition', () => {
    const run = runs.import as Run;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('machine.map("Deploy Each"');
    expect(runs.compile?.code).toBe(0);
    const original = validFixtures.find((f) => f.name === 'stackset-deploy.asl.json')?.json;
    expect(JSON.parse(runs.compile?.stdout ?? '')).toStrictEqual(original);
  });
});
