import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type PublishWorkflowCliIo, publishWorkflowCli } from '../../src/publish-workflow/index.js';

const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);

const ASL = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } });

function io(files: Record<string, string> = { 'machine.asl.json': ASL }) {
  const out: string[] = [];
  const err: string[] = [];
  const regions: (string | undefined)[] = [];
  let clock = 0;
  const value: PublishWorkflowCliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    dependencies: (region) => {
      regions.push(region);
      return {
        s3: new S3Client({ region: region ?? 'eu-west-1' }),
        cloudFormation: new CloudFormationClient({ region: region ?? 'eu-west-1' }),
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
      };
    },
  };
  return { io: value, out, err, regions };
}

const required = [
  '--stack',
  'orders-workflow',
  '--definition',
  'machine.asl.json',
  '--bucket',
  'workflows-bucket',
];

beforeEach(() => {
  cfn.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  cfn.on(CreateChangeSetCommand).resolves({});
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'orders-workflow',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(0),
        Parameters: [
          { ParameterKey: 'S3Key', ParameterValue: 's3://workflows-bucket/old.json' },
          { ParameterKey: 'SMResource', ParameterValue: 'StateMachine' },
        ],
      },
    ],
  });
});

describe('publish-workflow CLI', () => {
  it('prints the result as one JSON line and progress on stderr; exit 0 on no changes', async () => {
    cfn
      .on(DescribeChangeSetCommand)
      .resolves({ Status: 'FAILED', StatusReason: 'No updates are to be performed.' });
    const run = io();
    expect(await publishWorkflowCli([...required, '--region', 'eu-central-1'], run.io)).toBe(0);
    expect(JSON.parse(run.out[0] ?? '')).toMatchObject({ outcome: 'NO_CHANGES' });
    expect(run.err).toContainEqual(
      expect.stringMatching(/^uploaded s3:\/\/workflows-bucket\/workflows\/orders-workflow\//),
    );
    expect(run.regions).toEqual(['eu-central-1']);
  });

  it('exits 1 with the error code and message, no stack trace', async () => {
    cfn
      .on(DescribeChangeSetCommand)
      .resolves({ Status: 'FAILED', StatusReason: 'Transform failed with: bucket "x" is not allowed' });
    const run = io();
    expect(await publishWorkflowCli(required, run.io)).toBe(1);
    const last = run.err.at(-1) ?? '';
    expect(last).toMatch(
      /^publish-workflow: CHANGE_SET_FAILED: change set publish-workflow-.* failed: Transform failed with: bucket "x" is not allowed$/,
    );
    expect(run.err.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('exits 1 naming an unexpected AWS error', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' }));
    const run = io();
    expect(await publishWorkflowCli(required, run.io)).toBe(1);
    expect(run.err.at(-1)).toBe('publish-workflow: AWS call failed: AccessDenied: User is not authorized');
  });

  it.each([
    [['--stack', 'x', '--bucket', 'b'], /--definition is required/],
    [[...required, '--timeout', 'soon'], /--timeout must be a number of seconds/],
    [[...required, '--colour'], /Unknown option '--colour'/],
  ])('exits 2 on bad usage %j', async (argv, message) => {
    const run = io();
    expect(await publishWorkflowCli(argv, run.io)).toBe(2);
    expect(run.err[0]).toMatch(message);
    expect(run.err[1]).toMatch(/^usage: publish-workflow/);
  });

  it('exits 2 when the definition file cannot be read', async () => {
    const run = io({});
    expect(await publishWorkflowCli(required, run.io)).toBe(2);
    expect(run.err).toEqual(['publish-workflow: cannot read --definition machine.asl.json (ENOENT)']);
  });

  it('prints usage for --help', async () => {
    const run = io();
    expect(await publishWorkflowCli(['--help'], run.io)).toBe(0);
    expect(run.out[0]).toMatch(/^usage: publish-workflow --stack/);
  });
});
