import { ListParentsCommand } from '@aws-sdk/client-organizations';
import { type AwsClients, type Clock, callAws, createAssumeRole } from '@stackset-lite/tasks';
import type { OrganizationLookup } from './auto-deployment.js';

/**
 * Organizations' ListParents through the management account's lister role (an account or OU has
 * exactly one parent), walked up to the root.
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListParents.html
 */
export function createOrganizationLookup(deps: {
  clients: AwsClients;
  clock: Clock;
  managementRole: { roleArn: string; externalId?: string };
  region: string;
}): OrganizationLookup {
  const assumeRole = createAssumeRole(deps.clients, deps.clock);
  return {
    ancestorsOf: async (id) => {
      const credentials = await assumeRole({
        roleArn: deps.managementRole.roleArn,
        ...(deps.managementRole.externalId && { externalId: deps.managementRole.externalId }),
        sessionName: 'stackset-lite-auto-deployment',
        region: deps.region,
      });
      const organizations = deps.clients.organizations({ region: deps.region, credentials });
      const chain: string[] = [];
      // Organizations nests OUs at most five levels deep: the walk is short.
      for (let child = id; chain.length < 10; ) {
        const out = await callAws('organizations:ListParents', () =>
          organizations.send(new ListParentsCommand({ ChildId: child })),
        );
        const parent = out.Parents?.[0];
        if (!parent?.Id) break;
        chain.push(parent.Id);
        if (parent.Type === 'ROOT') break;
        child = parent.Id;
      }
      return chain;
    },
  };
}
