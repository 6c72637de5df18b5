/**
 * Replays the AWS calls a simulated estate recorded through @cloud-copilot/iam-simulate against the
 * shipped role templates, as deployed with one installation's parameters: the evidence that the
 * handlers' real calls are allowed by the least-privilege roles (and that wrong ones are not).
 */
import { loadTemplate } from './cloudformation-template.js';
import { decide, type IamRequest, type IamResult } from './iam-decision.js';
import {
  bucketPolicy,
  type PolicyDocument,
  principalTagContext,
  type RolePolicies,
  rolePolicies,
} from './role-policies.js';
import type { RecordedAwsCall } from './simulated-estate.js';
import { s3LocationOfTemplateUrl } from './template-url.js';

/** The installation the templates are deployed with. */
export interface IamInstallation {
  /** Account of the state machine, its Lambdas and the template bucket. */
  readonly orchestratorAccountId: string;
  readonly organizationId: string;
  readonly externalId: string;
  readonly templateBucket: string;
  /** Region the role templates are resolved in (their policies use wildcards for regions). */
  readonly region: string;
  /**
   * Further template parameters, by the templates' names (e.g. DeployRoleName, ServiceRoleName,
   * StackNamePrefix, OrchestratorRoleName); absent ones take the templates' defaults.
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * The orchestrator Lambda role's policies (e.g. from the SAM template). Absent: its side of each
   * AssumeRole is taken as allowed (only the trust policy is tested) and the calls it makes with its
   * own credentials (S3, SNS) are not replayed.
   */
  readonly orchestratorRole?: RolePolicies;
  /**
   * The role of the workflow's own task Lambdas (the SAM template's WorkflowTasksRole): planRollout's
   * ValidateTemplate, and CloudFormation's read of the template with it, are replayed against it.
   * Absent: those calls are not replayed.
   */
  readonly workflowTasksRole?: RolePolicies;
  /**
   * The target accounts' aws:PrincipalOrgPaths entry (`<org id>/<root id>/<ou id>/…/`).
   * @default "<organizationId>/r-ab12/" (accounts directly under the root)
   */
  readonly principalOrgPath?: string;
}

/** One IAM decision behind one recorded call. */
export interface ReplayedRequest {
  readonly call: RecordedAwsCall;
  readonly request: IamRequest;
  readonly decision: IamResult;
}

/** CloudFormation actions that carry tags for the stack they create or change (aws:RequestTag). */
const TAGS_ON_CREATE = new Set(['CreateStack', 'CreateChangeSet']);
/** CloudFormation actions whose RoleARN IAM checks (cloudformation:RoleArn and iam:PassRole). */
const PASSES_ROLE = new Set([
  'CreateChangeSet',
  'CreateStack',
  'UpdateStack',
  'DeleteStack',
  'ContinueUpdateRollback',
]);

const ALLOW_ASSUME_ANY_ROLE: { name: string; policy: PolicyDocument } = {
  name: 'orchestrator-not-modelled',
  policy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
  },
};

/**
 * Turns recorded calls into the IAM requests AWS would evaluate for them and decides each with
 * iam-simulate. Identical requests are decided once.
 */
export class IamReplay {
  readonly #installation: IamInstallation;
  readonly #parameters: Record<string, string>;
  readonly #roles = new Map<string, RolePolicies | undefined>();
  readonly #templateBucketPolicy: PolicyDocument;
  readonly #decisions = new Map<string, Promise<IamResult>>();

