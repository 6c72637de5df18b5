import type { RolloutInputDocument } from '../input/rollout-input.js';
import type { Operation, StackSet } from './stack-set-model.js';

/**
 * The execution input that runs a deploy, delete or import operation of a stack set on the state
 * machine: the stack set's template, parameters and preferences, its targets narrowed to the
 * operation's accounts and regions, and the operation's reference so the tasks record progress in
 * the store (per-instance overrides are read from the store by planRollout).
 */
export function rolloutInputFor(stackSet: StackSet, operation: Operation): RolloutInputDocument {
  if (operation.action === 'DETECT_DRIFT') {
    throw new Error('drift detection does not run the deploy machine: use detectStackSetDrift');
  }
  const regions = operation.scope?.regions ?? stackSet.targets.regions;
  const regionOrder = stackSet.targets.regionOrder?.filter((r) => regions.includes(r));
  const targets = operation.scope?.accounts
    ? { accounts: operation.scope.accounts, regions, ...(regionOrder && { regionOrder }) }
    : { ...stackSet.targets, regions, ...(regionOrder && { regionOrder }) };
  return {
    operation: operation.action === 'DELETE' ? 'DELETE' : 'DEPLOY',
    ...(operation.action === 'DELETE' && { retainStacks: operation.retainStacks }),
    stackName: stackSet.stackName,
    ...(stackSet.serviceRoleName && { serviceRoleName: stackSet.serviceRoleName }),
    ...(operation.action !== 'DELETE' && { template: { url: stackSet.template.url } }),
    ...(operation.action === 'IMPORT' && { importExisting: true }),
    parameters: stackSet.parameters,
    capabilities: stackSet.capabilities,
    targets,
    preferences: operation.preferences ?? stackSet.preferences,
    stackSet: { name: stackSet.name, operationId: operation.operationId },
  };
}
