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

/**
 * S3 puts the owner of the bucket into every request as `s3:ResourceAccount` (Service Authorization
 * Reference, Amazon S3 condition keys: "Filters access by the resource owner AWS account ID"): the
 * request's resource account, unless the case sets it.
 */
function s3Owner(request: IamRequest): Record<string, string> {
  return request.action.startsWith('s3:') ? { 's3:ResourceAccount': request.resourceAccount } : {};
}

/** `arn:<partition>:cloudformation:<region>:<owner>:transform/<Name>`: a transform (macro) a template uses. */
const TRANSFORM_ARN = /^arn:aws[a-z-]*:cloudformation:[^:]*:[^:]+:transform\/[^/]+$/;

/** Simulates `request`; a validation error (unknown action, key not valid for the action) throws. */
export async function decide(request: IamRequest): Promise<IamResult> {
  if (TRANSFORM_ARN.test(request.resource)) return decideOnTransform(request);
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { ...s3Owner(request), ...request.context },
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

/**
 * CloudFormation checks cloudformation:CreateChangeSet on a template's transform ARN (user guide,
 * "Controlling access with IAM", using-iam-template), but the Service Authorization Reference lists no
 * transform resource type, so iam-simulate rejects the request ("no.resource.types"). Decided here with
 * the identity policies alone: an explicit Deny wins, else an Allow whose Action and Resource match and
 * that has no Condition (the shipped roles put none on transforms); wildcards as in IAM (`*`, `?`).
 */
function decideOnTransform(request: IamRequest): IamResult {
  let allowed = false;
  for (const { policy } of request.identity) {
    for (const statement of policy.Statement as {
      Effect: string;
      Action?: unknown;
      Resource?: unknown;
      Condition?: unknown;
    }[]) {
      if (!matchesAny(statement.Action, request.action) || !matchesAny(statement.Resource, request.resource))
        continue;
      if (statement.Effect === 'Deny') {
        if (statement.Condition === undefined) return 'ExplicitlyDenied';
        // A conditioned Deny matches only when its keys are in the request: StringLike and
        // ForAnyValue operators on an absent key evaluate to false (IAM User Guide, "Condition
        // operators"). With the keys present, this minimal evaluator does not model the operators.
        const keys = Object.values(statement.Condition as Record<string, Record<string, unknown>>).flatMap(
          (operator) => Object.keys(operator),
        );
        const operators = Object.keys(statement.Condition as Record<string, unknown>);
        const absentIsFalse = operators.every(
          (o) => !o.endsWith('IfExists') && o !== 'Null' && !o.startsWith('ForAllValues:'),
        );
        if (absentIsFalse && keys.every((key) => !(key in (request.context ?? {})))) continue;
        throw new Error(
          `a conditioned Deny on a transform is not modelled: ${JSON.stringify(statement.Condition)}`,
        );
      }
      if (statement.Condition === undefined) allowed = true;
    }
  }
  return allowed ? 'Allowed' : 'ImplicitlyDenied';
}

function matchesAny(patterns: unknown, value: string): boolean {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  return list.some((pattern) => {
    if (typeof pattern !== 'string') return false;
    const regex = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${regex}$`, 'i').test(value);
  });
}
