/**
 * The Lambda functions the machine calls, by logical name. In the definition each is a
 * `${<Name>FunctionArn}` DefinitionSubstitutions placeholder that SAM fills in.
 */
export const TASK_FUNCTIONS = {
  prepareOperation: 'PrepareOperationFunctionArn',
  listTargets: 'ListTargetsFunctionArn',
  planRollout: 'PlanRolloutFunctionArn',
  deployStack: 'DeployStackFunctionArn',
  pollStack: 'PollStackFunctionArn',
  recordStage: 'RecordStageFunctionArn',
  aggregateResults: 'AggregateResultsFunctionArn',
  notify: 'NotifyFunctionArn',
} as const;

/** Logical name of a task function. */
export type TaskFunctionName = keyof typeof TASK_FUNCTIONS;

/** Installation settings substituted into the definition (besides the function ARNs). */
export const SETTING_PLACEHOLDERS = {
  managementRoleArn: 'ManagementRoleArn',
  deployRoleName: 'DeployRoleName',
  externalId: 'ExternalId',
  workBucket: 'WorkBucket',
  defaultTopicArn: 'NotificationTopicArn',
  serviceRoleName: 'ServiceRoleName',
  stackNamePrefix: 'StackNamePrefix',
  templateBucket: 'TemplateBucketName',
} as const;

/** `${Name}` */
export function placeholder(name: string): string {
  return `\${${name}}`;
}

/** A DefinitionSubstitutions key of the definition: a function ARN or an installation setting. */
export type SubstitutionKey =
  | (typeof TASK_FUNCTIONS)[TaskFunctionName]
  | (typeof SETTING_PLACEHOLDERS)[keyof typeof SETTING_PLACEHOLDERS];

/** Every DefinitionSubstitutions key the definition uses (typed, so `placeholder` takes no other key). */
export const SUBSTITUTION_KEYS: readonly SubstitutionKey[] = [
  ...Object.values(TASK_FUNCTIONS),
  ...Object.values(SETTING_PLACEHOLDERS),
].sort();

/**
 * Replaces `${Name}` placeholders in a definition, as Step Functions does with DefinitionSubstitutions.
 * @throws naming any placeholder left without a value
 */
export function substituteDefinition<T>(definition: T, values: Readonly<Record<string, string>>): T {
  const text = JSON.stringify(definition).replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`DefinitionSubstitutions: no value for ${whole}`);
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(text) as T;
}

/**
 * Each task function's Lambda timeout in seconds (the SAM template's `Timeout`; asl-local enforces it in
 * simulations, failing a call that runs past it with `Sandbox.Timedout`). No handler waits for AWS to
 * finish anything, so a call is a few AWS requests; the margin covers the SDK's own retries under
 * throttling (5 attempts with backoff per request) and, for the once-per-run tasks, reading and writing
 * a stage's items for 10,000 accounts × several regions.
 */
export const TASK_FUNCTION_TIMEOUTS: Readonly<Record<TaskFunctionName, number>> = {
  prepareOperation: 30,
  listTargets: 300,
  planRollout: 300,
  deployStack: 120,
  pollStack: 120,
  recordStage: 300,
  aggregateResults: 300,
  notify: 120,
};
