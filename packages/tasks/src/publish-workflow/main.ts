#!/usr/bin/env node
import { publishWorkflowCli } from './cli.js';

process.exitCode = await publishWorkflowCli(process.argv.slice(2));
