/**
 * Benchmark side, run in its own process: asl-local runs the 10,000-item Map with full history
 * recording (the 25,000-event limit switched off for this run), after an untimed 1,000-item warm-up
 * execution. Prints
 * `{"ms":N,"rss_mb":N,"peak_rss_mb":N,"baseline_rss_mb":N,"events":N}` as its last line.
 */
import { startExecution } from '@stackset-lite/asl-local';
import {
  benchDefinition,
  benchInput,
  checkOutput,
  ITEMS,
  makeWorker,
  memoryMb,
  WARMUP_ITEMS,
} from './engine-machine.js';

/** One execution over `items` items; returns its wall time and history size. */
async function run(items: number): Promise<{ ms: number; events: number }> {
  const input = benchInput(items);
  const t0 = performance.now();
  const r = await startExecution({
    definition: benchDefinition() as never,
    input,
    handlers: { work: makeWorker() as never },
    options: { limits: { maxHistoryEvents: false } },
  });
  const ms = performance.now() - t0;
  if (r.status !== 'SUCCEEDED') throw new Error(`ours: ${r.status} ${r.error} ${r.cause}`);
  checkOutput(r.output, items);
  return { ms, events: r.historyEventCount };
}

/** Items of the timed execution: the first argument, else ITEMS. */
const items = process.argv[2] === undefined ? ITEMS : Number(process.argv[2]);
const baseline = memoryMb();
await run(WARMUP_ITEMS);
const { ms, events } = await run(items);
console.log(JSON.stringify({ ms, ...memoryMb(), baseline_rss_mb: baseline.rss_mb, events }));