  constructor(installation: IamInstallation) {
    this.#installation = installation;
    this.#parameters = {
      OrchestratorAccountId: installation.orchestratorAccountId,
      ExternalId: installation.externalId,
      TemplateBucketName: installation.templateBucket,
      // The template bucket lives in the installation's region (the SAM stack creates it there).
      TemplateBucketRegion: installation.region,
      BucketName: installation.templateBucket,
      OrganizationId: installation.organizationId,
      ...installation.parameters,
    };
    this.#templateBucketPolicy = bucketPolicy(loadTemplate('template-bucket.yaml'), 'TemplateBucketPolicy', {
      parameters: this.#parameters,
      accountId: installation.orchestratorAccountId,
      region: installation.region,
    });
  }

  /** The orchestrator Lambda role's ARN (OrchestratorRoleName in the orchestrator account). */
  get orchestratorRoleArn(): string {
    const name = this.#parameters.OrchestratorRoleName ?? 'stackset-lite-orchestrator';
    return `arn:aws:iam::${this.#installation.orchestratorAccountId}:role/${name}`;
  }

  /**
   * The shipped role behind `roleArn` (the deploy role or the target-lister role, as deployed in that
   * ARN's account), or undefined for a role the templates do not create.
   */
  role(roleArn: string): RolePolicies | undefined {
    if (this.#roles.has(roleArn)) return this.#roles.get(roleArn);
    const accountId = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1];
    let found: RolePolicies | undefined;
    if (accountId) {
      const context = { parameters: this.#parameters, accountId, region: this.#installation.region };
      const candidates = [
        () => rolePolicies(loadTemplate('target-account-roles.yaml'), 'DeployRole', context),
        // The lister template's own RoleName parameter; other templates' RoleName values don't apply.
        () =>
          rolePolicies(loadTemplate('target-lister-role.yaml'), 'TargetListerRole', {
            ...context,
            parameters: {
              ...this.#parameters,
              RoleName: this.#parameters.ListerRoleName ?? 'stackset-lite-target-lister',
            },
          }),
      ];
      found = candidates.map((load) => load()).find((r) => r.arn === roleArn);
    }
    this.#roles.set(roleArn, found);
    return found;
  }

  /**
   * Calls IAM does not authorize: sts:GetCallerIdentity ("No permissions are required to perform this
   * operation", STS API reference).
   */
  needsNoPermission(call: RecordedAwsCall): boolean {
    return call.service === 'sts' && call.operation === 'GetCallerIdentity';
  }

  /** The IAM requests behind one recorded call (empty for calls this replay does not model). */
  requestsFor(call: RecordedAwsCall): IamRequest[] {
    if (this.needsNoPermission(call)) return [];
    if (call.service === 'sts' && call.operation === 'AssumeRole') return [this.#assumeRole(call)];
    if (call.session) {
      const role = this.role(call.session.roleArn);
      const identity = role?.identity ?? [];
      const roleName = call.session.roleArn.split('/').pop() ?? '';
      const principal = `arn:aws:sts::${call.session.accountId}:assumed-role/${roleName}/stackset-lite`;
      const base = { principal, identity, resourceAccount: call.session.accountId };
      const who = { 'aws:PrincipalArn': call.session.roleArn };
      if (call.service === 'organizations') {
        return [
          {
            ...base,
            action: `organizations:${call.operation}`,
            resource: this.#organizationsResource(call),
            context: who,
          },
        ];
      }
      if (call.service === 'cloudformation') return this.#cloudFormation(call, base, who);
      return [];
    }
    if (call.service === 'cloudformation' && call.operation === 'ValidateTemplate') {
      return this.#validateTemplate(call);
    }
    const orchestrator = this.#installation.orchestratorRole;
    if (!orchestrator) return [];
    const base = {
      principal: `arn:aws:sts::${this.#installation.orchestratorAccountId}:assumed-role/${orchestrator.name}/lambda`,
      identity: orchestrator.identity,
      resourceAccount: this.#installation.orchestratorAccountId,
      context: { 'aws:PrincipalArn': orchestrator.arn },
    };
    if (call.service === 's3') {
      return [
        {
          ...base,
          action: `s3:${call.operation}`,
          resource: `arn:aws:s3:::${String(call.input.Bucket)}/${String(call.input.Key)}`,
        },
      ];
    }
    if (call.service === 'sns') {
      return [{ ...base, action: `sns:${call.operation}`, resource: String(call.input.TopicArn) }];
    }
    return [];
  }

  /** Every request behind `calls`, decided. */
  async replay(calls: readonly RecordedAwsCall[]): Promise<ReplayedRequest[]> {
    const out: ReplayedRequest[] = [];
    for (const call of calls) {
      for (const request of this.requestsFor(call)) {
        const key = JSON.stringify(request);
        let decision = this.#decisions.get(key);
        if (!decision) {
          decision = decide(request);
          this.#decisions.set(key, decision);
        }
        out.push({ call, request, decision: await decision });
      }
    }
    return out;
  }

  /**
   * ValidateTemplate from the orchestrator account (no resource type: "*"), and CloudFormation's read
   * of its TemplateURL with the same credentials, against the identity policy and the bucket policy.
   */
  #validateTemplate(call: RecordedAwsCall): IamRequest[] {
    const role = this.#installation.workflowTasksRole;
    if (!role) return [];
    const base = {
      principal: `arn:aws:sts::${this.#installation.orchestratorAccountId}:assumed-role/${role.name}/lambda`,
      identity: role.identity,
      resourceAccount: this.#installation.orchestratorAccountId,
    };
    const who = { 'aws:PrincipalArn': role.arn };
    const requests: IamRequest[] = [
      { ...base, action: 'cloudformation:ValidateTemplate', resource: '*', context: who },
    ];
    const read = this.#templateRead(call, base, { ...who, ...principalTagContext(role) });
    if (read) requests.push(read);
    return requests;
  }

  /**
   * CloudFormation's read of a call's TemplateURL with the caller's credentials (the bucket is in the
   * orchestrator account): the identity policy and, for the template bucket, its bucket policy.
   */
  #templateRead(
    call: RecordedAwsCall,
    base: Pick<IamRequest, 'principal' | 'identity'>,
    callerContext: IamRequest['context'],
  ): IamRequest | undefined {
    const location =
      typeof call.input.TemplateURL === 'string'
        ? s3LocationOfTemplateUrl(call.input.TemplateURL)
        : undefined;
    if (!location) return undefined;
    return {
      ...base,
      action: 's3:GetObject',
      resource: `arn:aws:s3:::${location.bucket}/${location.key}`,
      resourceAccount: this.#installation.orchestratorAccountId,
      context: {
        ...callerContext,
        'aws:PrincipalOrgID': this.#installation.organizationId,
        'aws:SecureTransport': 'true',
      },
      ...(location.bucket === this.#installation.templateBucket && {
        resourcePolicy: this.#templateBucketPolicy,
      }),
    };
  }

  #assumeRole(call: RecordedAwsCall): IamRequest {
    const roleArn = String(call.input.RoleArn ?? '');
    const target = this.role(roleArn);
    const orchestrator = this.#installation.orchestratorRole;
    const context: Record<string, string> = {
      'aws:PrincipalArn': this.orchestratorRoleArn,
      'aws:ResourceOrgID': this.#installation.organizationId,
      'aws:PrincipalOrgID': this.#installation.organizationId,
    };
    if (typeof call.input.ExternalId === 'string') context['sts:ExternalId'] = call.input.ExternalId;
    const roleName = this.orchestratorRoleArn.split('/').pop() ?? '';
    return {
      principal: `arn:aws:sts::${this.#installation.orchestratorAccountId}:assumed-role/${roleName}/lambda`,
      action: 'sts:AssumeRole',
      resource: roleArn,
      resourceAccount: roleArn.split(':')[4] ?? '',
      context,
      identity: orchestrator ? orchestrator.identity : [ALLOW_ASSUME_ANY_ROLE],
      // A role the templates do not create has no trust policy here: the request is denied.
      ...(target && { resourcePolicy: target.trust }),
    };
  }

  #cloudFormation(
    call: RecordedAwsCall,
    base: { principal: string; identity: IamRequest['identity']; resourceAccount: string },
    who: Record<string, string>,
  ): IamRequest[] {
    const { accountId } = call.session ?? { accountId: '' };
    const named = typeof call.input.StackName === 'string' ? call.input.StackName : undefined;
    const stackName = named?.replace(/^arn:.*:stack\/([^/]+)\/.*$/, '$1');
    const context: Record<string, string | string[]> = { ...who };
    // The stack's tags as CloudFormation reported them when the call arrived: none for a stack that a
    // CREATE change set left in REVIEW_IN_PROGRESS (AWS-recorded), none for a stack not yet created.
    for (const [key, value] of Object.entries(call.stackTags ?? {}))
      context[`aws:ResourceTag/${key}`] = value;
    const tags = TAGS_ON_CREATE.has(call.operation)
      ? ((call.input.Tags ?? []) as { Key: string; Value: string }[])
      : [];
    const requestTags: Record<string, string | string[]> = {};
    for (const tag of tags) requestTags[`aws:RequestTag/${tag.Key}`] = tag.Value;
    if (tags.length > 0) requestTags['aws:TagKeys'] = tags.map((t) => t.Key);
    Object.assign(context, requestTags);
    if (TAGS_ON_CREATE.has(call.operation) && call.input.TemplateURL) {
      context['cloudformation:TemplateUrl'] = String(call.input.TemplateURL);
    }
    if (typeof call.input.ChangeSetName === 'string' && !call.input.ChangeSetName.startsWith('arn:')) {
      context['cloudformation:ChangeSetName'] = call.input.ChangeSetName;
    }
    const roleArn = typeof call.input.RoleARN === 'string' ? call.input.RoleARN : undefined;
    if (roleArn && PASSES_ROLE.has(call.operation)) context['cloudformation:RoleArn'] = roleArn;
    const requests: IamRequest[] = [
      {
        ...base,
        action: `cloudformation:${call.operation}`,
        // DescribeStacks without a name lists every stack: IAM evaluates it against "*".
        resource: stackName
          ? `arn:aws:cloudformation:${call.region}:${accountId}:stack/${stackName}/00000000-0000-0000-0000-000000000000`
          : '*',
        context,
      },
    ];
    // Tag-on-create: tags given while creating are authorized as cloudformation:TagResource with
    // cloudformation:CreateAction (Service Authorization Reference, AWS CloudFormation condition keys).
    if (tags.length > 0) {
      requests.push({
        ...base,
        action: 'cloudformation:TagResource',
        resource: requests[0]!.resource,
        context: { ...who, ...requestTags, 'cloudformation:CreateAction': call.operation },
      });
    }
    if (roleArn && PASSES_ROLE.has(call.operation)) {
      requests.push({
        ...base,
        action: 'iam:PassRole',
        resource: roleArn,
        context: { ...who, 'iam:PassedToService': 'cloudformation.amazonaws.com' },
      });
    }
    // CloudFormation fetches TemplateURL with the caller's credentials: the deploy role's identity
    // policy and the template bucket's policy must both allow the read (the bucket is in the
    // orchestrator account).
    const read = this.#templateRead(call, base, {
      ...who,
      ...principalTagContext(this.role(call.session?.roleArn ?? '') ?? { tags: {} }),
      'aws:PrincipalOrgPaths': [
        this.#installation.principalOrgPath ?? `${this.#installation.organizationId}/r-ab12/`,
      ],
    });
    if (read) requests.push(read);
    return requests;
  }

  #organizationsResource(call: RecordedAwsCall): string {
    const { organizationId: orgId } = this.#installation;
    const mgmt = call.session?.accountId ?? '';
    const parent = String(call.input.ParentId ?? '');
    const parentArn = parent.startsWith('r-')
      ? `arn:aws:organizations::${mgmt}:root/${orgId}/${parent}`
      : `arn:aws:organizations::${mgmt}:ou/${orgId}/${parent}`;
    switch (call.operation) {
      case 'ListChildren':
      case 'ListAccountsForParent':
      case 'ListOrganizationalUnitsForParent':
        return parentArn;
      case 'DescribeAccount':
        return `arn:aws:organizations::${mgmt}:account/${orgId}/${String(call.input.AccountId)}`;
      case 'DescribeOrganizationalUnit':
        return `arn:aws:organizations::${mgmt}:ou/${orgId}/${String(call.input.OrganizationalUnitId)}`;
      default:
        return '*';
    }
  }
}
