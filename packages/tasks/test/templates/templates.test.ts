import { readFileSync } from 'node:fs';
import { allowedContextKeysForRequest, isWildcardOnlyAction } from '@cloud-copilot/iam-simulate';
import { loadTemplate, resolveTemplate, TEMPLATE_FILES, TEMPLATES_DIR } from '@stackset-lite/tasks/testing';
import { describe, expect, it } from 'vitest';

/**
 * The resource types the templates may use and each one's top-level properties, from the CloudFormation
 * template reference: a misspelt type or property fails here instead of at deploy time.
 */
const RESOURCE_PROPERTIES: Record<string, readonly string[]> = {
  'AWS::IAM::Role': [
    'AssumeRolePolicyDocument',
    'Description',
    'ManagedPolicyArns',
    'MaxSessionDuration',
    'Path',
    'PermissionsBoundary',
    'Policies',
    'RoleName',
    'Tags',
  ],
  'AWS::S3::Bucket': [
    'BucketName',
    'BucketEncryption',
    'VersioningConfiguration',
    'OwnershipControls',
    'PublicAccessBlockConfiguration',
    'LifecycleConfiguration',
    'LoggingConfiguration',
    'Tags',
  ],
  'AWS::S3::BucketPolicy': ['Bucket', 'PolicyDocument'],
  'AWS::Lambda::Function': [
    'Architectures',
    'Code',
    'Description',
    'Environment',
    'FunctionName',
    'Handler',
    'LoggingConfig',
    'MemorySize',
    'Role',
    'Runtime',
    'Timeout',
    'Tags',
  ],
  'AWS::Logs::LogGroup': ['LogGroupName', 'RetentionInDays', 'KmsKeyId', 'Tags'],
  'AWS::CloudFormation::Macro': ['Name', 'Description', 'FunctionName', 'LogGroupName', 'LogRoleARN'],
  'AWS::StepFunctions::StateMachine': [
    'Definition',
    'DefinitionS3Location',
    'DefinitionString',
    'DefinitionSubstitutions',
    'RoleArn',
    'StateMachineName',
    'StateMachineType',
    'LoggingConfiguration',
    'TracingConfiguration',
    'Tags',
  ],
};

/** Lambda runtimes stackset-lite supports (the brief: Node 22/24). */
const LAMBDA_RUNTIMES = ['nodejs22.x', 'nodejs24.x'];

const parameters = {
  OrchestratorAccountId: '111111111111',
  ExternalId: 'external-id',
  TemplateBucketName: 'templates-bucket',
  TemplateBucketRegion: 'eu-west-1',
  BucketName: 'templates-bucket',
  OrganizationId: 'o-abcdef1234',
  WorkflowBucketName: 'workflows-bucket',
  CodeBucketName: 'artifacts-bucket',
  S3Key: 's3://workflows-bucket/k.json',
};
const context = { parameters, accountId: '222222222222', region: 'eu-west-1' };

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: unknown;
  NotResource?: unknown;
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every policy statement in a resolved template, labelled with where it is. */
function statements(
  file: string,
): { where: string; kind: 'trust' | 'identity' | 'resource'; statement: Statement }[] {
  const template = resolveTemplate(loadTemplate(file), context);
  const out: { where: string; kind: 'trust' | 'identity' | 'resource'; statement: Statement }[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const properties = (resource.Properties ?? {}) as Record<string, unknown>;
    const push = (kind: 'trust' | 'identity' | 'resource', document: unknown, label: string) => {
      for (const statement of (document as { Statement: Statement[] }).Statement) {
        out.push({ where: `${file} ${logicalId} ${label} ${statement.Sid ?? ''}`, kind, statement });
      }
    };
    if (resource.Type === 'AWS::IAM::Role') {
      push('trust', properties.AssumeRolePolicyDocument, 'trust');
      for (const policy of (properties.Policies ?? []) as { PolicyName: string; PolicyDocument: unknown }[]) {
        push('identity', policy.PolicyDocument, policy.PolicyName);
      }
    }
    if (resource.Type === 'AWS::S3::BucketPolicy')
      push('resource', properties.PolicyDocument, 'bucket policy');
  }
  return out;
}

