import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * The minimum moto launcher the stack set store's DynamoDB tier needs: `moto_server` on a free
 * loopback port, awaited until it answers, stopped afterwards. Test-only. (The shared launcher of the
 * moto tier replaces this once it lands on main.)
 */
export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  stop(): Promise<void>;
}

const COMMAND = process.env.MOTO_SERVER ?? 'moto_server';
const HOST = '127.0.0.1';

/** Why moto cannot run here (the skip message), or undefined when `moto_server` works. */
export function motoUnavailableReason(): string | undefined {
  const probe = spawnSync(COMMAND, ['-h'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) {
    return `${COMMAND} is not runnable (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message}): install it with pip install 'moto[server]'`;
  }
  if (probe.status !== 0) return `${COMMAND} -h exited with ${probe.status ?? probe.signal}`;
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts `moto_server` and resolves once it answers HTTP (about 3 s). */
export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(COMMAND, ['-H', HOST, '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://${HOST}:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-(child.pid ?? 0), 'SIGTERM');
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early: ${stderr.trim()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return { endpoint, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} within 60 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
