import { type ResourceField, resourceProblem } from '../validate/resource-arn.js';
import { AslDslError } from './errors.js';

/**
 * How Step Functions waits for an optimized integration: request-response (no suffix), `.sync`
 * (run a job and wait), `.sync:2` (wait, newer response shape) or `.waitForTaskToken` (callback).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
 */
export type IntegrationPattern = 'requestResponse' | 'sync' | 'sync:2' | 'waitForTaskToken';

/** A `${Name}` DefinitionSubstitutions placeholder. */
export type Placeholder<K extends string = string> = `\${${K}}`;

const suffix = (pattern: IntegrationPattern): string => (pattern === 'requestResponse' ? '' : `.${pattern}`);

/**
 * Builders of Task `Resource` values.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html#task-types
 */
export const resources = {
  /**
   * The Lambda optimized integration `arn:aws:states:::lambda:invoke` (the result is wrapped in
   * `Payload`); pass `waitForTaskToken` for callbacks.
   * @default "requestResponse"
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
   */
  lambdaInvoke(pattern: 'requestResponse' | 'waitForTaskToken' = 'requestResponse'): string {
    return `arn:aws:states:::lambda:invoke${suffix(pattern)}`;
  },
  /**
   * A Lambda function ARN used directly as the resource (the result is the function's return value),
   * or a `${Name}` placeholder for one.
   */
  lambdaFunction(functionArn: string): string {
    return functionArn;
  },
  /**
   * An optimized integration `arn:aws:states:::<service>:<action>[.<pattern>]`, e.g.
   * `integration('ecs', 'runTask', 'sync')`.
   * @default "requestResponse"
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
   */
  integration(service: string, action: string, pattern: IntegrationPattern = 'requestResponse'): string {
    return `arn:aws:states:::${service}:${action}${suffix(pattern)}`;
  },
  /**
   * An AWS SDK integration `arn:aws:states:::aws-sdk:<service>:<apiAction>`; the action is the SDK
   * operation in camelCase, e.g. `awsSdk('cloudformation', 'describeStacks')`.
   * @default "requestResponse"
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
   */
  awsSdk(
    service: string,
    action: string,
    pattern: 'requestResponse' | 'waitForTaskToken' = 'requestResponse',
  ): string {
    return `arn:aws:states:::aws-sdk:${service}:${action}${suffix(pattern)}`;
  },
  /**
   * An activity ARN (`arn:aws:states:<region>:<account>:activity:<name>`).
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html
   */
  activity(activityArn: string): string {
    return activityArn;
  },
} as const;

const PARTITION = 'arn:aws(?:-[a-z]+)*';
const NAME = '[A-Za-z0-9_.-]+';
const RESOURCE_PATTERNS: readonly RegExp[] = [
  // Optimized and aws-sdk integrations (AWS also deploys them with a region and account).
  new RegExp(
    `^${PARTITION}:states:(?:[a-z0-9-]+:\\d{12})?::?[a-z0-9-]+(?::[A-Za-z0-9.]+)+(?:\\.(?:sync(?::2)?|waitForTaskToken))?$`,
  ),
  // Lambda function, with optional version or alias.
  new RegExp(`^${PARTITION}:lambda:[a-z0-9-]+:\\d{12}:function:${NAME}(?::${NAME})?$`),
  // Activity.
  new RegExp(`^${PARTITION}:states:[a-z0-9-]+:\\d{12}:activity:${NAME}$`),
];

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** The `${Name}` placeholder keys in a string. */
export function placeholderKeys(value: string): string[] {
  if (!value.includes('${')) return [];
  return [...value.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/**
 * Checks a Task resource: a known ARN shape, or a string with `${Name}` placeholders whose keys the
 * machine declared. Throws `InvalidResource` / `UndeclaredSubstitution`.
 */
export function checkResource(
  resource: string,
  declared: ReadonlySet<string>,
  location: { readonly stateName: string | undefined; readonly pointer: string },
  field: ResourceField = 'Task',
): void {
  const keys = placeholderKeys(resource);
  for (const key of keys) {
    if (!declared.has(key)) {
      throw new AslDslError(
        'UndeclaredSubstitution',
        `resource placeholder '\${${key}}' is not among the machine's declared substitutions (${[...declared].join(', ') || 'none'})`,
        location,
      );
    }
  }
  // With placeholders the final ARN is only known at deploy time: check the rest loosely.
  if (keys.length > 0) return;
  // The shape first, then the validator's rule (partitions, the optimized integrations and their
  // patterns) so the builder refuses exactly what validate() refuses.
  if (!RESOURCE_PATTERNS.some((pattern) => pattern.test(resource))) {
    throw new AslDslError(
      'InvalidResource',
      `'${resource}' is not a Lambda function, activity or service integration ARN`,
      location,
    );
  }
  const problem = resourceProblem(resource, field);
  if (problem !== undefined) throw new AslDslError('InvalidResource', problem, location);
}
