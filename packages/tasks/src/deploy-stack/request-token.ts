import { createHash } from 'node:crypto';

/** The steps of one target's operation that each need their own idempotency token. */
export type TokenStep =
  | 'create'
  | 'changeset'
  | 'execute'
  | 'delete'
  | 'recreate-delete'
  | 'force-delete'
  | 'continue';

/**
 * Deterministic names and tokens for one execution × target × stack × action, so a retried Lambda reuses
 * them: CloudFormation then treats the repeat as the same request, and the change set it already made is
 * found by name. Shapes fit CloudFormation's `[a-zA-Z][-a-zA-Z0-9]*` (≤128).
 */
export interface OperationTokens {
  changeSetName: string;
  token(step: TokenStep): string;
}

/** Every change set stackset-lite creates is named with this prefix (IAM's cloudformation:ChangeSetName). */
export const CHANGE_SET_NAME_PREFIX = 'stackset-lite-';

/** Derives the tokens of one target's operation. */
export function operationTokens(parts: {
  executionId: string;
  accountId: string;
  region: string;
  stackName: string;
  action: string;
}): OperationTokens {
  const digest = createHash('sha256')
    .update([parts.executionId, parts.accountId, parts.region, parts.stackName, parts.action].join('\n'))
    .digest('hex')
    .slice(0, 32);
  return {
    changeSetName: `${CHANGE_SET_NAME_PREFIX}${digest}`,
    token: (step) => `ssl-${digest}-${step}`,
  };
}
