import type { Command } from 'commander';
import { z } from 'zod';
import type { StageMode } from '../machine/stage-mode.js';
import {
  formatSimulationSummary,
  formatStageProgress,
  simulationJson,
} from '../simulate/simulation-summary.js';
import { parseOptions } from './cli-options.js';

/** The stage mode `simulate` runs unless told otherwise (the machine AWS runs). */
export const DEFAULT_SIMULATION_STAGE_MODE: StageMode = 'DISTRIBUTED';

const int = (min: number, max: number) =>
  z.coerce
    .number()
    .int(`must be a whole number`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const SimulateOptionsSchema = z.object({
  accounts: int(1, 20_000).default(50),
  regions: z
    .string()
    .default('eu-west-1,us-east-1')
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'each region must look like eu-west-1'))
        .min(1, 'needs at least one region'),
    ),
  failRate: z.coerce
    .number()
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .default(0.05),
  seed: int(0, 2 ** 31 - 1).default(1),
  suspended: int(0, 1_000).default(1),
  stageMode: z.enum(['DISTRIBUTED', 'INLINE']).default(DEFAULT_SIMULATION_STAGE_MODE),
  json: z.boolean().default(false),
  story: z.enum(['lifecycle'], { message: 'the only story is lifecycle' }).optional(),
});

/** `stackset-lite simulate [--accounts N] [--regions a,b] [--fail-rate p] [--seed s] [--json]` */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run the real machine on asl-local with the real tasks against a simulated AWS Organization')
    .option('--accounts <n>', 'active accounts in the simulated organization', '50')
    .option('--regions <list>', 'comma-separated regions', 'eu-west-1,us-east-1')
    .option('--fail-rate <p>', 'share of stack deployments that fail (0..1)', '0.05')
    .option('--seed <s>', 'seed of the random failures (replay a run with its seed)', '1')
    .option('--suspended <n>', 'suspended accounts (skipped)', '1')
    .option(
      '--stage-mode <mode>',
      'DISTRIBUTED (AWS) or INLINE (Step Functions Local)',
      DEFAULT_SIMULATION_STAGE_MODE,
    )
    .option('--json', 'print the report as one JSON line (the last line of stdout)')
    .option('--story <name>', "run a stack set's life instead of one rollout: lifecycle (nine checked steps)")
    .action(async (raw: unknown) => {
      const o = parseOptions(SimulateOptionsSchema, raw);
      if (o.story === 'lifecycle') {
        await runStory(o.json, o.seed);
        return;
      }
      const tty = process.stdout.isTTY && !o.json;
      if (!o.json) {
        process.stdout.write(
          `simulating ${o.accounts} accounts (+${o.suspended} suspended) × ${o.regions.length} regions, fail rate ${o.failRate}, seed ${o.seed}\n`,
        );
      }
      // Loaded on demand: the simulated estate is only needed here, never by `--help` or `build`.
      const { simulateRollout } = await import('../simulate/simulated-rollout.js');
      const result = await simulateRollout({
        accounts: o.accounts,
        regions: o.regions,
        failRate: o.failRate,
        seed: o.seed,
        suspendedAccounts: o.suspended,
        stageMode: o.stageMode as StageMode,
        onStage: (p) => {
          if (o.json) return;
          process.stdout.write(`${tty ? '\u001b[2K\r' : ''}${formatStageProgress(p)}\n`);
        },
      });
      if (o.json) process.stdout.write(`${simulationJson(result)}\n`);
      else process.stdout.write(`${formatSimulationSummary(result)}\n`);
      process.exitCode = result.execution.status === 'SUCCEEDED' ? 0 : 1;
    });
}

/** `simulate --story lifecycle`: narrated on a terminal, one JSON line with --json; exit 1 when a check fails. */
async function runStory(json: boolean, seed: number): Promise<void> {
  if (!json) {
    process.stdout.write(
      'A stack set on a simulated organization (OU of 20 accounts × 2 regions), with the real machine, handlers and the in-memory store:\n',
    );
  }
  // Loaded on demand, like the rollout simulation: only this command needs the estate.
  const { runLifecycleStory } = await import('../simulate/lifecycle-story.js');
  const { formatStoryStep, lifecycleStoryJson } = await import('../simulate/lifecycle-story-output.js');
  const result = await runLifecycleStory({
    seed,
    onStep: (step) => {
      if (!json) process.stdout.write(`${formatStoryStep(step)}\n`);
    },
  });
  if (json) process.stdout.write(`${lifecycleStoryJson(result)}\n`);
  else {
    const counts = Object.entries(result.instances)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ');
    process.stdout.write(
      `${result.ok ? 'every check passed' : 'SOME CHECKS FAILED'}; instances now: ${counts}\n`,
    );
  }
  process.exitCode = result.ok ? 0 : 1;
}
