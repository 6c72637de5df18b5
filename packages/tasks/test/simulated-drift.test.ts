import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import { afterEach, describe, expect, it } from 'vitest';
import { createAssumeRole, createAwsClients } from '../src/shared/index.js';
import { SimulatedEstate } from '../src/testing/index.js';

/**
 * The estate's drift detection, held to CloudFormation's documented behaviour:
 * DetectStackDrift returns a detection id at once and detection takes time; meanwhile
 * DescribeStackDriftDetectionStatus reports DETECTION_IN_PROGRESS; then DETECTION_COMPLETE with
 * StackDriftStatus DRIFTED (one or more resources differ) or IN_SYNC and DriftedStackResourceCount (0
 * when in sync); each run has a new id (at most 36 characters).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackDrift.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackDriftDetectionStatus.html
 */
describe('simulated drift detection', () => {
  let estate: SimulatedEstate | undefined;
  afterEach(() => estate?.uninstall());

  async function cloudFormationIn(accountId: string) {
    const clients = createAwsClients();
    const credentials = await createAssumeRole(
      clients,
      estate!.clock,
    )({
      roleArn: `arn:aws:iam::${accountId}:role/stackset-lite-deploy`,
      sessionName: 'drift-test',
      region: 'eu-west-1',
    });
    return new CloudFormationClient({ region: 'eu-west-1', credentials });
  }

  it('reports IN_PROGRESS, then DRIFTED only for a stack changed out of band, with a new id each run', async () => {
    estate = new SimulatedEstate().install();
    const [a] = estate.addAccounts(1);
    for (const name of ['stackset-lite-changed', 'stackset-lite-untouched']) {
      estate.cloudFormation.putStack({
        accountId: a!,
        region: 'eu-west-1',
        stackName: name,
        status: 'UPDATE_COMPLETE',
      });
    }
    estate.drift.driftStack(a!, 'eu-west-1', 'stackset-lite-changed');
    const cfn = await cloudFormationIn(a!);
    const first = await cfn.send(new DetectStackDriftCommand({ StackName: 'stackset-lite-changed' }));
    const second = await cfn.send(new DetectStackDriftCommand({ StackName: 'stackset-lite-untouched' }));
    expect(first.StackDriftDetectionId).not.toBe(second.StackDriftDetectionId);
    expect(first.StackDriftDetectionId!.length).toBeLessThanOrEqual(36);
    const status = (id: string | undefined) =>
      cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }));
    const running = await status(first.StackDriftDetectionId);
    expect(running.DetectionStatus).toBe('DETECTION_IN_PROGRESS');
    expect(running.StackDriftStatus).toBeUndefined();
    estate.virtualClock.advance(estate.drift.detectionMs);
    expect(await status(first.StackDriftDetectionId)).toMatchObject({
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'DRIFTED',
      DriftedStackResourceCount: 1,
    });
    expect(await status(second.StackDriftDetectionId)).toMatchObject({
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'IN_SYNC',
      DriftedStackResourceCount: 0,
    });
  });

  it('refuses a stack that does not exist, and a detection id of another account', async () => {
    estate = new SimulatedEstate().install();
    const [a, b] = estate.addAccounts(2);
    estate.cloudFormation.putStack({
      accountId: a!,
      region: 'eu-west-1',
      stackName: 'stackset-lite-x',
      status: 'CREATE_COMPLETE',
    });
    const cfnA = await cloudFormationIn(a!);
    await expect(
      cfnA.send(new DetectStackDriftCommand({ StackName: 'stackset-lite-missing' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    const { StackDriftDetectionId } = await cfnA.send(
      new DetectStackDriftCommand({ StackName: 'stackset-lite-x' }),
    );
    const cfnB = await cloudFormationIn(b!);
    await expect(
      cfnB.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
