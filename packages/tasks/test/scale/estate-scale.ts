/**
 * Measures the real deployStack and pollStack handlers against the simulated estate at scale.
 * Not a test (no timing assertions): run by hand from packages/tasks and read the JSON line.
 *
 *   node --expose-gc --conditions=@stackset-lite/source --import tsx test/scale/estate-scale.ts [accounts] [--sdk-clients]
 *
 * Default 10,000 accounts × 2 regions, all deployStack calls in flight at once, then all pollStack calls,
 * 1% seeded random failures; `--sdk-clients` builds a real SDK client per call instead of estate.clients.
 */
import { createDeployStackHandler, createPollStackHandler, createSilentLogger } from '@stackset-lite/tasks';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';

const accountCount = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 10_000);
const sdkClients = process.argv.includes('--sdk-clients');
const regions = ['eu-west-1', 'us-east-1'];

const estate = new SimulatedEstate({ seed: 42 }).install();
const accounts = estate.addAccounts(accountCount);
estate.faults.setRandomFailureRate(0.01, 42);
const deps = {
  logger: createSilentLogger(),
  clock: estate.clock,
  ...(sdkClients ? {} : { clients: estate.clients }),
};
const deploy = createDeployStackHandler({
  ...deps,
  templateBucket: { name: 'templates', region: 'us-east-1' },
});
const poll = createPollStackHandler(deps);
const operation = { name: 'scale', executionId: 'scale-1' };
const deployRole = { roleName: 'stackset-lite-deploy' };

const cpuStart = process.cpuUsage();
const t0 = performance.now();
const started = await Promise.all(
  accounts.flatMap((accountId) =>
    regions.map((region) =>
      deploy({
        operation,
        target: { accountId, region },
        stack: {
          name: 'scale',
          templateUrl: 'https://templates.s3.amazonaws.com/scale.yaml',
          serviceRoleName: 'stackset-lite-cloudformation',
        },
        deployRole,
      }),
    ),
  ),
);
const t1 = performance.now();
estate.virtualClock.advance(120_000);
const polled = await Promise.all(
  started.map((s) =>
    poll({
      operation,
      target: { accountId: s.accountId, region: s.region },
      ...s,
      deployRole,
    }),
  ),
);
const t2 = performance.now();
const cpu = process.cpuUsage(cpuStart);
const progress: Record<string, number> = {};
for (const p of polled) progress[p.progress] = (progress[p.progress] ?? 0) + 1;
(globalThis as { gc?: () => void }).gc?.();
console.log(
  JSON.stringify({
    bench: 'tasks-estate-scale',
    clients: sdkClients ? 'sdk' : 'estate',
    targets: started.length,
    deployWallMs: Math.round(t1 - t0),
    pollWallMs: Math.round(t2 - t1),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    progress,
    heapAfterGcMB: Math.round(process.memoryUsage().heapUsed / 1e6),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
estate.uninstall();
