import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The Lambda entry points (`handler`) with their default wiring — real SDK clients with adaptive
// retries, STS AssumeRole with a credentials cache, a Powertools logger — against the simulated estate.
let estate: SimulatedEstate;
beforeAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.AWS_REGION = 'eu-west-1';
  // What the SAM template sets on deployStack.
  process.env.TEMPLATE_BUCKET_NAME = 'templates';
  process.env.TEMPLATE_BUCKET_REGION = 'eu-west-1';
  estate = new SimulatedEstate().install();
});
afterAll(() => estate.uninstall());

describe('default handler wiring', () => {
  it('listTargets → deployStack → pollStack → notify, as Lambda would run them', async () => {
    const [{ handler: listTargets }, { handler: deployStack }, { handler: pollStack }, { handler: notify }] =
      await Promise.all([
        import('../src/list-targets/handler.js'),
        import('../src/deploy-stack/handler.js'),
        import('../src/poll-stack/handler.js'),
        import('../src/notify/handler.js'),
      ]);
    const [account] = estate.addAccounts(1);
    const operation = { name: 'baseline', executionId: 'run-1' };
    const listed = await listTargets({
      operation,
      managementAccount: { roleArn: 'arn:aws:iam::111111111111:role/stackset-lite-target-lister' },
      regions: ['eu-west-1'],
    });
    if (listed.storage !== 'INLINE') throw new Error('expected an inline target list');
    expect(listed.targets).toEqual([expect.objectContaining({ accountId: account, status: 'PENDING' })]);

    const request = {
      operation,
      target: listed.targets[0]!,
      stack: {
        name: 'baseline',
        templateUrl: 'https://templates.s3.amazonaws.com/v1.yaml',
        serviceRoleName: 'stackset-lite-cloudformation',
      },
      deployRole: { roleName: 'stackset-lite-deploy' },
    };
    const started = await deployStack(request);
    expect(started).toMatchObject({ action: 'CREATE', outcome: 'STARTED' });
    // Wall-clock handlers: the estate's virtual clock moves, the handlers' real clock does not matter.
    estate.virtualClock.advance(started.waitSeconds * 1000);
    const follow = { ...request, stackName: started.stackName };
    let polled = await pollStack({ ...follow, deploy: started });
    // The estate's durations vary (±20%): look again as the machine would.
    while (polled.progress === 'IN_PROGRESS') {
      estate.virtualClock.advance(polled.nextPollSeconds * 1000);
      polled = await pollStack({ ...follow, deploy: started, previous: polled });
    }
    expect(polled).toMatchObject({ progress: 'SUCCEEDED', stackStatus: 'CREATE_COMPLETE' });

    // Lambda passes its context: notify publishes only to a topic of the function's own account.
    const notified = await notify(
      {
        operation,
        results: [{ accountId: account!, region: 'eu-west-1', status: 'SUCCEEDED' }],
        topicArn: 'arn:aws:sns:eu-west-1:111111111111:stackset-lite',
        reportBucket: 'ssl-reports',
      },
      { invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:stackset-lite-notify' },
    );
    expect(notified.subject).toBe('stackset-lite baseline DEPLOY: 1 ok of 1');
    expect(estate.sns.messages).toHaveLength(1);
  });
});
