/**
 * The target-lister role must let the real listTargets handler walk the organization: every
 * Organizations call it makes against the simulated estate is replayed through iam-simulate against
 * the role's policy as deployed in the management account.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { createListTargetsHandler, createSilentLogger } from '@stackset-lite/tasks';
import { decide, loadTemplate, resolveTemplate, SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';

let estate: SimulatedEstate;
let calls: { operation: string; input: Record<string, unknown> }[];
let restoreSend: () => void;

beforeEach(() => {
  estate = new SimulatedEstate().install();
  calls = [];
  const prototype = OrganizationsClient.prototype as unknown as {
    send: (
      command: { constructor: { name: string }; input: Record<string, unknown> },
      ...rest: unknown[]
    ) => unknown;
  };
  const mocked = prototype.send;
  prototype.send = function (this: unknown, command, ...rest) {
    calls.push({ operation: command.constructor.name.replace(/Command$/, ''), input: command.input });
    return mocked.call(this, command, ...rest);
  };
  restoreSend = () => {
    prototype.send = mocked;
  };
});

afterEach(() => {
  restoreSend();
  estate.uninstall();
});

/** The resource ARN IAM evaluates for one Organizations call. */
function resourceOf(operation: string, input: Record<string, unknown>): string {
  const { id: orgId, managementAccountId: mgmt } = estate.organization;
  const parent = String(input.ParentId ?? '');
  const parentArn = parent.startsWith('r-')
    ? `arn:aws:organizations::${mgmt}:root/${orgId}/${parent}`
    : `arn:aws:organizations::${mgmt}:ou/${orgId}/${parent}`;
  switch (operation) {
    case 'ListChildren':
    case 'ListAccountsForParent':
    case 'ListOrganizationalUnitsForParent':
      return parentArn;
    case 'DescribeAccount':
      return `arn:aws:organizations::${mgmt}:account/${orgId}/${String(input.AccountId)}`;
    case 'DescribeOrganizationalUnit':
      return `arn:aws:organizations::${mgmt}:ou/${orgId}/${String(input.OrganizationalUnitId)}`;
    default:
      return '*';
  }
}

it('allows every Organizations call listTargets makes, whole organization and nested OUs', async () => {
  const { id: orgId, managementAccountId: mgmt, rootId } = estate.organization;
  const template = resolveTemplate(loadTemplate('target-lister-role.yaml'), {
    parameters: { OrchestratorAccountId: '111111111111', ExternalId: 'ext-id', OrganizationId: orgId },
    accountId: mgmt,
    region: 'eu-west-1',
  });
  const properties = template.Resources.TargetListerRole?.Properties as {
    RoleName: string;
    Policies: { PolicyName: string; PolicyDocument: never }[];
  };
  const identity = properties.Policies.map((p) => ({ name: p.PolicyName, policy: p.PolicyDocument }));
  const roleArn = `arn:aws:iam::${mgmt}:role/${properties.RoleName}`;

  const outer = estate.organization.addOrganizationalUnit({ parentId: rootId });
  const inner = estate.organization.addOrganizationalUnit({ parentId: outer });
  estate.addAccounts(2, { parentId: outer });
  estate.addAccounts(2, { parentId: inner });
  estate.addAccounts(1);
  const listTargets = createListTargetsHandler({
    logger: createSilentLogger(),
    clock: estate.clock,
    region: 'eu-west-1',
  });
  const base = {
    operation: { name: 'baseline', executionId: 'arn:aws:states:eu-west-1:111111111111:execution:ssl:run-1' },
    managementAccount: { roleArn, externalId: 'ext-id' },
    regions: ['eu-west-1'],
  };
  expect((await listTargets(base)).count).toBe(5);
  expect((await listTargets({ ...base, targets: { organizationalUnitIds: [outer] } })).count).toBe(4);

  const operations = new Set(calls.map((c) => c.operation));
  expect([...operations].sort()).toEqual(
    expect.arrayContaining(['ListAccounts', 'ListAccountsForParent', 'ListChildren']),
  );
  for (const call of calls) {
    const decision = await decide({
      principal: `arn:aws:sts::${mgmt}:assumed-role/${properties.RoleName}/stackset-lite`,
      action: `organizations:${call.operation}`,
      resource: resourceOf(call.operation, call.input),
      resourceAccount: mgmt,
      context: { 'aws:PrincipalArn': roleArn },
      identity,
    });
    expect(decision, `organizations:${call.operation} ${JSON.stringify(call.input)}`).toBe('Allowed');
  }
});
