/** Runs one request through @cloud-copilot/iam-simulate and reduces it to a decision. */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from './role-policies.js';

/** What a case expects; `Denied` accepts an implicit or explicit deny. */
export type Decision = 'Allowed' | 'Denied' | 'ExplicitlyDenied';

/** What iam-simulate decided. */
export type IamResult = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** One request as IAM evaluates it. */
export interface IamRequest {
  /** The caller: a role session ARN, an IAM role ARN or a service principal. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly context?: Record<string, string | string[]>;
  readonly identity: { name: string; policy: PolicyDocument }[];
  readonly resourcePolicy?: PolicyDocument;
  /**
   * Whether the S3 bucket the request is about has ABAC enabled. S3 evaluates `aws:ResourceTag/*` and
   * `s3:BucketTag/*` of a general purpose bucket only then (S3 User Guide, "Enabling ABAC in general
   * purpose buckets"); with it off (S3's default) those keys are absent from the request.
   * @default false
   */
  readonly s3BucketAbacEnabled?: boolean;
}

/** Simulates `request`; a validation error (unknown action, key not valid for the action) throws. */
export async function decide(request: IamRequest): Promise<IamResult> {
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { ...request.context },
      },
      identityPolicies: request.identity,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
      additionalSettings: { s3: { bucketAbacEnabled: request.s3BucketAbacEnabled ?? false } },
    },
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(`simulation of ${request.action} is invalid: ${JSON.stringify(response.errors)}`);
  }
  const result = response.overallResult;
  if (result !== 'Allowed' && result !== 'ImplicitlyDenied' && result !== 'ExplicitlyDenied') {
    throw new Error(`unexpected simulation result ${String(result)}`);
  }
  return result;
}

/** True when `actual` satisfies the expected decision. */
export function satisfies(actual: string, expected: Decision): boolean {
  return expected === 'Denied'
    ? actual === 'ImplicitlyDenied' || actual === 'ExplicitlyDenied'
    : actual === expected;
}
