#!/usr/bin/env node
/**
 * The `asl-local` bin. It always runs the CLI: the entry is reached through `node_modules/.bin/asl-local`
 * (a link whose path never looks like `cli/main.js`), so it must not guess from `process.argv[1]`
 * whether it was started directly. The program itself is in `asl-local-cli.ts`, which tests import.
 * @module
 */
import { exitQuietlyOnClosedStdout } from '@stackset-lite/asl-dsl/command-line';
import { main } from './asl-local-cli.js';

exitQuietlyOnClosedStdout();
process.exitCode = await main(process.argv.slice(2));
