/**
 * A 10,000-item inline Map (Task with Retry and Catch → Choice → Pass; 10% of items fail twice then
 * succeed, 10% fail with an error only Catch handles) run by asl-local with full history (the
 * 25,000-event limit off) and by aws-local-stepfunctions (its retry pauses overridden to 0 ms).
 * Each engine runs in its own child process so RSS is measured fairly; three alternating rounds,
 * medians of the times (the machine is shared), the largest RSS of ours.
 * Last stdout line: {"items":10000,"ours_ms":N,"peer_ms":N,"ratio":N,"ours_rss_mb":N}
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ITEMS = 10_000;

/** The benchmark machine, plain ASL. */
export function benchDefinition(): Record<string, unknown> {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work',
              Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
              Catch: [{ ErrorEquals: ['Permanent'], ResultPath: '$.error', Next: 'Caught' }],
              Next: 'Check',
            },
            Check: {
              Type: 'Choice',
              Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }],
              Default: 'Caught',
            },
            // Short results keep the Map output under the 256 KiB payload quota (enforced by asl-local).
            Done: { Type: 'Pass', Result: 'done', End: true },
            Caught: { Type: 'Pass', Result: 'caught', End: true },
          },
        },
        End: true,
      },
    },
  };
}

/** A worker that fails twice for ids ≡ 1 (mod 10), always for ids ≡ 2 (mod 10). */
function makeWorker(): (input: unknown) => Promise<unknown> {
  const attempts = new Map<number, number>();
  return async (input: unknown) => {
    const { id } = input as { id: number };
    if (id % 10 === 2) throw Object.assign(new Error(`item ${id} is broken`), { name: 'Permanent' });
    if (id % 10 === 1) {
      const n = attempts.get(id) ?? 0;
      attempts.set(id, n + 1);
      if (n < 2) throw Object.assign(new Error(`item ${id} busy`), { name: 'Transient' });
    }
    return { id, ok: true };
  };
}

const input = { items: Array.from({ length: ITEMS }, (_, id) => ({ id })) };

function check(output: unknown): void {
  const out = output as string[];
  const caught = out.filter((x) => x === 'caught').length;
  if (out.length !== ITEMS || caught !== ITEMS / 10)
    throw new Error(`wrong result: ${out.length} items, ${caught} caught`);
}

async function runOurs(): Promise<{ ms: number; rss_mb: number; events: number }> {
  const { startExecution } = await import('@stackset-lite/asl-local');
  const t0 = performance.now();
  const r = await startExecution({
    definition: benchDefinition() as never,
    input,
    handlers: { work: makeWorker() as never },
    options: { limits: { maxHistoryEvents: false } },
  });
  const ms = performance.now() - t0;
  if (r.status !== 'SUCCEEDED') throw new Error(`ours: ${r.status} ${r.error} ${r.cause}`);
  check(r.output);
  return { ms, rss_mb: process.memoryUsage().rss / 2 ** 20, events: r.historyEventCount };
}

async function runPeer(): Promise<{ ms: number; rss_mb: number }> {
  const require = createRequire(import.meta.url);
  const { StateMachine } = require('aws-local-stepfunctions') as typeof import('aws-local-stepfunctions');
  const machine = new StateMachine(benchDefinition() as never, {
    validationOptions: { checkPaths: false, checkArn: false },
  });
  const t0 = performance.now();
  const { result } = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: { Work: makeWorker() as never },
      retryIntervalOverrides: { Work: 0 },
    },
  });
  const out = await result;
  const ms = performance.now() - t0;
  check(out);
  return { ms, rss_mb: process.memoryUsage().rss / 2 ** 20 };
}

const role = process.argv[2];
if (role === '--ours' || role === '--peer') {
  const r = role === '--ours' ? await runOurs() : await runPeer();
  console.log(JSON.stringify(r));
} else {
  const self = fileURLToPath(import.meta.url);
  const child = (flag: string) => {
    const p = spawnSync(process.execPath, [...process.execArgv, self, flag], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`${flag} failed: ${p.stderr}`);
    const last = p.stdout.trim().split('\n').at(-1) ?? '';
    return JSON.parse(last) as { ms: number; rss_mb: number; events?: number };
  };
  // The machine is shared: alternate the engines for a few rounds and compare medians.
  const ROUNDS = 3;
  const ours: { ms: number; rss_mb: number; events?: number }[] = [];
  const peer: { ms: number; rss_mb: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(child('--ours'));
    peer.push(child('--peer'));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const oursMs = median(ours.map((r) => r.ms));
  const peerMs = median(peer.map((r) => r.ms));
  const oursRss = Math.max(...ours.map((r) => r.rss_mb));
  console.log(
    `ours: ${ours.map((r) => r.ms.toFixed(0)).join(' / ')} ms, ${oursRss.toFixed(0)} MB RSS (max), ${ours[0]?.events} history events`,
  );
  console.log(
    `peer (aws-local-stepfunctions): ${peer.map((r) => r.ms.toFixed(0)).join(' / ')} ms, ${Math.max(...peer.map((r) => r.rss_mb)).toFixed(0)} MB RSS (max)`,
  );
  console.log(
    JSON.stringify({
      items: ITEMS,
      ours_ms: Math.round(oursMs),
      peer_ms: Math.round(peerMs),
      ratio: Math.round((peerMs / oursMs) * 100) / 100,
      ours_rss_mb: Math.round(oursRss),
    }),
  );
}
