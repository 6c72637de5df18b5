import { Logger } from '@aws-lambda-powertools/logger';
import {
  callAws,
  createDeployStackHandler,
  DeployStackInput,
  InvalidInput,
  isThrottling,
  parseEvent,
  roleArnFor,
  Throttled,
} from '@stackset-lite/tasks';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { describe, expect, it, vi } from 'vitest';
import { deployEvent, TEMPLATE_BUCKET } from './support/fixture.js';

const awsError = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('throttling classification', () => {
  it.each([
    'Throttling',
    'ThrottlingException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'SlowDown',
  ])('%s is throttling', (name) => expect(isThrottling(awsError(name))).toBe(true));
  it('recognises "Rate exceeded" whatever the code', () => {
    expect(isThrottling(awsError('ValidationError', 'Rate exceeded'))).toBe(true);
    expect(isThrottling(awsError('ValidationError', 'Stack with id x does not exist'))).toBe(false);
  });
  it('callAws turns throttling into Throttled and passes other errors through', async () => {
    await expect(
      callAws('cloudformation:DescribeStacks', () => Promise.reject(awsError('Throttling', 'Rate exceeded'))),
    ).rejects.toBeInstanceOf(Throttled);
    const other = awsError('AccessDenied');
    await expect(callAws('x', () => Promise.reject(other))).rejects.toBe(other);
  });
});

describe('parseEvent', () => {
  it('reports JSON pointers for every bad field', () => {
    try {
      parseEvent(DeployStackInput, { operation: {}, target: { accountId: 1 } }, 'deployStack');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInput);
      const paths = (error as InvalidInput).issues.map((i) => i.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/operation/name',
          '/operation/executionId',
          '/target/accountId',
          '/stack',
          '/deployRole',
        ]),
      );
    }
  });
});

describe('roleArnFor', () => {
  it('follows the partition of the region', () => {
    expect(roleArnFor('123456789012', 'deploy', 'eu-west-1')).toBe('arn:aws:iam::123456789012:role/deploy');
    expect(roleArnFor('123456789012', 'deploy', 'cn-north-1')).toBe(
      'arn:aws-cn:iam::123456789012:role/deploy',
    );
    expect(roleArnFor('123456789012', 'path/deploy', 'us-gov-west-1')).toBe(
      'arn:aws-us-gov:iam::123456789012:role/path/deploy',
    );
  });
});

describe('structured logs', () => {
  it('carry account, region, stack and operation, and never credentials', async () => {
    const estate = new SimulatedEstate().install();
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const account = estate.organization.addAccount().id;
      const logger = new Logger({ serviceName: 'deployStack', logLevel: 'INFO' });
      await createDeployStackHandler({ logger, clock: estate.clock, templateBucket: TEMPLATE_BUCKET })(
        deployEvent(account),
      );
    } finally {
      write.mockRestore();
      estate.uninstall();
    }
    const records = lines
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({
        message: 'deployStack',
        accountId: expect.any(String),
        region: 'eu-west-1',
        stackName: 'baseline',
        operation: 'baseline',
        outcome: 'STARTED',
      }),
    );
    const all = lines.join('\n');
    expect(all).not.toMatch(/ASIA|simulated-secret|simulated-session|secretAccessKey|sessionToken/i);
  });
});
