import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/input/input-error.js';
import { parseRolloutInput } from '../src/input/parse-rollout-input.js';
import { rolloutInputJsonSchema } from '../src/input/rollout-input.js';

const minimal = {
  stackName: 'Bucket',
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
        expect.stringMatching(/^\/targets\/regions\/0: must be an AWS region/),
        expect.stringMatching(/^\/preferences\/waves\/0: /),
        expect.stringMatching(/^\/preferences\/concurrencyMode: /),
        expect.stringMatching(/^: .*surprise/),
      ]),
    );
  });

  it('rejects conflicting preferences and a DEPLOY without a template', () => {
    const found = problems({
      stackName: 'Bucket',
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
