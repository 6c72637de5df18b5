/**
 * Benchmark side, run in its own process: our validator on the 1,000-state definition, or with
 * `diamonds N` on the JSON text of N Choice+Assign diamonds (the scaling row).
 * Prints `{"timing":…,"states":N,"diagnostics":[…]}` as its last line.
 */
import { validate } from '@stackset-lite/asl-dsl';
import { warmMedian } from '../harness/warm-median.js';
import { countStates, thousandStateDefinition } from './validate-definition.js';
import { diamondDefinition } from './validate-diamonds.js';

const [kind, size] = process.argv.slice(2);
if (kind === 'diamonds') {
  const definition = diamondDefinition(Number(size));
  const text = JSON.stringify(definition);
  const diagnostics = validate(text);
  const timing = warmMedian(() => validate(text), 5, 15);
  console.log(JSON.stringify({ timing, states: countStates(definition), diagnostics }));
} else {
  const definition = thousandStateDefinition();
  const diagnostics = validate(definition);
  const timing = warmMedian(() => validate(definition), 200, 151);
  console.log(JSON.stringify({ timing, states: countStates(definition), diagnostics }));
}
