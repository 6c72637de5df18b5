/**
 * The simulated estate's STS, held to its API reference and the IAM user guide: refused AssumeRole,
 * the external ID, opt-in regions, GetCallerIdentity.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SimulatedEstate } from '@stackset-lite/tasks/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { serviceApiReference } from './aws-sources.js';

let estate: SimulatedEstate | undefined;
afterEach(() => estate?.uninstall());

const assume = (region: string, account: string, ExternalId?: string) =>
  (estate as SimulatedEstate).clients.sts({ region }).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/stackset-lite-deploy`,
      RoleSessionName: 'conformance',
      ...(ExternalId && { ExternalId }),
    }),
  );

describe(`AssumeRole (${serviceApiReference('sts', 'AssumeRole')})`, () => {
  it('into an account that refuses it (its role, a suspended account) is AccessDenied "… is not authorized to perform: sts:AssumeRole on resource: <role>"', async () => {
    estate = new SimulatedEstate().install();
    const suspended = estate.organization.addAccount({ state: 'SUSPENDED' }).id;
    const denied = estate.organization.addAccount().id;
    estate.faults.denyAssumeRole(denied);
    for (const account of [suspended, denied]) {
      await expect(assume('eu-west-1', account)).rejects.toMatchObject({
        name: 'AccessDenied',
        message: expect.stringMatching(
          new RegExp(
            `is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account}:role/stackset-lite-deploy$`,
          ),
        ),
      });
    }
  });

  it('without the external ID the trust policy requires is AccessDenied (ExternalId: "the trust policy … requires it")', async () => {
    estate = new SimulatedEstate({ externalId: 'secret-id' }).install();
    const account = estate.organization.addAccount().id;
    await expect(assume('eu-west-1', account)).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume('eu-west-1', account, 'secret-id')).resolves.toMatchObject({
      Credentials: { AccessKeyId: expect.any(String) },
    });
  });

  it('through an opt-in region the target account has not enabled is RegionDisabledException (Errors: "STS is not activated in the requested region for the account that is being asked to generate credentials")', async () => {
    estate = new SimulatedEstate().install();
    const account = estate.organization.addAccount().id;
    estate.enableRegion(estate.organization.managementAccountId, 'af-south-1');
    await expect(assume('af-south-1', account)).rejects.toMatchObject({
      name: 'RegionDisabledException',
      message: expect.stringMatching(/^STS is not activated in the requested region/),
    });
    estate.enableRegion(account, 'af-south-1');
    await expect(assume('af-south-1', account)).resolves.toMatchObject({ Credentials: expect.any(Object) });
  });

  it("through an opt-in region the caller's own account has not enabled: its token is not valid there, InvalidClientTokenId (IAM user guide, id_credentials_temp_region-endpoints: tokens are valid only in regions enabled by default or enabled by the account)", async () => {
    estate = new SimulatedEstate().install();
    const account = estate.organization.addAccount().id;
    estate.enableRegion(account, 'af-south-1');
    await expect(assume('af-south-1', account)).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await expect(
      estate.clients.sts({ region: 'af-south-1' }).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });
});

describe(`GetCallerIdentity (${serviceApiReference('sts', 'GetCallerIdentity')}: "No permissions are required to perform this operation")`, () => {
  it("answers the caller's account in every region it has enabled", async () => {
    estate = new SimulatedEstate().install();
    const out = await estate.clients.sts({ region: 'eu-west-1' }).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(estate.organization.managementAccountId);
  });
});
