import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samTemplate } from '../../src/build/sam-template.js';
import { stacksetMachine } from '../../src/machine/stackset-machine.js';
import { STACK_SET_TABLE_DEFINITION } from '../../src/stack-set/table-items.js';

interface Resource {
  Type: string;
  DeletionPolicy?: string;
  Properties: Record<string, unknown>;
}
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

const template = samTemplate(stacksetMachine()) as { Resources: Record<string, Resource> };
const statements = (roleId: string): Statement[] =>
  (
    (template.Resources[roleId]?.Properties.Policies ?? []) as {
      PolicyDocument: { Statement: Statement[] };
    }[]
  ).flatMap((p) => p.PolicyDocument.Statement);
const dynamoStatements = (roleId: string) =>
  statements(roleId).filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));

describe('the SAM template creates the stack set table', () => {
  it('on-demand, with point-in-time recovery and encryption, retained on stack deletion, keyed as the store expects', () => {
    const table = template.Resources.StackSetTable;
    expect(table?.Type).toBe('AWS::DynamoDB::Table');
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: STACK_SET_TABLE_DEFINITION.KeySchema,
      AttributeDefinitions: STACK_SET_TABLE_DEFINITION.AttributeDefinitions,
    });
    expect(table?.DeletionPolicy).toBe('Retain');
  });

  it('only our own tasks may use it: item reads, queries and writes on that table, no Scan, no table management', () => {
    const granted = dynamoStatements('WorkflowTasksRole');
    expect(granted).toHaveLength(1);
    expect(granted[0]?.Resource).toEqual({ 'Fn::GetAtt': ['StackSetTable', 'Arn'] });
    expect([granted[0]?.Action].flat().sort()).toEqual(
      [
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    // The cross-account role (deployStack, pollStack, listTargets, notify) gets no table access.
    expect(dynamoStatements('OrchestratorRole')).toEqual([]);
    // Auto-deployment and drift detection have their own role: the same table statement.
    expect(dynamoStatements('StackSetOperationsRole')).toEqual(granted);
  });

  it('starting the next queued operation is allowed on our machine and our drift function only', () => {
    for (const role of ['WorkflowTasksRole', 'StackSetOperationsRole']) {
      const starts = statements(role).filter((s) =>
        [s.Action].flat().some((a) => /^(states|lambda):/.test(a)),
      );
      expect(starts.map((s) => [s.Action, JSON.stringify(s.Resource)])).toEqual([
        ['states:StartExecution', expect.stringContaining(':stateMachine:stackset-lite')],
        ['lambda:InvokeFunction', expect.stringContaining(':function:${AWS::StackName}-detect-drift')],
      ]);
    }
  });

  it('auto-deployment listens to the Organizations events through an EventBridge rule, and sweeps queued operations', () => {
    const fn = template.Resources.AutoDeploymentFunction?.Properties as {
      Events: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    expect(fn.Events.OrganizationsEvents).toEqual({
      Type: 'EventBridgeRule',
      Properties: {
        Pattern: {
          source: ['aws.organizations'],
          'detail-type': ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
          detail: {
            eventSource: ['organizations.amazonaws.com'],
            eventName: ['CreateAccountResult', 'MoveAccount', 'RemoveAccountFromOrganization'],
          },
        },
      },
    });
    expect(fn.Events.QueuedOperations?.Type).toBe('Schedule');
  });

  const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (cfnLint.error)
    console.warn(`skipping the cfn-lint check of the SAM template: cfn-lint is not runnable here`);
  it.skipIf(cfnLint.error)(
    'passes cfn-lint (SAM transform included) with no error',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ssl-sam-'));
      const file = join(dir, 'template.json');
      await writeFile(file, JSON.stringify(template));
      const run = spawnSync('cfn-lint', ['--format', 'parseable', file], { encoding: 'utf8' });
      // Exit code is a bit mask: 2 = errors (4 warnings and 8 informational are reported, not failed on).
      const errors = run.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
      expect(errors).toEqual([]);
      expect((run.status ?? 0) & 2).toBe(0);
    },
    120_000,
  );
});
