/**
 * The target-lister role must let the real listTargets handler walk the organization: every call it
 * makes against the simulated estate (recorded by the estate) is replayed through iam-simulate (IamReplay)
 * against the role's trust and policy as deployed in the management account.
 */
import { createListTargetsHandler, createSilentLogger } from '@stackset-lite/tasks';
import { IamReplay, type RecordedAwsCall, SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';

let estate: SimulatedEstate;
let calls: RecordedAwsCall[];

beforeEach(() => {
  estate = new SimulatedEstate().install();
  calls = estate.recordCalls();
});

afterEach(() => {
  estate.uninstall();
});

it('allows every Organizations call listTargets makes, whole organization and nested OUs', async () => {
  const { id: orgId, managementAccountId: mgmt, rootId } = estate.organization;
  const iam = new IamReplay({
    orchestratorAccountId: '111111111111',
    organizationId: orgId,
    externalId: 'ext-id',
    templateBucket: 'acme-templates',
    region: 'eu-west-1',
  });
  // The lister role as target-lister-role.yaml names it by default.
  const roleArn = `arn:aws:iam::${mgmt}:role/stackset-lite-target-lister`;
  expect(iam.role(roleArn), 'the replay should find the shipped lister role').toBeDefined();

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
    expect.arrayContaining(['AssumeRole', 'ListAccounts', 'ListAccountsForParent', 'ListChildren']),
  );
  // Every call: the AssumeRole against the lister role's trust, each Organizations call against its policy.
  const replayed = await iam.replay(calls);
  // sts:GetCallerIdentity (the check that every region is enabled) needs no permission.
  expect(replayed).toHaveLength(calls.filter((c) => !iam.needsNoPermission(c)).length);
  expect(calls.some((c) => c.operation === 'GetCallerIdentity')).toBe(true);
  for (const { call, request, decision } of replayed) {
    expect(decision, `${request.action} ${JSON.stringify(call.input)}`).toBe('Allowed');
  }
});
