import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MOTO_VERSION,
  motoUnavailableReason,
  startMotoServer,
} from '../../../../test-support/moto-server.js';

/**
 * The moto launcher the moto tiers share (test-support/moto-server.ts): loopback only, state reset on
 * demand, and no moto process outlives the test process that started it, however that process ends.
 */
const unavailable = motoUnavailableReason();
if (unavailable) console.log(`moto launcher tests skipped: ${unavailable}`);

const LAUNCHER = resolve(import.meta.dirname, '../../../../test-support/moto-server.ts');

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0: look at its state (Linux).
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isRunning(pid);
}

describe('moto launcher', () => {
  it('names the missing command and how to install it when moto_server is absent', () => {
    expect(motoUnavailableReason('moto_server_that_is_not_installed')).toMatch(
      /moto_server_that_is_not_installed not runnable \(ENOENT\); install it with pip install 'moto\[server\]'/,
    );
  });

  describe.skipIf(unavailable !== undefined)('with moto_server installed', () => {
    it('serves on a loopback port, resets state on demand, and stops for good', async () => {
      const moto = await startMotoServer();
      try {
        expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
        // Create a bucket through S3's REST API (path style), see it, reset, and it is gone.
        expect((await fetch(`${moto.endpoint}/launcher-probe`, { method: 'PUT' })).status).toBe(200);
        expect(await (await fetch(`${moto.endpoint}/`)).text()).toContain('<Name>launcher-probe</Name>');
        await moto.reset();
        expect(await (await fetch(`${moto.endpoint}/`)).text()).not.toContain('launcher-probe');
      } finally {
        await moto.stop();
      }
      expect(isRunning(moto.pid)).toBe(false);
      await moto.stop(); // idempotent
      await expect(fetch(`${moto.endpoint}/`)).rejects.toThrow();
    });

    it('a test process killed with SIGKILL leaves no moto_server behind', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'moto-launcher-'));
      try {
        const script = join(dir, 'dies.mts');
        writeFileSync(
          script,
          `import { startMotoServer } from ${JSON.stringify(LAUNCHER)};\n` +
            'const moto = await startMotoServer();\n' +
            'console.log(`PID ${moto.pid}`);\n' +
            "process.kill(process.pid, 'SIGKILL');\n",
        );
        const child = spawn(process.execPath, ['--import', 'tsx', script], {
          cwd: resolve(import.meta.dirname, '../../../..'),
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
        });
        const signal = await new Promise((r) => child.once('exit', (_code, sig) => r(sig)));
        expect(signal).toBe('SIGKILL');
        const pid = Number(/PID (\d+)/.exec(out)?.[1]);
        expect(pid).toBeGreaterThan(0);
        expect(await waitUntilGone(pid, 5_000)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('moto pin', () => {
  it('docker-compose.yml and the Step Functions Local tier pin the moto release the tiers are written for', () => {
    const root = resolve(import.meta.dirname, '../../../..');
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    expect(/image:\s*motoserver\/moto:(\S+)/.exec(compose)?.[1]).toBe(MOTO_VERSION);
    const sfnLocalTier = readFileSync(
      join(root, 'packages/stackset-workflow/test/step-functions-local.test.ts'),
      'utf8',
    );
    expect(/'motoserver\/moto:([^']+)'/.exec(sfnLocalTier)?.[1]).toBe(MOTO_VERSION);
  });
});
