/**
 * Benchmark side, run in its own process: aws-local-stepfunctions runs the 10,000-item Map (its
 * retry pauses overridden to 0 ms, as ours run on a virtual clock). Prints
 * `{"ms":N,"rss_mb":N,"peak_rss_mb":N,"baseline_rss_mb":N}` as its last line.
 */
import { createRequire } from 'node:module';
import { benchDefinition, benchInput, checkOutput, makeWorker, memoryMb } from './engine-machine.js';

const require = createRequire(import.meta.url);
const { StateMachine } = require('aws-local-stepfunctions') as typeof import('aws-local-stepfunctions');

const baseline = memoryMb();
const input = benchInput();
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
checkOutput(out);
console.log(JSON.stringify({ ms, ...memoryMb(), baseline_rss_mb: baseline.rss_mb }));
