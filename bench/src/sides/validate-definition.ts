/** The definition both validate sides check. */

/**
 * A realistic 1,000-state JSONPath machine: Lambda tasks with Retry/Catch and ResultSelector, Choice
 * states, Pass states with intrinsic functions, Waits, and an inline Map with its own states every 50
 * states. Every state is reachable and the machine has one terminal Succeed.
 */
export function thousandStateDefinition(total = 1000): Record<string, unknown> {
  const States: Record<string, unknown> = {};
  const name = (i: number) => `Step${i}`;
  let count = 0;
  let i = 0;
  while (count < total - 2) {
    const next = name(i + 1);
    switch (i % 6) {
      case 0:
        States[name(i)] = {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:deploy',
            'Payload.$': '$.input',
            'ExecutionId.$': '$$.Execution.Id',
          },
          ResultSelector: { 'status.$': '$.Payload.status', 'items.$': '$.Payload.items' },
          ResultPath: `$.results.step${i}`,
          Retry: [
            {
              ErrorEquals: ['Lambda.TooManyRequestsException'],
              IntervalSeconds: 2,
              MaxAttempts: 6,
              BackoffRate: 2,
            },
            { ErrorEquals: ['States.ALL'], MaxAttempts: 2 },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'HandleFailure' }],
          Next: next,
        };
        break;
      case 1:
        States[name(i)] = {
          Type: 'Choice',
          Choices: [
            {
              And: [
                { Variable: `$.results.step${i - 1}.status`, IsPresent: true },
                { Variable: `$.results.step${i - 1}.status`, StringEquals: 'FAILED' },
              ],
              Next: 'HandleFailure',
            },
            { Variable: '$.count', NumericGreaterThanEquals: 10, Next: next },
          ],
          Default: next,
        };
        break;
      case 2:
        States[name(i)] = {
          Type: 'Pass',
          Parameters: {
            'message.$': "States.Format('step {} of {}', $.count, States.ArrayLength($.items))",
            'id.$': 'States.UUID()',
            'first.$': "$.items[?(@.status == 'ACTIVE')].id",
          },
          ResultPath: '$.note',
          Next: next,
        };
        break;
      case 3:
        States[name(i)] = { Type: 'Wait', SecondsPath: '$.delay', Next: next };
        break;
      case 4:
        if (i % 50 === 4) {
          States[name(i)] = {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 10,
            ItemSelector: { 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: `Item${i}`,
              States: {
                [`Item${i}`]: {
                  Type: 'Task',
                  Resource: 'arn:aws:lambda:us-east-1:123456789012:function:item',
                  Next: `ItemDone${i}`,
                },
                [`ItemDone${i}`]: { Type: 'Succeed' },
              },
            },
            ResultPath: null,
            Next: next,
          };
          count += 2;
        } else {
          States[name(i)] = { Type: 'Pass', Result: { ok: true }, ResultPath: '$.ok', Next: next };
        }
        break;
      default:
        States[name(i)] = {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName: 'Deployments', Item: { pk: { 'S.$': '$.id' } } },
          ResultPath: null,
          Next: next,
        };
    }
    count++;
    i++;
  }
  States[name(i)] = { Type: 'Succeed' };
  States.HandleFailure = { Type: 'Fail', Error: 'DeployFailed', Cause: 'a step failed' };
  return { Comment: 'benchmark machine', StartAt: name(0), States };
}

/** Counts states, Map item processors included. */
export function countStates(graph: Record<string, unknown>): number {
  let n = 0;
  for (const state of Object.values(graph.States as Record<string, Record<string, unknown>>)) {
    n++;
    const processor = state.ItemProcessor as Record<string, unknown> | undefined;
    if (processor) n += countStates(processor);
  }
  return n;
}
