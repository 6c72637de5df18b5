import { createDeployStackHandler, createPollStackHandler, createSilentLogger } from '@stackset-lite/tasks';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { expect, it } from 'vitest';

// The simulated-estate example of the README, kept runnable.
it('README: a failing create is reported with its root cause on virtual time', async () => {
  const estate = new SimulatedEstate({ seed: 42, latencies: { create: 60_000 } }).install();
  try {
    const [, broken] = estate.addAccounts(2) as [string, string];
    estate.faults.failCreate({ accountId: broken }, { rollback: 'ROLLBACK_COMPLETE' });
    const deps = { logger: createSilentLogger(), clock: estate.clock, sleep: async () => {} };
    // The installation's template bucket (the SAM template sets TEMPLATE_BUCKET_NAME/_REGION).
    const deploy = createDeployStackHandler({
      ...deps,
      templateBucket: { name: 'templates', region: 'eu-west-1' },
    });
    const poll = createPollStackHandler(deps);
    const event = (accountId: string) => ({
      operation: { name: 'baseline', executionId: 'run-1' },
      target: { accountId, region: 'eu-west-1' },
      stack: {
        name: 'baseline',
        templateUrl: 'https://templates.s3.amazonaws.com/t.yaml',
        serviceRoleName: 'stackset-lite-cloudformation',
      },
      deployRole: { roleName: 'stackset-lite-deploy' },
    });
    const started = await deploy(event(broken));
    expect(started).toMatchObject({ action: 'CREATE', outcome: 'STARTED' });
    estate.virtualClock.advance(120_000);
    expect(await poll({ ...event(broken), ...started })).toMatchObject({
      progress: 'NEEDS_INTERVENTION',
      stackStatus: 'ROLLBACK_COMPLETE',
      rootCause: { logicalResourceId: 'Bucket' },
    });
  } finally {
    estate.uninstall();
  }
});
