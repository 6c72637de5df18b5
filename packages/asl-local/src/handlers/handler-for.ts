import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import type { z } from 'zod';
import { StatesError } from '../errors/states-error.js';
import type { TaskHandlerContext, TaskHandlerFunction } from './task-handler.js';

/** What {@link handlerFor} needs from a DSL task: its payload and result schemas (a DSL `TaskHandle`). */
export interface TaskSchemas<P, R> {
  readonly inputSchema: z.ZodType<P> | undefined;
  readonly outputSchema: z.ZodType<R> | undefined;
}

/** Parameters that name a Lambda function: those of an `arn:aws:states:::lambda:invoke` task. */
interface LambdaInvokeParameters {
  readonly FunctionName: unknown;
}

/**
 * What a {@link handlerFor} function receives: the task's payload, or, for a `lambda:invoke` task
 * (Parameters `{FunctionName, Payload}`), the `Payload` — the handler is then the Lambda function.
 */
export type HandlerInput<P> = [P] extends [LambdaInvokeParameters]
  ? [P] extends [{ readonly Payload?: infer X }]
    ? X
    : JsonValue
  : P;

/**
 * What a {@link handlerFor} function returns: the task's result, or, for a `lambda:invoke` task, the
 * function's own result (the `Payload` of the result Step Functions wraps around it).
 */
export type HandlerResult<P, R> = [P] extends [LambdaInvokeParameters]
  ? [R] extends [{ readonly Payload?: infer Y }]
    ? Y
    : JsonValue
  : R;

/** Functions made by handlerFor for a `lambda:invoke` task: the registry serves them as the Lambda function. */
const lambdaFunctions = new WeakSet<TaskHandlerFunction>();

/**
 * Whether a handler stands for the Lambda function of a `lambda:invoke` task: whatever key it is
 * registered under, it gets the `Payload` and its result is wrapped as Lambda's Invoke response.
 */
export function servesLambdaInvoke(handler: TaskHandlerFunction): boolean {
  return lambdaFunctions.has(handler);
}

/** The schema of one field of an object schema (zod 4 classic or mini), if it is an object with that field. */
function fieldSchema(schema: z.ZodType | undefined, field: string): z.ZodType | undefined {
  const shape = (schema as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  if (shape === null || typeof shape !== 'object' || !Object.hasOwn(shape, field)) return undefined;
  return (shape as Record<string, z.ZodType>)[field];
}

function parseOrFail<T>(schema: z.ZodType<T>, value: unknown, what: string, ctx: TaskHandlerContext): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StatesError(
    'States.TaskFailed',
    `${what} in state '${ctx.stateName}' does not match its schema at '/${issue?.path.join('/') ?? ''}': ${issue?.message ?? 'invalid'}`,
  );
}

/**
 * A handler typed from a DSL task's declared schemas (`inputSchema` / `outputSchema` of a
 * `TaskHandle`): what it receives is parsed before the call and what it returns after it; a mismatch
 * fails the task with `States.TaskFailed` naming the state and the JSON pointer.
 *
 * For a `lambda:invoke` task (its payload schema has `FunctionName`) the handler is the Lambda
 * function, whichever key it is registered under (the function name, the state name…): it receives
 * the `Payload`, checked against the payload schema's `Payload` field, and returns the function's
 * result, checked against the result schema's `Payload` field; the engine wraps it as Lambda's
 * Invoke response (`{ExecutedVersion, Payload, StatusCode, …}`).
 *
 * @example handlers: { deployer: handlerFor(machine.handle('Deploy'), async (payload) => ({ status: 'OK' })) }
 */
export function handlerFor<P, R>(
  task: TaskSchemas<P, R>,
  handler: (
    input: HandlerInput<P>,
    context: TaskHandlerContext,
  ) => NoInfer<HandlerResult<P, R>> | Promise<NoInfer<HandlerResult<P, R>>>,
): TaskHandlerFunction {
  const { inputSchema, outputSchema } = task;
  const lambdaInvoke = fieldSchema(inputSchema, 'FunctionName') !== undefined;
  const accepts = lambdaInvoke ? fieldSchema(inputSchema, 'Payload') : inputSchema;
  const returns = lambdaInvoke ? fieldSchema(outputSchema, 'Payload') : outputSchema;
  const call: TaskHandlerFunction = async (input, context) => {
    const what = lambdaInvoke ? 'Lambda payload' : 'Task input';
    const parsed = accepts ? parseOrFail(accepts, input, what, context) : input;
    const out = await handler(parsed as HandlerInput<P>, context);
    return (
      returns ? parseOrFail(returns, out, lambdaInvoke ? 'Lambda result' : 'Task result', context) : out
    ) as JsonValue;
  };
  if (lambdaInvoke) lambdaFunctions.add(call);
  return call;
}
