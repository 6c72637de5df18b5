/**
 * Benchmark side, run in its own process: aws-local-stepfunctions runs the 10,000-item Map (its
 * retry pauses overridden to 0 ms, as ours run on a virtual clock), after an untimed 1,000-item
 * warm-up execution. Prints
 * `{"ms":N,"rss_mb":N,"peak_rss_mb":N,"baseline_rss_mb":N}` as its last line.
 */
import { createRequire } from 'node:module';
import {
  benchDefinition,
  benchInput,
  checkOutput,
  ITEMS,
  makeWorker,
  memoryMb,
  WARMUP_ITEMS,
} from './engine-machine.js';

const require = createRequire(import.meta.url);
const { StateMachine } = require('aws-local-stepfunctions') as typeof import('aws-local-stepfunctions');

/** One execution over `items` items; returns its wall time. */
async function run(items: number): Promise<number> {
  const input = benchInput(items);
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
  checkOutput(out, items);
  return ms;
}

/** Items of the timed execution: the first argument, else ITEMS. */
const items = process.argv[2] === undefined ? ITEMS : Number(process.argv[2]);
const baseline = memoryMb();
await run(WARMUP_ITEMS);
const ms = await run(items);
console.log(JSON.stringify({ ms, ...memoryMb(), baseline_rss_mb: baseline.rss_mb }));
