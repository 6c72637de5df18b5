import { describe, expect, it } from 'vitest';
import createAccountResult from '../../src/simulate/organizations-events/create-account-result.json' with {
  type: 'json',
};
import createAccountResultFailed from '../../src/simulate/organizations-events/create-account-result-failed.json' with {
  type: 'json',
};
import moveAccount from '../../src/simulate/organizations-events/move-account.json' with { type: 'json' };
import removeAccount from '../../src/simulate/organizations-events/remove-account-from-organization.json' with {
  type: 'json',
};
import { AUTO_DEPLOYMENT_EVENT_PATTERN, accountChangeOf } from '../../src/stack-set/organizations-event.js';

// The events' shapes as AWS records and documents them: see src/simulate/organizations-events/SOURCES.md.
describe('Organizations events (CloudTrail via EventBridge) as auto-deployment reads them', () => {
  it('CreateAccountResult SUCCEEDED: a new account joined (serviceEventDetails.createAccountStatus.accountId)', () => {
    expect(accountChangeOf(createAccountResult)).toEqual({ kind: 'JOINED', accountId: '444455556666' });
  });

  it('CreateAccountResult FAILED carries no account: ignored, saying why', () => {
    expect(accountChangeOf(createAccountResultFailed)).toEqual({
      ignored: 'CreateAccountResult FAILED: no account was created',
    });
  });

  it('MoveAccount: the account, where it came from and where it went (requestParameters)', () => {
    expect(accountChangeOf(moveAccount)).toEqual({
      kind: 'MOVED',
      accountId: '549271133721',
      from: 'ou-yjkv-hhd1qqua',
      to: 'ou-yjkv-lmdswesj',
    });
  });

  it('RemoveAccountFromOrganization: the account gone (requestParameters.accountId)', () => {
    expect(accountChangeOf(removeAccount)).toEqual({ kind: 'REMOVED', accountId: '555555555555' });
  });

  it('a failed call (errorCode) changed nothing; other Organizations calls do not move accounts', () => {
    const failed = structuredClone(moveAccount) as { detail: Record<string, unknown> };
    failed.detail.errorCode = 'AccessDenied';
    expect(accountChangeOf(failed)).toEqual({
      ignored: 'MoveAccount failed (AccessDenied): nothing changed',
    });
    const other = structuredClone(moveAccount) as { detail: Record<string, unknown> };
    other.detail.eventName = 'TagResource';
    expect(accountChangeOf(other)).toEqual({
      ignored: 'TagResource does not move accounts in or out of OUs',
    });
  });

  it('a malformed MoveAccount names the field; a non-Organizations event is ignored', () => {
    const bad = structuredClone(moveAccount) as { detail: { requestParameters: Record<string, unknown> } };
    bad.detail.requestParameters.destinationParentId = 'not-an-ou';
    expect(() => accountChangeOf(bad)).toThrow(
      /\/detail\/requestParameters\/destinationParentId: must be an OU or root id/,
    );
    expect(accountChangeOf({ source: 'aws.s3', detail: {} })).toMatchObject({
      ignored: expect.stringMatching(/^not an Organizations event/),
    });
  });

  it('the EventBridge rule matches exactly these events and nothing else of theirs', () => {
    const matches = (event: {
      source: string;
      'detail-type': string;
      detail: { eventSource: string; eventName: string };
    }) =>
      AUTO_DEPLOYMENT_EVENT_PATTERN.source.includes(event.source as 'aws.organizations') &&
      (AUTO_DEPLOYMENT_EVENT_PATTERN['detail-type'] as readonly string[]).includes(event['detail-type']) &&
      (AUTO_DEPLOYMENT_EVENT_PATTERN.detail.eventName as readonly string[]).includes(event.detail.eventName);
    for (const event of [createAccountResult, moveAccount, removeAccount]) expect(matches(event)).toBe(true);
    expect(matches({ ...moveAccount, detail: { ...moveAccount.detail, eventName: 'TagResource' } })).toBe(
      false,
    );
  });
});
