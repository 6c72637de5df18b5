import type { Command } from 'commander';
import { z } from 'zod';
import { parseOptions } from './cli-options.js';

const LocalRunOptionsSchema = z.object({
  stepFunctions: z.url().default('http://localhost:8083'),
  moto: z.url().default('http://127.0.0.1:5000'),
  shimPort: z.coerce.number().int().min(1).max(65_535).default(3001),
  accounts: z.coerce.number().int().min(1).max(50).default(3),
});

/** `stackset-lite local-run`: one rollout on the docker-compose setup (Step Functions Local + moto). */
export function registerLocalRunCommand(program: Command): void {
  program
    .command('local-run')
    .description('run one rollout on Step Functions Local + moto (start them with `docker compose up -d`)')
    .option('--step-functions <url>', 'Step Functions Local endpoint', 'http://localhost:8083')
    .option('--moto <url>', 'moto server endpoint', 'http://127.0.0.1:5000')
    .option(
      '--shim-port <port>',
      "port of the Lambda Invoke shim (Step Functions Local's LAMBDA_ENDPOINT)",
      '3001',
    )
    .option('--accounts <n>', 'member accounts to create in moto', '3')
    .action(async (raw: unknown) => {
      const o = parseOptions(LocalRunOptionsSchema, raw);
      // Loaded on demand: only this command needs the Lambda Invoke shim of asl-local/testing.
      const { runOnStepFunctionsLocal } = await import('../local/local-run.js');
      const result = await runOnStepFunctionsLocal(
        { stepFunctions: o.stepFunctions, moto: o.moto, shimPort: o.shimPort },
        { accounts: o.accounts },
      );
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exitCode = result.status === 'SUCCEEDED' ? 0 : 1;
    });
}
