import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { createAssumeRole } from '@stackset-lite/tasks';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';

/** An installed estate, one member account, and a CloudFormation client signed as its deploy role. */
export async function cloudFormationSession(
  options: ConstructorParameters<typeof SimulatedEstate>[0] = {},
  region = 'eu-west-1',
): Promise<{ estate: SimulatedEstate; account: string; cfn: CloudFormationClient }> {
  const estate = new SimulatedEstate(options).install();
  const account = estate.organization.addAccount().id;
  const credentials = await createAssumeRole(
    estate.clients,
    estate.clock,
  )({
    roleArn: `arn:aws:iam::${account}:role/stackset-lite-deploy`,
    sessionName: 'conformance',
    region,
  });
  return { estate, account, cfn: estate.clients.cloudFormation({ region, credentials }) };
}

export const TEMPLATE_URL = 'https://templates.s3.eu-west-1.amazonaws.com/conformance.yaml';
