/**
 * Benchmark side, run in its own process: asl-validator (the popular peer) on the same definition.
 * Prints `{"timing":…,"isValid":bool}` as its last line.
 */
import { createRequire } from 'node:module';
import { warmMedian } from '../harness/warm-median.js';
import { thousandStateDefinition } from './validate-definition.js';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (definition: unknown) => { isValid: boolean };

// asl-validator writes QueryLanguage into every state it is given; it is a copy nobody else reads.
const definition = thousandStateDefinition();
const { isValid } = aslValidator(definition);
const timing = warmMedian(() => aslValidator(definition), 5, 15);
console.log(JSON.stringify({ timing, isValid }));
