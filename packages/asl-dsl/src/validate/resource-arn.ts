import {
  AWS_SDK_PATTERNS,
  type IntegrationPattern,
  ITEM_READER_ACTIONS,
  OPTIMIZED_INTEGRATIONS,
  RESULT_WRITER_ACTIONS,
} from './optimized-integrations.js';

/** `${Name}` substitution placeholders (CloudFormation DefinitionSubstitutions, SAM, CDK). */
const PLACEHOLDER = /\$\{[^}]*\}/g;
/** Stands in for a placeholder: a segment holding it can be anything once substituted. */
const HOLE = '\u0000';
const STATES_RESOURCE = /^(activity|stateMachine|execution|mapRun|express):./;
const PATTERN_SUFFIX = /(\.sync:2|\.sync|\.waitForTaskToken)$/;
const SDK_SERVICE = /^[a-z0-9-]+$/;
const SDK_ACTION = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * The AWS partitions, as the AWS SDKs list them (aws-sdk-js-v3 `util-endpoints/src/lib/aws/partitions.json`,
 * https://github.com/aws/aws-sdk-js-v3/blob/main/packages/util-endpoints/src/lib/aws/partitions.json).
 */
export const AWS_PARTITIONS: readonly string[] = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
];

/** Which field a resource ARN is in: integrations differ between them. */
export type ResourceField = 'Task' | 'ItemReader' | 'ResultWriter';

const patternName = (pattern: IntegrationPattern) => (pattern === '' ? 'request-response' : pattern);

/**
 * Why a Task (or ItemReader / ResultWriter) `Resource` is invalid, or undefined when AWS accepts it.
 * Placeholders such as `arn:${AWS::Partition}:lambda:...` are accepted: AWS sees the substituted
 * value, so a segment holding one is not checked.
 */
export function resourceProblem(resource: string, field: ResourceField = 'Task'): string | undefined {
  const text = resource.replace(PLACEHOLDER, HOLE);
  if (text.startsWith(HOLE)) return undefined;
  const parts = text.split(':');
  const [arn, partition = '', service = '', region = '', account = ''] = parts;
  if (arn !== 'arn' || parts.length < 6 || service === '' || parts.slice(5).join(':') === '') {
    return `'${resource}' is not an ARN (arn:partition:service:region:account:resource)`;
  }
  if (!partition.includes(HOLE) && !AWS_PARTITIONS.includes(partition)) {
    return `'${resource}' names the partition '${partition}'; AWS partitions are ${AWS_PARTITIONS.join(', ')}`;
  }
  if (service !== 'states') return undefined;
  const rest = parts.slice(5).join(':');
  if (STATES_RESOURCE.test(rest)) {
    if (region === '' || account === '') {
      return `'${resource}' needs a region and an account (arn:aws:states:region:account:${rest.split(':')[0]}:name)`;
    }
    return undefined;
  }
  // An integration, `arn:aws:states:::service:action`. AWS also deploys the form with a region and an
  // account (`arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject`), so both are optional.
  return integrationProblem(resource, rest, field);
}

function integrationProblem(resource: string, rest: string, field: ResourceField): string | undefined {
  if (rest.includes(HOLE)) return undefined;
  const suffix = PATTERN_SUFFIX.exec(rest);
  const pattern = (suffix?.[0] ?? '') as IntegrationPattern;
  const base = suffix ? rest.slice(0, suffix.index) : rest;
  const dot = base.indexOf('.');
  if (dot >= 0) {
    return `'${resource}' has an unknown integration pattern '${base.slice(dot)}' (use .sync, .sync:2 or .waitForTaskToken)`;
  }
  const names = base.split(':');
  if (field !== 'Task') {
    const allowed = field === 'ItemReader' ? ITEM_READER_ACTIONS : RESULT_WRITER_ACTIONS;
    if (pattern === '' && allowed.includes(base)) return undefined;
    return `'${resource}' cannot be a${field === 'ItemReader' ? 'n' : ''} ${field} Resource; use ${allowed
      .map((a) => `arn:aws:states:::${a}`)
      .join(' or ')}`;
  }
  if (names[0] === 'aws-sdk') {
    const [, sdkService = '', action = '', ...extra] = names;
    if (!SDK_SERVICE.test(sdkService) || !SDK_ACTION.test(action) || extra.length > 0) {
      return `'${resource}' is not an AWS SDK integration (arn:aws:states:::aws-sdk:service:apiAction, e.g. aws-sdk:s3:getObject)`;
    }
    if (!AWS_SDK_PATTERNS.includes(pattern)) {
      return `'${resource}': AWS SDK integrations do not support ${pattern}; they support request-response and .waitForTaskToken`;
    }
    return undefined;
  }
  const [service = '', action = '', ...extra] = names;
  const known = OPTIMIZED_INTEGRATIONS.get(service);
  if (known === undefined || extra.length > 0) {
    return `'${resource}' is not a Step Functions optimized integration; call other services through the AWS SDK integration (arn:aws:states:::aws-sdk:${service || 'service'}:${action || 'action'})`;
  }
  const patterns = Object.hasOwn(known.actions, action) ? known.actions[action] : undefined;
  if (patterns === undefined) {
    return `'${service}:${action}' is not an optimized ${known.title} integration (${Object.keys(known.actions).join(', ')}; see ${known.docs}); use arn:aws:states:::aws-sdk:${service}:${action || 'action'}`;
  }
  if (!patterns.includes(pattern)) {
    return `'${service}:${action}' does not support ${patternName(pattern)}; it supports ${patterns.map(patternName).join(', ')} (${known.docs})`;
  }
  return undefined;
}