describe.each(TEMPLATE_FILES)('template %s', (file) => {
  const template = loadTemplate(file);

  it('uses only known resource types and their documented properties', () => {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const known = RESOURCE_PROPERTIES[resource.Type];
      expect(known, `${logicalId} has unexpected type ${resource.Type}`).toBeDefined();
      const properties = Object.keys((resource.Properties ?? {}) as Record<string, unknown>);
      const unknown = properties.filter((p) => !known?.includes(p));
      expect(unknown, `${logicalId} (${resource.Type}) has unknown properties`).toEqual([]);
    }
  });

  it('resolves every Ref, Fn::Sub and Fn::GetAtt and uses every parameter', () => {
    expect(() => resolveTemplate(template, context)).not.toThrow();
    const text = readFileSync(`${TEMPLATES_DIR}${file}`, 'utf-8');
    // The injectWorkflow macro reads these two itself.
    const readByMacro = template.Transform === 'StepFunctionWorkflowInjector' ? ['S3Key', 'SMResource'] : [];
    for (const name of Object.keys(template.Parameters)) {
      if (readByMacro.includes(name)) continue;
      const used = new RegExp(`(!Ref ${name}\\b|\\$\\{${name}\\}|Ref: ${name}\\b)`).test(text);
      expect(used, `parameter ${name} is declared but never used`).toBe(true);
    }
  });

  it('grants no wildcard actions and no NotAction/NotResource in Allow statements', () => {
    for (const { where, statement } of statements(file)) {
      if (statement.Effect !== 'Allow') continue;
      expect(statement.NotAction, where).toBeUndefined();
      expect(statement.NotResource, where).toBeUndefined();
      for (const action of list(statement.Action)) {
        expect(action, `${where} grants a wildcard action`).not.toContain('*');
        expect(action, `${where} grants a wildcard action`).not.toContain('?');
      }
    }
  });

  it('uses Resource "*" only for actions that have no resource type', async () => {
    for (const { where, kind, statement } of statements(file)) {
      if (statement.Effect !== 'Allow' || kind !== 'identity') continue;
      if (!list(statement.Resource).includes('*')) continue;
      for (const action of list(statement.Action)) {
        const [service = '', name = ''] = action.split(':');
        expect(await isWildcardOnlyAction(service, name), `${where}: ${action} can be scoped`).toBe(true);
      }
    }
  });

  it('names only real IAM actions, with condition keys those actions support', async () => {
    for (const { where, kind, statement } of statements(file)) {
      if (kind === 'trust') continue;
      for (const action of list(statement.Action)) {
        const [service = '', name = ''] = action.split(':');
        if (name.includes('*')) continue; // only in Deny statements (checked above)
        const resource = list(statement.Resource)[0] ?? '*';
        // The Service Authorization Reference lists no transform resource type (the user guide's
        // using-iam-template asks for CreateChangeSet on the transform's ARN): such a statement has no
        // condition to check.
        if (/:transform\//.test(resource)) {
          expect(statement.Condition, `${where}: a transform statement`).toBeUndefined();
          continue;
        }
        // Bucket tags count only with S3 ABAC on, which the example template enables: ask with it on.
        const allowed = await allowedContextKeysForRequest(service, name, resource, true, undefined);
        const patterns = allowed.map(
          (key) =>
            new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\$\\{tagkey\\}', '.+')}$`),
        );
        for (const operator of Object.values(statement.Condition ?? {})) {
          for (const key of Object.keys(operator)) {
            const lower = key.toLowerCase();
            // aws:PrincipalArn, aws:SecureTransport, aws:PrincipalOrgID... are global keys.
            const global = lower.startsWith('aws:') && !/^aws:(requesttag|resourcetag|tagkeys)/.test(lower);
            expect(
              global || patterns.some((p) => p.test(lower)),
              `${where}: condition key ${key} is not supported by ${action}`,
            ).toBe(true);
          }
        }
      }
    }
  });

  it('trusts accounts only through aws:PrincipalArn plus sts:ExternalId, services only by name', () => {
    for (const { where, kind, statement } of statements(file)) {
      if (kind !== 'trust') continue;
      expect(statement.Effect).toBe('Allow');
      expect(statement.Action, where).toBe('sts:AssumeRole');
      const principal = statement.Principal as { AWS?: string; Service?: string };
      if (principal.AWS !== undefined) {
        expect(principal.AWS, where).toMatch(/^arn:aws:iam::\d{12}:root$/);
        expect(statement.Condition?.ArnEquals?.['aws:PrincipalArn'], where).toMatch(/:role\//);
        expect(statement.Condition?.StringEquals?.['sts:ExternalId'], where).toBe('external-id');
      } else {
        expect(principal.Service, where).toMatch(/^[a-z]+\.amazonaws\.com$/);
      }
    }
  });
});

