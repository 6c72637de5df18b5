/**
 * Benchmark side, run in its own process: our DSL builds and serializes the 1,000-state machine.
 * Prints `{"timing":…,"output":"<ASL JSON>"}` as its last line.
 */
import { cond, resources, stateMachine } from '@stackset-lite/asl-dsl';
import { warmMedian } from '../harness/warm-median.js';
import { BLOCKS, FUNCTION_ARN, OURS_RUNS } from './compile-shape.js';

/** Declares, builds and serializes the machine: everything a user pays to get the JSON text. */
function buildOurs(): string {
  const m = stateMachine({ comment: 'bench' });
  for (let i = 0; i < BLOCKS; i++) {
    const last = i === BLOCKS - 1;
    m.pass(`Prepare ${i}`, {
      parameters: { block: i, 'items.$': '$.items', 'n.$': '$.n' },
      next: `Route ${i}`,
    });
    m.choice(`Route ${i}`, {
      choices: [{ when: cond.numericGreaterThan('$.n', i), next: `Call ${i}` }],
      default: `Each ${i}`,
    });
    m.task(`Call ${i}`, {
      resource: resources.lambdaInvoke(),
      parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
      resultPath: '$.result',
      errors: ['Lambda.TooManyRequestsException'],
      retry: [
        { errors: ['Lambda.TooManyRequestsException'], intervalSeconds: 2, maxAttempts: 3, backoffRate: 2 },
      ],
      catch: [{ errors: ['States.ALL'], next: `Each ${i}`, resultPath: '$.error' }],
      next: `Each ${i}`,
    });
    m.map(`Each ${i}`, {
      itemsPath: '$.items',
      maxConcurrency: 5,
      processor: (items) => {
        items.pass(`Item ${i}`, { end: true });
      },
      resultPath: '$.mapped',
      ...(last ? { end: true as const } : { next: `Prepare ${i + 1}` }),
    });
  }
  return m.toAsl();
}

const output = buildOurs();
const timing = warmMedian(buildOurs, OURS_RUNS.warmup, OURS_RUNS.samples);
console.log(JSON.stringify({ timing, output }));
