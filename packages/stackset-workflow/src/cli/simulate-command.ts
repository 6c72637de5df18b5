import type { Command } from 'commander';
import { z } from 'zod';
import { StackNamePrefixSchema } from '../input/rollout-input.js';
import type { StageMode } from '../machine/stage-mode.js';
import { formatSimulationSummary, simulationJson, simulationReport } from '../simulate/simulation-summary.js';
import { parseOptions, UsageError } from './cli-options.js';
import { checkReportPath, writeReport } from './report-file.js';
import { readRolloutInputFile } from './rollout-input-file.js';
import type { ProgressMode, ProgressStream } from './simulation-progress.js';
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
  input: z.string().min(1, 'needs a file').optional(),
  report: z.string().min(1, 'needs a file').optional(),
  stackNamePrefix: StackNamePrefixSchema.optional(),
  story: z.enum(['lifecycle'], { message: 'the only story is lifecycle' }).optional(),
});

/** Widest summary line: the terminal's width up to 120 columns; 100 off a terminal. */
function summaryWidth(stream: ProgressStream): number {
  return stream.isTTY && stream.columns ? Math.min(stream.columns, 120) : 100;
}

/**
 * `stackset-lite simulate [--accounts N] [--regions a,b] [--fail-rate p] [--seed s] [--input rollout.json]
 * [--report out.json] [--json]`. Exit 0 when the rollout succeeded, 1 when it failed, 2 for bad options
 * or input.
 */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run the real machine on asl-local with the real tasks against a simulated AWS Organization')
    .option(
      '--accounts <n>',
      'active accounts in the simulated organization (with --input: in its OUs)',
      '50',
    )
    .option(
      '--regions <list>',
      'comma-separated regions (not with --input: it names its regions)',
      'eu-west-1,us-east-1',
    )
    .option('--fail-rate <p>', 'share of stack deployments that fail (0..1)', '0.05')
    .option('--seed <s>', 'seed of the random failures (replay a run with its seed)', '1')
    .option('--suspended <n>', 'suspended accounts (skipped)', '1')
    .option(
      '--stage-mode <mode>',
      'DISTRIBUTED (AWS) or INLINE (Step Functions Local)',
      DEFAULT_SIMULATION_STAGE_MODE,
    )
    .option('--input <file>', 'simulate your own rollout input (the execution input JSON), validated first')
    .option(
      '--stack-name-prefix <prefix>',
      "with --input: your installation's StackNamePrefix (default stackset-lite-; '' allows any name)",
    )
    .option('--report <file>', 'write the full report (every target with its final status) as JSON')
    .option('--json', 'print only the report as one JSON line on stdout')
    .option('--story <name>', "run a stack set's life instead of one rollout: lifecycle (nine checked steps)")
    .action(async (raw: unknown, command: Command) => {
      const o = parseOptions(SimulateOptionsSchema, raw);
      if (o.story === 'lifecycle') {
        if (o.input || o.report) throw new UsageError('--story: not with --input or --report');
        await runStory(o.json, o.seed);
        return;
      }
      if (o.input && command.getOptionValueSource('regions') === 'cli') {
        throw new UsageError(
          '--regions: the --input file names its regions (targets.regions); drop --regions',
        );
      }
      if (o.stackNamePrefix !== undefined && !o.input) {
        throw new UsageError('--stack-name-prefix: applies to an --input file only');
      }
      const inputFile =
        o.input !== undefined
          ? readRolloutInputFile(
              o.input,
              o.stackNamePrefix === undefined ? {} : { stackNamePrefix: o.stackNamePrefix },
            )
          : undefined;
      if (o.report) checkReportPath(o.report);

      // Under --json stdout carries the JSON alone: progress goes to stderr, and only to a terminal.
      const stream: ProgressStream = o.json ? process.stderr : process.stdout;
      const mode: ProgressMode = stream.isTTY ? 'bars' : o.json ? 'off' : 'lines';
      if (!o.json) {
        const input = inputFile?.input;
        process.stdout.write(
          input
            ? `simulating ${o.input}: ${input.operation} ${input.stackName} × ${input.targets.regions.length} regions; ${o.accounts} accounts (+${o.suspended} suspended) in its OUs, fail rate ${o.failRate}, seed ${o.seed}\n`
            : `simulating ${o.accounts} accounts (+${o.suspended} suspended) × ${o.regions.length} regions, fail rate ${o.failRate}, seed ${o.seed}\n`,
        );
      }
      // Loaded on demand: the simulated estate and the progress bars are only needed here, never by
      // `--help` or `build`.
      const { simulateRollout } = await import('../simulate/simulated-rollout.js');
      const { scenarioForInput } = await import('../simulate/input-estate.js');
      const { SimulationProgress } = await import('./simulation-progress.js');
      const progress = new SimulationProgress(stream, mode);
      const scenario = inputFile
        ? scenarioForInput(inputFile.input, inputFile.document, {
            accounts: o.accounts,
            suspended: o.suspended,
            ...(o.stackNamePrefix !== undefined && { stackNamePrefix: o.stackNamePrefix }),
          })
        : { accounts: o.accounts, regions: o.regions, suspendedAccounts: o.suspended };
      let result: Awaited<ReturnType<typeof simulateRollout>>;
      try {
        result = await simulateRollout({
          ...scenario,
          failRate: o.failRate,
          seed: o.seed,
          stageMode: o.stageMode as StageMode,
          onProgress: progress.onProgress,
          onStage: progress.onStage,
        });
      } finally {
        progress.finish();
      }
      if (o.report) {
        writeReport(
          o.report,
          simulationReport(result, {
            ...(o.input ? { input: o.input } : { accounts: o.accounts, regions: o.regions }),
            suspended: o.suspended,
            failRate: o.failRate,
            seed: o.seed,
            stageMode: o.stageMode,
          }),
        );
      }
      if (o.json) process.stdout.write(`${simulationJson(result)}\n`);
      else {
        process.stdout.write(
          `\n${formatSimulationSummary(result, {
            width: summaryWidth(process.stdout),
            ...(o.report && { reportPath: o.report }),
          })}\n`,
        );
      }
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
