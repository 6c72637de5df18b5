import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/input/input-error.js';
import { parseRolloutInput } from '../src/input/parse-rollout-input.js';
import { rolloutInputJsonSchema } from '../src/input/rollout-input.js';
import { prepareOperation } from '../src/tasks/prepare-operation.js';

const minimal = {
  stackName: 'stackset-lite-bucket',
  template: { url: 'https://templates.s3.amazonaws.com/bucket.yaml' },
  targets: { organizationalUnits: ['r-ab12'], regions: ['eu-west-1'] },
};

function problems(value: unknown): string[] {
  try {
    parseRolloutInput(value);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.problems.map((p) => `${p.pointer}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('rollout input', () => {
  it('applies StackSets defaults to a minimal input', () => {
    const input = parseRolloutInput(minimal);
    expect(input.operation).toBe('DEPLOY');
    expect(input.preferences).toEqual({
      regionConcurrency: 'SEQUENTIAL',
      concurrencyMode: 'STRICT',
      waves: ['100%'],
    });
    expect(input.targets.includeManagementAccount).toBe(false);
    expect(input.targets.accountFilterType).toBe('NONE');
  });

  it('names every bad field with a JSON pointer in one error', () => {
    const found = problems({
      ...minimal,
      stackName: '1bad name',
      targets: { accounts: ['12345'], regions: ['Mars'] },
      preferences: {
        maxConcurrentCount: 2,
        maxConcurrentPercentage: 10,
        waves: ['150%'],
        concurrencyMode: 'LOOSE',
      },
      surprise: true,
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/stackName: /),
        expect.stringMatching(/^\/targets\/accounts\/0: must be a 12-digit/),
        expect.stringMatching(/^\/targets\/regions\/0: "Mars" is not a known AWS region/),
        expect.stringMatching(/^\/preferences\/waves\/0: /),
        expect.stringMatching(/^\/preferences\/concurrencyMode: /),
        expect.stringMatching(/^: .*surprise/),
      ]),
    );
  });

  it('rejects conflicting preferences and a DEPLOY without a template', () => {
    const found = problems({
      stackName: 'stackset-lite-bucket',
      targets: { accounts: ['111111111111'], regions: ['eu-west-1'], regionOrder: ['us-east-1'] },
      preferences: {
        failureToleranceCount: 1,
        failureTolerancePercentage: 5,
        maxConcurrentCount: 1,
        maxConcurrentPercentage: 5,
      },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        '/template: DEPLOY needs a template location',
        '/targets/regionOrder/0: region us-east-1 is not in regions',
        '/preferences/failureTolerancePercentage: give failureToleranceCount or failureTolerancePercentage, not both',
        '/preferences/maxConcurrentPercentage: give maxConcurrentCount or maxConcurrentPercentage, not both',
      ]),
    );
  });

  it('accepts DELETE without a template and refuses retainStacks on DEPLOY', () => {
    expect(problems({ ...minimal, template: undefined, operation: 'DELETE', retainStacks: true })).toEqual(
      [],
    );
    expect(problems({ ...minimal, retainStacks: true })).toEqual([
      '/retainStacks: retainStacks applies to DELETE only',
    ]);
  });

  it('exports a JSON Schema that describes the fields and enums', () => {
    const schema = rolloutInputJsonSchema() as {
      required: string[];
      properties: Record<string, { properties?: Record<string, { enum?: string[] }> }>;
    };
    expect(schema.required).toEqual(expect.arrayContaining(['stackName', 'targets']));
    expect(schema.properties.preferences?.properties?.concurrencyMode?.enum).toEqual(['STRICT', 'SOFT']);
    expect(schema.properties.targets?.properties?.accountFilterType?.enum).toEqual([
      'NONE',
      'INTERSECTION',
      'DIFFERENCE',
      'UNION',
    ]);
  });
});

describe('the deploy role contract (target-account-roles.yaml)', () => {
  const settings = {
    managementRoleArn: 'arn:aws:iam::111111111111:role/stackset-lite-target-lister',
    deployRoleName: 'stackset-lite-deploy',
    workBucket: 'work-bucket',
    defaultTopicArn: 'arn:aws:sns:us-east-1:111111111111:stackset-lite',
  };
  const prepare = (input: unknown, extra: Record<string, string> = {}) =>
    prepareOperation({ input, executionId: 'exec', runId: 'run', settings: { ...settings, ...extra } });
  const rejection = (run: () => unknown): string[] => {
    try {
      run();
    } catch (e) {
      if (e instanceof InvalidInputError) return e.problems.map((p) => `${p.pointer}: ${p.message}`);
      throw e;
    }
    return [];
  };

  it('refuses a stack name outside the StackNamePrefix the deploy role allows, naming the field', () => {
    expect(problems({ ...minimal, stackName: 'Bucket' })).toEqual([
      '/stackName: must start with "stackset-lite-": the deploy role (StackNamePrefix) may only touch stacks named so',
    ]);
    expect(rejection(() => prepare({ ...minimal, operation: 'DELETE', stackName: 'audit-bucket' }))).toEqual([
      '/stackName: must start with "stackset-lite-": the deploy role (StackNamePrefix) may only touch stacks named so',
    ]);
  });

  it('checks the installation prefix: another prefix, or none', () => {
    expect(rejection(() => prepare(minimal, { stackNamePrefix: 'acme-' }))).toEqual([
      '/stackName: must start with "acme-": the deploy role (StackNamePrefix) may only touch stacks named so',
    ]);
    expect(prepare({ ...minimal, stackName: 'acme-bucket' }, { stackNamePrefix: 'acme-' }).stack.name).toBe(
      'acme-bucket',
    );
    expect(prepare({ ...minimal, stackName: 'Bucket' }, { stackNamePrefix: '' }).stack.name).toBe('Bucket');
  });

  it("passes the template's service role by default, the installation's or the input's when given", () => {
    expect(prepare(minimal).stack.serviceRoleName).toBe('stackset-lite-cloudformation');
    expect(prepare(minimal, { serviceRoleName: 'org-cfn' }).stack.serviceRoleName).toBe('org-cfn');
    expect(prepare({ ...minimal, serviceRoleName: 'team-cfn' }).stack.serviceRoleName).toBe('team-cfn');
    expect(problems({ ...minimal, serviceRoleName: 'no spaces allowed' })).toEqual([
      expect.stringMatching(/^\/serviceRoleName: must be an IAM role name/),
    ]);
  });

  it('refuses a template outside the template bucket the deploy role reads from, naming the field', () => {
    const bucket = { templateBucket: 'acme-templates' };
    const message =
      'must be in the template bucket acme-templates (e.g. https://acme-templates.s3.amazonaws.com/<key>): the deploy role reads templates only from there';
    expect(rejection(() => prepare(minimal, bucket))).toEqual([`/template/url: ${message}`]);
    expect(
      rejection(() => prepare({ ...minimal, template: { bucket: 'other', key: 'b.yaml' } }, bucket)),
    ).toEqual([`/template/bucket: ${message}`]);
    for (const url of [
      'https://acme-templates.s3.amazonaws.com/b.yaml',
      'https://acme-templates.s3.eu-west-1.amazonaws.com/dir/b.yaml',
      'https://s3.amazonaws.com/acme-templates/b.yaml',
      'https://s3.eu-west-1.amazonaws.com/acme-templates/b.yaml',
    ]) {
      expect(prepare({ ...minimal, template: { url } }, bucket).stack.templateUrl).toBe(url);
    }
    // Look-alikes the role's TemplateUrl condition would refuse.
    for (const url of [
      'https://acme-templates-evil.s3.amazonaws.com/b.yaml',
      'https://s3.amazonaws.com/acme-templates-evil/b.yaml',
      'https://acme-templates.s3.amazonaws.com.attacker.net/b.yaml',
      // Issue 10: crafted URLs the old `*`-in-host patterns and this check both accepted.
      'https://s3.amazonaws.com/attacker/.amazonaws.com/acme-templates/t.yaml',
      'https://acme-templates.s3.evil.example/.amazonaws.com/t',
      'https://s3.amazonaws.com/acme-templates/../attacker/t',
      'https://s3.amazonaws.com/acme-templates/%2e%2e/attacker/t',
      'http://acme-templates.s3.amazonaws.com/b.yaml',
    ]) {
      expect(rejection(() => prepare({ ...minimal, template: { url } }, bucket))).toHaveLength(1);
    }
    expect(
      prepare({ ...minimal, template: { bucket: 'acme-templates', key: 'b.yaml' } }, bucket).stack
        .templateUrl,
    ).toBe('https://acme-templates.s3.amazonaws.com/b.yaml');
  });

  it('builds the template URL from bucket and key for the orchestrator’s region and partition', () => {
    const template = { bucket: 'acme-templates', key: 'dir/b c.yaml' };
    const url = (executionId: string) =>
      prepareOperation({ input: { ...minimal, template }, executionId, runId: 'run', settings }).stack
        .templateUrl;
    expect(url('arn:aws:states:eu-west-1:111111111111:execution:stackset-lite:run')).toBe(
      'https://acme-templates.s3.eu-west-1.amazonaws.com/dir/b%20c.yaml',
    );
    expect(url('arn:aws-cn:states:cn-north-1:111111111111:execution:stackset-lite:run')).toBe(
      'https://acme-templates.s3.cn-north-1.amazonaws.com.cn/dir/b%20c.yaml',
    );
    expect(url('arn:aws-us-gov:states:us-gov-west-1:111111111111:execution:stackset-lite:run')).toBe(
      'https://acme-templates.s3.us-gov-west-1.amazonaws.com/dir/b%20c.yaml',
    );
  });

  it('carries the prefix into the JSON Schema as a pattern', () => {
    const schema = rolloutInputJsonSchema({ stackNamePrefix: 'acme-' }) as {
      properties: { stackName: { allOf?: { pattern: string }[]; pattern?: string } };
    };
    const patterns = JSON.stringify(schema.properties.stackName);
    expect(patterns).toContain('^acme-');
  });
});