describe('the deploy role (target-account-roles.yaml)', () => {
  const deploy = statements('target-account-roles.yaml').filter(
    (s) => s.where.includes(' DeployRole ') && s.kind === 'identity',
  );
  const actions = deploy.flatMap((s) => list(s.statement.Action));

  it('has no s3 action but GetObject and bucket reads (drift detection), no sns action and no iam action but PassRole', () => {
    const s3 = actions.filter((a) => a.startsWith('s3:') && a !== 's3:GetObject');
    expect(actions).toContain('s3:GetObject');
    // Drift detection reads the live buckets with the deploy role's credentials: reads only.
    expect(
      s3.every((a) => /^s3:Get[A-Za-z]+$/.test(a)),
      s3.join(', '),
    ).toBe(true);
    for (const { statement } of deploy) {
      if (list(statement.Action).some((a) => s3.includes(a))) {
        expect(list(statement.Resource)).toEqual(['arn:aws:s3:::stackset-lite-*']);
      }
    }
    expect(actions.filter((a) => a.startsWith('sns:'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('iam:'))).toEqual(['iam:PassRole']);
  });

  it('changes stacks only under the name prefix', () => {
    for (const { where, statement } of deploy) {
      for (const resource of list(statement.Resource)) {
        if (resource.startsWith('arn:aws:cloudformation') && !resource.includes(':transform/')) {
          expect(resource, where).toBe('arn:aws:cloudformation:*:222222222222:stack/stackset-lite-*/*');
        }
      }
    }
  });

  it('expands only AWS-owned transforms (an account macro runs Lambda code)', () => {
    const transforms = deploy
      .flatMap((s) => list(s.statement.Resource))
      .filter((r) => r.includes(':transform/'));
    expect(transforms).toEqual(['arn:aws:cloudformation:*:aws:transform/*']);
  });

  it('requires the ManagedBy tag on every write to a stack', () => {
    const writes = [
      'CreateStack',
      'CreateChangeSet',
      'ExecuteChangeSet',
      'DeleteStack',
      'ContinueUpdateRollback',
      'TagResource',
    ];
    for (const { where, statement } of deploy) {
      if (statement.Effect !== 'Allow') continue;
      if (!list(statement.Action).some((a) => writes.some((w) => a === `cloudformation:${w}`))) continue;
      if (list(statement.Resource).every((r) => r.includes(':transform/'))) continue;
      const tags = statement.Condition?.StringEquals ?? {};
      if (tags['aws:ResourceTag/stackset-lite:import'] !== undefined) {
        // The one exception: executing the change set that adopts a stack its owner marked for import.
        expect(list(statement.Action), where).toEqual(['cloudformation:ExecuteChangeSet']);
        expect(tags['aws:ResourceTag/stackset-lite:import'], where).toBe('allowed');
        continue;
      }
      expect(
        tags['aws:RequestTag/ManagedBy'] ?? tags['aws:ResourceTag/ManagedBy'],
        `${where} must require ManagedBy=stackset-lite`,
      ).toBe('stackset-lite');
    }
  });
});

describe('the workflow macro', () => {
  const template = resolveTemplate(loadTemplate('workflow-macro.yaml'), context);
  const fn = template.Resources.MacroFunction?.Properties as Record<string, unknown>;

  it('runs on a supported Node runtime with the allowed bucket in its environment', () => {
    expect(LAMBDA_RUNTIMES).toContain(fn.Runtime);
    expect(fn.Environment).toEqual({
      Variables: {
        ALLOWED_BUCKETS: 'workflows-bucket',
        POWERTOOLS_SERVICE_NAME: 'stackset-lite-inject-workflow',
      },
    });
  });

  it('is the Transform the workflow stack uses', () => {
    expect(loadTemplate('workflow-stack.yaml').Transform).toBe(
      loadTemplate('workflow-macro.yaml').Parameters.MacroName?.Default,
    );
  });
});

describe('package.json', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf-8')) as {
    files: string[];
    exports: Record<string, unknown>;
  };

  it('ships the templates and exports them', () => {
    expect(manifest.files).toContain('templates');
    expect(manifest.exports['./templates/*']).toBe('./templates/*');
  });
});
