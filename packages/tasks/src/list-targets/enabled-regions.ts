import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../shared/aws-clients.js';
import { awsErrorName } from '../shared/aws-error.js';

/**
 * Errors a region's endpoints answer the orchestrator's credentials with when the region is not enabled
 * in the orchestrator's account: the account's tokens are not valid there (IAM user guide, "Managing AWS
 * STS in an AWS Region", id_credentials_temp_enable-regions: an opt-in region must be enabled in the
 * account that calls it).
 */
const NOT_ENABLED = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'AuthFailure']);

/**
 * The requested regions the orchestrator's own account cannot call: STS GetCallerIdentity (which needs
 * no permission) against each region's endpoint. Assuming a role through an opt-in region's STS needs the
 * region enabled in both the calling account and the role's: without the first, every target there fails.
 */
export async function regionsNotEnabled(clients: AwsClients, regions: readonly string[]): Promise<string[]> {
  const answers = await Promise.all(
    regions.map(async (region) => {
      try {
        await clients.sts({ region }).send(new GetCallerIdentityCommand({}));
        return undefined;
      } catch (error) {
        if (NOT_ENABLED.has(awsErrorName(error))) return region;
        throw error;
      }
    }),
  );
  return answers.filter((region): region is string => region !== undefined);
}
