/**
 * Benchmark side, run in its own process: our validator on the 1,000-state definition.
 * Prints `{"timing":…,"states":N,"diagnostics":[…]}` as its last line.
 */
import { validate } from '@stackset-lite/asl-dsl';
import { warmMedian } from '../harness/warm-median.js';
import { countStates, thousandStateDefinition } from './validate-definition.js';

const definition = thousandStateDefinition();
const diagnostics = validate(definition);
const timing = warmMedian(() => validate(definition), 200, 151);
console.log(JSON.stringify({ timing, states: countStates(definition), diagnostics }));
