import { z } from 'zod';
import { AccountIdSchema } from '../input/rollout-input.js';

/** An Organizations id: an account, an OU (`ou-…`) or a root (`r-…`). */
const ParentIdSchema = z
  .string()
  .regex(/^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/, 'must be an OU or root id');

/**
 * An Organizations event as EventBridge delivers it (via CloudTrail, in us-east-1): API calls as
 * "AWS API Call via CloudTrail", CreateAccount's asynchronous result as "AWS Service Event via
 * CloudTrail". Only the fields auto-deployment reads are checked; the rest passes.
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-organizations.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_cloudtrail-integration.html
 */
export const OrganizationsEventSchema = z.looseObject({
  source: z.literal('aws.organizations'),
  'detail-type': z.enum(['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail']),
  detail: z.looseObject({
    eventSource: z.literal('organizations.amazonaws.com'),
    eventName: z.string(),
    eventTime: z.string().optional(),
    /** Set when the call failed: nothing changed in the organization. */
    errorCode: z.string().optional(),
    requestParameters: z.looseObject({}).nullable().optional(),
    serviceEventDetails: z.looseObject({}).nullable().optional(),
  }),
});

/** How an account's place in the organization changed. */
export type AccountChange =
  | { kind: 'JOINED'; accountId: string }
  | { kind: 'MOVED'; accountId: string; from: string; to: string }
  | { kind: 'REMOVED'; accountId: string };

const CreateAccountResultSchema = z.object({
  createAccountStatus: z.looseObject({ state: z.string(), accountId: AccountIdSchema.optional() }),
});
const MoveAccountSchema = z.object({
  accountId: AccountIdSchema,
  sourceParentId: ParentIdSchema,
  destinationParentId: ParentIdSchema,
});
const RemoveAccountSchema = z.object({ accountId: AccountIdSchema });

/** Why an event was not turned into an account change (for the log). */
export interface IgnoredEvent {
  ignored: string;
}

/**
 * Reads what an Organizations event means for auto-deployment: a new account (CreateAccountResult
 * SUCCEEDED), an account moved between OUs (MoveAccount) or an account gone (RemoveAccountFromOrganization).
 * Failed calls and other events change no account's place and are ignored, saying why.
 * @throws Error naming the field when an event of those kinds lacks what it must carry
 */
export function accountChangeOf(event: unknown): AccountChange | IgnoredEvent {
  const parsed = OrganizationsEventSchema.safeParse(event);
  if (!parsed.success) {
    return {
      ignored: `not an Organizations event via CloudTrail: ${parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ')}`,
    };
  }
  const { detail } = parsed.data;
  if (detail.errorCode)
    return { ignored: `${detail.eventName} failed (${detail.errorCode}): nothing changed` };
  const field = <S extends z.ZodType>(schema: S, value: unknown, at: string): z.output<S> => {
    const r = schema.safeParse(value);
    if (!r.success) {
      throw new Error(
        `${detail.eventName} event: ${r.error.issues.map((i) => `${at}/${i.path.join('/')}: ${i.message}`).join('; ')}`,
      );
    }
    return r.data;
  };
  switch (detail.eventName) {
    case 'CreateAccountResult': {
      const { createAccountStatus } = field(
        CreateAccountResultSchema,
        detail.serviceEventDetails,
        '/detail/serviceEventDetails',
      );
      if (createAccountStatus.state !== 'SUCCEEDED' || !createAccountStatus.accountId) {
        return { ignored: `CreateAccountResult ${createAccountStatus.state}: no account was created` };
      }
      return { kind: 'JOINED', accountId: createAccountStatus.accountId };
    }
    case 'MoveAccount': {
      const p = field(MoveAccountSchema, detail.requestParameters, '/detail/requestParameters');
      return { kind: 'MOVED', accountId: p.accountId, from: p.sourceParentId, to: p.destinationParentId };
    }
    case 'RemoveAccountFromOrganization': {
      const p = field(RemoveAccountSchema, detail.requestParameters, '/detail/requestParameters');
      return { kind: 'REMOVED', accountId: p.accountId };
    }
    default:
      return { ignored: `${detail.eventName} does not move accounts in or out of OUs` };
  }
}

/**
 * The EventBridge rule's pattern: the three events above, from Organizations via CloudTrail.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export const AUTO_DEPLOYMENT_EVENT_PATTERN = {
  source: ['aws.organizations'],
  'detail-type': ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
  detail: {
    eventSource: ['organizations.amazonaws.com'],
    eventName: ['CreateAccountResult', 'MoveAccount', 'RemoveAccountFromOrganization'],
  },
} as const;
