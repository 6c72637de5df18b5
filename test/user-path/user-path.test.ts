/**
 * The packages as users get them: built, `pnpm pack`ed, installed from the tarballs with npm into an
 * empty folder (offline from the tarballs and npm's cache where it can), then used only through
 * `node_modules/.bin` and `import`/`require` — never through the workspace. Each check names the
 * defect of issue 9 it guards against.
 *
 * Supported consumers (what this test runs): ESM under `module: nodenext` and `moduleResolution:
 * bundler`, and CommonJS under `module: nodenext` loading our ESM-only packages with `require()` (Node
 * >= 22.12, our `engines` floor, where `require(esm)` needs no flag). All with `strict`,
 * `exactOptionalPropertyTypes` and a tsconfig `customConditions: ["source"]`.
 */
import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['asl-dsl', 'asl-local', 'tasks', 'stackset-workflow'] as const;
/** What `asl-dsl` alone may take on disk, zod included (issue 9's goal). */
const ASL_DSL_FOOTPRINT_LIMIT_BYTES = 12 * 1024 * 1024;

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const nodeBin = dirname(process.execPath);
/** Children find this Node (and its npm) first, as a user's shell would find theirs. */
const env = {
  ...process.env,
  PATH: `${nodeBin}:${process.env.PATH ?? ''}`,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  NO_COLOR: '1',
};
delete (env as Record<string, string | undefined>).INIT_CWD;

