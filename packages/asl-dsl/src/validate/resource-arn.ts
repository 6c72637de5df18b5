/** `${Name}` substitution placeholders (CloudFormation DefinitionSubstitutions, SAM, CDK). */
const PLACEHOLDER = /\$\{[^}]*\}/g;
const ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;
const STATES_ARN = /^arn:[^:]+:states:/;
const INTEGRATION = /^arn:[^:]+:states:::[a-z0-9-]+:[A-Za-z0-9-:.]+$/;
const STATES_RESOURCE = /^arn:[^:]+:states:[^:]+:[^:]+:(activity|stateMachine|execution|mapRun|express):.+$/;
const SUFFIX = /(\.sync(:2)?|\.waitForTaskToken)$/;

/**
 * Why a Task (or ItemReader / ResultWriter) `Resource` is invalid, or undefined when AWS accepts it.
 * Placeholders such as `arn:${AWS::Partition}:lambda:...` are accepted: AWS sees the substituted value.
 */
export function resourceProblem(resource: string): string | undefined {
  const text = resource.replace(PLACEHOLDER, 'x');
  if (/^x$/.test(text) && resource !== 'x') return undefined;
  if (!ARN.test(text)) return `'${resource}' is not an ARN (arn:partition:service:region:account:resource)`;
  if (STATES_ARN.test(text) && !INTEGRATION.test(text) && !STATES_RESOURCE.test(text)) {
    return `'${resource}' is not a Step Functions integration (arn:aws:states:::service:action) or activity ARN`;
  }
  if (INTEGRATION.test(text)) {
    const action = text.slice(text.indexOf(':::') + 3).replace(SUFFIX, '');
    if (/\.(sync|waitForTaskToken)/.test(action)) {
      return `'${resource}' has an unknown integration pattern (use .sync, .sync:2 or .waitForTaskToken)`;
    }
  }
  return undefined;
}
