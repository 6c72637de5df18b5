import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/**
 * A `moto_server` for the moto test tiers: started on a free loopback port, awaited until it answers,
 * and always stopped — by `stop()`, by the suite's `afterAll`, and, if the test process dies without
 * running either (a crash, a SIGKILL, a worker torn down on timeout), by a watchdog that kills moto as
 * soon as this process's end of a pipe closes. Test-only: not part of any published entry point.
 */

/** The moto release the tiers are written against; docker-compose.yml pins the same image tag. */
export const MOTO_VERSION = '5.2.1';

const COMMAND = 'moto_server';
const HOST = '127.0.0.1';

/** A running moto server. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /**
   * What points the SDK v3 clients (and so the handlers' default wiring) at this server: the standard
   * `AWS_ENDPOINT_URL` the SDK reads, a region and dummy credentials (moto accepts any).
   */
  readonly env: Readonly<Record<string, string>>;
  /** Forgets every resource in every account and region (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** Sets moto's runtime configuration (`POST /moto-api/config`), e.g. Step Functions execution. */
  configure(config: MotoConfig): Promise<void>;
  /** Stops the server and waits until its process is gone. Idempotent. */
  stop(): Promise<void>;
  /** Process id of the server (for tests of the launcher itself). */
  readonly pid: number;
}

/** The parts of `/moto-api/config` the tiers use. */
export interface MotoConfig {
  /** `execute_state_machine: true` runs machines with moto's interpreter instead of returning at once. */
  stepfunctions?: { execute_state_machine: boolean };
}

const probes = new Map<string, string | undefined>();

/**
 * Why moto cannot run here (for a skip message), or undefined when `moto_server` (or `command`) is on
 * PATH and works. Probed once per process and command with `<command> -h`.
 */
export function motoUnavailableReason(command = COMMAND): string | undefined {
  if (!probes.has(command)) {
    const probe = spawnSync(command, ['-h'], { encoding: 'utf8', timeout: 30_000 });
    const reason = probe.error
      ? `${command} not runnable (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message}); ` +
        "install it with pip install 'moto[server]', or run docker compose up moto"
      : probe.status !== 0
        ? `${command} -h exited with ${probe.status ?? probe.signal}: ${(probe.stderr ?? '').trim().slice(0, 300)}`
        : undefined;
    probes.set(command, reason);
  }
  return probes.get(command);
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port assigned')),
      );
    });
  });
}

/** Kills a process group, ignoring one that is already gone. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `moto_server` on a free loopback port and resolves once it answers HTTP. A port taken between
 * choosing and binding it is retried on another port.
 */
export async function startMotoServer(options: { readyTimeoutMs?: number } = {}): Promise<MotoServer> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(await freeLoopbackPort(), readyTimeoutMs);
    } catch (error) {
      lastError = error as Error;
      if (!/address already in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError ?? new Error('moto_server did not start');
}

async function startOnce(port: number, readyTimeoutMs: number): Promise<MotoServer> {
  const endpoint = `http://${HOST}:${port}`;
  // Its own process group, so stopping it also stops anything it spawned.
  const child = spawn(COMMAND, ['-H', HOST, '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once('error', resolve));
    throw new Error(`cannot start ${COMMAND}: ${error.message}`);
  }
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    // Keep only the tail: enough to explain a failed start.
    stderr = (stderr + chunk).slice(-4000);
  });
  // The watchdog reads a pipe whose other end only this process holds: when this process ends in any
  // way, the read returns and moto's group is killed. Detached, so a Ctrl-C to the test run does not
  // kill the watchdog before it has done its job.
  const watchdog = spawn('sh', ['-c', 'read _ignored; kill -TERM "-$0" 2>/dev/null', String(pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  child.unref();
  // Handles that should not keep the test process alive on their own.
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  (watchdog.stdin as { unref?: () => void } | null)?.unref?.();

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      killGroup(pid, 'SIGTERM');
      const gone = exited(child);
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 3_000);
      await gone;
      clearTimeout(timer);
      // Moto is gone: stop the watchdog without letting it signal (the pid could be reused later).
      watchdog.kill('SIGKILL');
      child.stderr?.destroy();
    })();
    return stopped;
  };
  // Last resort for a normal exit that skipped afterAll (e.g. process.exit in a test).
  const onExit = () => killGroup(pid, 'SIGKILL');
  process.once('exit', onExit);

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      process.removeListener('exit', onExit);
      await stop();
      throw new Error(
        `moto_server exited during start (${child.exitCode ?? child.signalCode}): ${stderr.trim().slice(-800)}`,
      );
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/config`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        await response.arrayBuffer();
        break;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      process.removeListener('exit', onExit);
      await stop();
      throw new Error(
        `moto_server did not answer on ${endpoint} within ${readyTimeoutMs} ms: ${stderr.trim()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${endpoint}${path}`, {
      method: 'POST',
      ...(body !== undefined && {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`moto ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  };

  return {
    endpoint,
    port,
    pid,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    },
    reset: () => post('/moto-api/reset'),
    configure: (config) => post('/moto-api/config', config),
    stop: async () => {
      process.removeListener('exit', onExit);
      await stop();
    },
  };
}

/**
 * Sets environment variables until the returned function restores the previous values. The moto tiers
 * use it to point the handlers' default SDK clients at moto (`AWS_ENDPOINT_URL`), as a user would.
 */
export function setEnv(values: Readonly<Record<string, string | undefined>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(values)) {
    previous.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * One moto server for the calling test file: started in `beforeAll`, stopped in `afterAll` (which vitest
 * runs after failures and timeouts too). With `pointSdkAtIt`, `process.env` points the SDK at it meanwhile
 * (and no shared AWS config or credentials file can interfere). Returns an accessor for the server.
 */
export function useMotoServer(
  options: { pointSdkAtIt?: boolean; config?: MotoConfig } = {},
): () => MotoServer {
  let server: MotoServer | undefined;
  let restoreEnv: (() => void) | undefined;
  beforeAll(async () => {
    server = await startMotoServer();
    if (options.config) await server.configure(options.config);
    if (options.pointSdkAtIt) {
      restoreEnv = setEnv({
        ...server.env,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      });
    }
  }, 60_000);
  afterAll(async () => {
    restoreEnv?.();
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('moto server not started (used outside a test, or beforeAll failed)');
    return server;
  };
}