function run(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** Must succeed; the error carries the command's output. */
async function must(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
) {
  const r = await run(command, args, options);
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/** A bad input's answer: exit 2, one line on stderr naming the program, no stack trace. */
function expectOneLineError(r: Run, program: string, says: RegExp) {
  expect(r.signal, 'no hang').toBeNull();
  expect(r.status).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^${program}: `));
  expect(lines[0]).toMatch(says);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

function newestMtime(dir: string, skip: (name: string) => boolean = () => false): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path, skip) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when a package's dist (and stackset-workflow's function bundles) is older than its sources. */
function isStale(pkg: string): boolean {
  const dir = join(root, 'packages', pkg);
  const built = [join(dir, 'dist'), ...(pkg === 'stackset-workflow' ? [join(dir, 'functions')] : [])];
  if (built.some((d) => !existsSync(d))) return true;
  const sources = Math.max(...PACKAGES.map((p) => newestMtime(join(root, 'packages', p, 'src'))));
  return built.some((d) => newestMtime(d) < sources);
}

function diskBytes(dir: string): number {
  // `du -sk`: what the folder takes on disk (blocks), as a user would measure it.
  const r = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
  return Number.parseInt(r.stdout, 10) * 1024;
}

let work: string;
let app: string;
let dslOnly: string;
let bin: (name: string, where?: string) => string;
let typecheckNodenext: Promise<Run>;
let typecheckBundler: Promise<Run>;

describe('installed from the tarballs, used as a user would', () => {
  beforeAll(async () => {
    // `npm test` builds before it tests; run alone, the test builds what is missing or stale.
    if (PACKAGES.some(isStale)) await must('pnpm', ['-s', 'build'], { cwd: root, timeoutMs: 600_000 });
    work = mkdtempSync(join(tmpdir(), 'stackset-lite-user-path-'));
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    const typescriptVersion = (
      JSON.parse(readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    app = join(work, 'app');
    dslOnly = join(work, 'asl-dsl-only');
    for (const [dir, type] of [
      [app, 'module'],
      [dslOnly, 'commonjs'],
    ] as const) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
    }
    const npmInstall = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
    // The packages pack at once: none has a pack script, and each writes only its own tarball. The
    // asl-dsl-only project installs as soon as its tarball is there, while the others still pack.
    const pack = async (pkg: (typeof PACKAGES)[number]) => {
      await must('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, 'packages', pkg) });
      const file = readdirSync(tarballs).find((f) => f.startsWith(`stackset-lite-${pkg}-`));
      if (!file) throw new Error(`pnpm pack left no stackset-lite-${pkg}-*.tgz in ${tarballs}`);
      return join(tarballs, file);
    };
    const dslTarball = pack('asl-dsl');
    const allTarballs = Promise.all(PACKAGES.map((pkg) => (pkg === 'asl-dsl' ? dslTarball : pack(pkg))));
    await Promise.all([
      allTarballs.then((all) =>
        must('npm', [...npmInstall, ...all, `typescript@${typescriptVersion}`, '@types/node@24', 'zod@4'], {
          cwd: app,
          timeoutMs: 300_000,
        }),
      ),
      dslTarball.then((tarball) =>
        must('npm', [...npmInstall, tarball], { cwd: dslOnly, timeoutMs: 300_000 }),
      ),
    ]);
    bin = (name, where = app) => join(where, 'node_modules', '.bin', name);

    // The consumer program, as ESM and CommonJS (nodenext) and for a bundler; checked in the background.
    const consumer = fileURLToPath(new URL('./consumer/', import.meta.url));
    for (const file of ['tsconfig.nodenext.json', 'tsconfig.bundler.json'])
      copyFileSync(join(consumer, file), join(app, file));
    for (const file of ['esm.mts', 'cjs.cts', 'bundler.ts'])
      copyFileSync(join(consumer, 'consumer.ts'), join(app, file));
    typecheckNodenext = run(bin('tsc'), ['-p', 'tsconfig.nodenext.json'], { cwd: app, timeoutMs: 300_000 });
    typecheckBundler = run(bin('tsc'), ['-p', 'tsconfig.bundler.json'], { cwd: app, timeoutMs: 300_000 });
    // Settle them even if a test fails first (no unhandled rejection).
    typecheckNodenext.catch(() => {});
    typecheckBundler.catch(() => {});
  }, 900_000);

  afterAll(async () => {
    await Promise.allSettled([typecheckNodenext, typecheckBundler]);
    if (work && !process.env.KEEP_USER_PATH) rmSync(work, { recursive: true, force: true });
  });

  it('every tarball has the LICENSE, a CHANGELOG, the README with commands a user can paste, and no sources (defect 8)', () => {
    for (const pkg of PACKAGES) {
      const dir = join(app, 'node_modules', '@stackset-lite', pkg);
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), pkg).toMatch(/^MIT License/);
      expect(existsSync(join(dir, 'CHANGELOG.md')), `${pkg} CHANGELOG.md`).toBe(true);
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      // The CLIs as a user runs them (npx), not through the monorepo's scripts or source condition;
      // benchmark commands (`pnpm -s bench:*`) are the repository's and say so.
      expect(readme, `${pkg} README`).not.toMatch(
        /pnpm -s (asl-dsl|asl-local|stackset-lite)\b|--conditions=/,
      );
      if (pkg !== 'tasks')
        expect(readme, `${pkg} README`).toMatch(/^npx (asl-dsl|asl-local|stackset-lite) /m);
      expect(existsSync(join(dir, 'src')), `${pkg} ships no src`).toBe(false);
      // Our source condition stays in the workspace (defect 7): the installed exports know only dist.
      expect(readFileSync(join(dir, 'package.json'), 'utf8')).not.toContain('@stackset-lite/source');
    }
  });

  it('asl-dsl alone installs without tsx or esbuild and fits the footprint goal (defect 8)', () => {
    const installed = readdirSync(join(dslOnly, 'node_modules'));
    expect(installed).not.toContain('tsx');
    expect(installed).not.toContain('esbuild');
    expect(installed).not.toContain('@esbuild');
    const bytes = diskBytes(join(dslOnly, 'node_modules'));
    console.log(
      `installed footprint of @stackset-lite/asl-dsl alone: ${(bytes / 1024 / 1024).toFixed(1)} MiB (du -sk node_modules)`,
    );
    expect(bytes).toBeLessThanOrEqual(ASL_DSL_FOOTPRINT_LIMIT_BYTES);
  });

  describe('asl-dsl (installed alone, in a CommonJS project)', () => {
    it('--help, --version', async () => {
      const help = await run(bin('asl-dsl', dslOnly), ['--help'], { cwd: dslOnly });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Usage: asl-dsl .*compile/s);
      const version = await run(bin('asl-dsl', dslOnly), ['--version'], { cwd: dslOnly });
      expect(version.stdout.trim()).toBe('0.1.0');
    });

    it('compile a JavaScript module > m.json: only the JSON on stdout, the module’s own output on stderr (defect 5)', async () => {
      writeFileSync(
        join(dslOnly, 'machine.mjs'),
        [
          "import { stateMachine } from '@stackset-lite/asl-dsl';",
          "console.log('building the machine');",
          'const m = stateMachine();',
          "m.pass('Hello', { result: { hello: 'world' }, end: true });",
          'export default m;',
        ].join('\n'),
      );
      const r = await run(bin('asl-dsl', dslOnly), ['compile', 'machine.mjs', '--compact'], { cwd: dslOnly });
      expect(r.stderr).toContain('building the machine');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        StartAt: 'Hello',
        States: { Hello: { Type: 'Pass', Result: { hello: 'world' }, End: true } },
      });
    });

    it('compile a .ts module without tsx: one line naming the install command (defect 8)', async () => {
      writeFileSync(
        join(dslOnly, 'machine.ts'),
        "export default { StartAt: 'A', States: { A: { Type: 'Succeed' } } };\n",
      );
      const r = await run(bin('asl-dsl', dslOnly), ['compile', 'machine.ts'], { cwd: dslOnly });
      expectOneLineError(r, 'asl-dsl', /needs tsx.*npm install --save-dev tsx/);
    });

    it('validate a file that is not there: one line, exit 2', async () => {
      const r = await run(bin('asl-dsl', dslOnly), ['validate', 'nope.json'], { cwd: dslOnly });
      expectOneLineError(r, 'asl-dsl', /nope\.json/);
    });
  });

  describe('asl-local', () => {
    it('--help and --version through the .bin link (defect 2: it printed nothing and exited 0)', async () => {
      const help = await run(bin('asl-local'), ['--help'], { cwd: app });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Usage: asl-local .*run/s);
      const version = await run(bin('asl-local'), ['--version'], { cwd: app });
      expect(version.stdout.trim()).toBe('0.1.0');
    });

    it('run a definition with a mock', async () => {
      writeFileSync(
        join(app, 'def.json'),
        JSON.stringify({
          StartAt: 'Call',
          States: {
            Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true },
          },
        }),
      );
      writeFileSync(join(app, 'mocks.json'), JSON.stringify({ mocks: { f: { return: { ok: true } } } }));
      const r = await run(bin('asl-local'), ['run', 'def.json', '--mocks', 'mocks.json', '--json'], {
        cwd: app,
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'SUCCEEDED', output: { ok: true } });
    });

    it('run --validate refuses an invalid definition with exit 2 (defect 2: it "passed")', async () => {
      writeFileSync(
        join(app, 'bad.json'),
        JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } }),
      );
      const r = await run(bin('asl-local'), ['run', 'bad.json', '--validate'], { cwd: app });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^asl-local: Definition 'bad\.json' is invalid/);
      expect(r.stderr).toContain('Nowhere');
      expect(r.stderr).not.toMatch(/^\s+at /m);
    });
  });

  describe('stackset-lite', () => {
    it('--help and --version, without the test helpers installed (defect 1: ERR_MODULE_NOT_FOUND yaml)', async () => {
      // yaml is now a runtime dependency of stackset-workflow (simulate reads templates as CloudFormation does);
      // the tasks package's test-only optional peers must still not be needed to start the CLI.
      expect(existsSync(join(app, 'node_modules', '@cloud-copilot', 'iam-simulate'))).toBe(false);
      expect(existsSync(join(app, 'node_modules', 'aws-sdk-client-mock'))).toBe(true);
      const help = await run(bin('stackset-lite'), ['--help'], { cwd: app });
      expect(help.stderr).toBe('');
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/build.*simulate/s);
      const version = await run(bin('stackset-lite'), ['--version'], { cwd: app });
      expect(version.stdout.trim()).toBe('0.1.0');
    });

    it('build --out writes an artifact whose every CodeUri exists and that cfn-lint accepts (defect 3)', {
      timeout: 180_000,
    }, async () => {
      const r = await run(bin('stackset-lite'), ['build', '--out', 'out/stackset-lite'], { cwd: app });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = join(app, 'out', 'stackset-lite');
      const template = JSON.parse(readFileSync(join(out, 'template.json'), 'utf8')) as {
        Resources: Record<string, { Type: string; Properties: { CodeUri?: string } }>;
      };
      const codeUris = Object.values(template.Resources)
        .filter((r) => r.Type === 'AWS::Serverless::Function')
        .map((r) => r.Properties.CodeUri ?? '');
      // The machine's eight task functions, plus the stack set's autoDeployment and detectDrift.
      expect(codeUris).toHaveLength(10);
      for (const uri of codeUris) expect(existsSync(join(out, uri, 'index.mjs')), uri).toBe(true);
      const lint = spawnSync(
        'cfn-lint',
        ['--', 'template.json', ...readdirSync(join(out, 'roles')).map((f) => `roles/${f}`)],
        {
          cwd: out,
          encoding: 'utf8',
        },
      );
      if (lint.error) {
        console.log(`cfn-lint part skipped: cfn-lint is not installed (${lint.error.message})`);
        return;
      }
      // Exit code bits: 2 errors, 4 warnings, 8 informational.
      expect(lint.status !== null && (lint.status & 0b110) === 0, lint.stdout).toBe(true);
    });

    it('build --out a folder that cannot be created: one line, exit 2, no hang (defect 6)', async () => {
      const r = await run(bin('stackset-lite'), ['build', '--out', '/proc/stackset-lite'], {
        cwd: app,
        timeoutMs: 30_000,
      });
      expectOneLineError(r, 'stackset-lite', /cannot create directory '\/proc\/stackset-lite'/);
    });

    it('simulate runs the real machine on the simulated estate (--json report)', async () => {
      const r = await run(
        bin('stackset-lite'),
        ['simulate', '--accounts', '4', '--fail-rate', '0', '--json'],
        { cwd: app },
      );
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as {
        summary: Record<string, number>;
      };
      expect(report.summary.SUCCEEDED).toBe(8);
    });

    it('simulate --input the example input build wrote, --report: a one-screen summary and every target in the file', async () => {
      const input = join(app, 'out', 'stackset-lite', 'example-input.json');
      const r = await run(
        bin('stackset-lite'),
        ['simulate', '--input', input, '--accounts', '10', '--fail-rate', '0', '--report', 'report.json'],
        { cwd: app },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines).toContain('── rollout SUCCEEDED');
      expect(lines).toContain("every target's final status: report.json");
      const report = JSON.parse(readFileSync(join(app, 'report.json'), 'utf8')) as {
        status: string;
        targets: { region: string; status: string }[];
      };
      expect(report.status).toBe('SUCCEEDED');
      // 10 accounts and a suspended one in the input's OU, in its two regions.
      expect(report.targets).toHaveLength(22);
      expect(new Set(report.targets.map((t) => t.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
    });

    it('simulate | head ends quietly: no EPIPE stack trace (defect 6)', async () => {
      const r = await run(
        'bash',
        ['-o', 'pipefail', '-c', `"${bin('stackset-lite')}" simulate --accounts 300 | head -n 1`],
        {
          cwd: app,
        },
      );
      expect(r.stdout).toMatch(/^simulating 300 accounts/);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });

    it('bad options: one line naming the option, exit 2', async () => {
      const r = await run(bin('stackset-lite'), ['simulate', '--accounts', 'many'], { cwd: app });
      expectOneLineError(r, 'stackset-lite', /--accounts: /);
    });
  });

  describe('a TypeScript consumer (strict; customConditions ["source"])', () => {
    const expected = {
      status: 'SUCCEEDED',
      // handlerFor keyed by the Lambda function's name (defect 4).
      output: { doubled: 42 },
      errors: 0,
      functions: 10, // eight task functions + autoDeployment and detectDrift (issue 11)
      stackName: 'stackset-lite-consumer',
      deployInputIsSchema: true,
    };

    /** tsc errors in our own declarations or in the consumer; third-party .d.ts are not ours to fix. */
    function ownErrors(r: Run): string[] {
      return r.stdout
        .split('\n')
        .filter((line) => /error TS\d+/.test(line))
        .filter(
          (line) => !line.startsWith('node_modules/') || line.startsWith('node_modules/@stackset-lite/'),
        );
    }

    it('module nodenext: compiles (ESM .mts and CommonJS .cts) with no error in our types, and runs (defects 1, 4, 7)', async () => {
      const tsc = await typecheckNodenext;
      expect(ownErrors(tsc)).toEqual([]);
      for (const file of ['dist-nodenext/esm.mjs', 'dist-nodenext/cjs.cjs']) {
        const r = await run(process.execPath, [file], { cwd: app });
        expect(r.stderr, file).toBe('');
        expect(JSON.parse(r.stdout), file).toEqual(expected);
      }
    }, 300_000);

    it('moduleResolution bundler: compiles with no error in our types, and runs', async () => {
      const tsc = await typecheckBundler;
      expect(ownErrors(tsc)).toEqual([]);
      const r = await run(process.execPath, ['dist-bundler/bundler.js'], { cwd: app });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual(expected);
    }, 300_000);
  });
});
