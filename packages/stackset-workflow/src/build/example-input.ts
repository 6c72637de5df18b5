import type { RolloutInputDocument } from '../input/rollout-input.js';
import { DEFAULT_STACK_NAME_PREFIX } from '../input/rollout-input.js';
import type { InstallationDefaults } from './sam-template.js';

/**
 * An execution input for a fresh installation, written by `build` as `example-input.json`: it passes
 * the installation's own input schema (its stack-name prefix and template bucket), so a user edits
 * the organizational unit, regions and template key and starts an execution with it.
 */
export function exampleRolloutInput(defaults: InstallationDefaults = {}): RolloutInputDocument {
  const prefix = defaults.stackNamePrefix ?? DEFAULT_STACK_NAME_PREFIX;
  return {
    operation: 'DEPLOY',
    stackName: `${prefix}example`,
    template: {
      bucket: defaults.templateBucket ?? 'my-stackset-lite-templates',
      key: 'example-template.yaml',
    },
    parameters: {},
    targets: { organizationalUnits: ['ou-ab12-cdef3456'], regions: ['us-east-1', 'eu-west-1'] },
    preferences: {
      regionConcurrency: 'SEQUENTIAL',
      maxConcurrentPercentage: 20,
      failureTolerancePercentage: 5,
      concurrencyMode: 'STRICT',
      waves: [1, '10%', '100%'],
    },
  };
}
