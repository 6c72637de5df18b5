import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import type { z } from 'zod';

/** What a task handler learns about the call it is serving. */
export interface TaskHandlerContext {
  /** The Task state's name. */
  stateName: string;
  /** The Task's Resource, as written in the definition. */
  resource: string;
  /** 0 for the first attempt, then 1, 2... for retries (`$$.State.RetryCount`). */
  retryCount: number;
  /** The execution ARN. */
  executionArn: string;
  /** The task token, for `.waitForTaskToken` resources (`$$.Task.Token`). */
  taskToken?: string;
  /** The context object (`$$`) as the state sees it. */
  contextObject: JsonValue;
  /**
   * Spends execution time (the handler's own duration): instant under the virtual clock, yet it
   * counts toward the state's TimeoutSeconds, the function's `timeoutSeconds` and Lambda concurrency.
   */
  sleep(seconds: number): Promise<void>;
  /** The execution clock's time in milliseconds since the epoch (virtual time under the virtual clock). */
  now(): number;
  /**
   * Milliseconds left before the function's `timeoutSeconds` ends this call (as Lambda's
   * `context.getRemainingTimeInMillis()`); `Infinity` when no function timeout applies.
   */
  getRemainingTimeInMillis(): number;
  /** Sends a heartbeat for this task (resets HeartbeatSeconds). */
  heartbeat(): void;
  /** Completes this `.waitForTaskToken` task successfully (SendTaskSuccess). */
  sendTaskSuccess(output: JsonValue): void;
  /** Fails this `.waitForTaskToken` task (SendTaskFailure). */
  sendTaskFailure(error: string, cause?: string): void;
}

/**
 * A task handler. Its return value is the task result; a thrown error's `name` becomes the ASL error
 * and its `message` the cause.
 */
export type TaskHandlerFunction = (
  input: JsonValue,
  context: TaskHandlerContext,
) => JsonValue | Promise<JsonValue>;

/**
 * The configuration of the Lambda function a handler stands for (what `CreateFunction` sets). It
 * applies when the handler serves a Lambda invocation: a Lambda function ARN Resource or
 * `arn:aws:states:::lambda:invoke`.
 */
export interface LambdaFunctionSettings {
  /**
   * The function's timeout in seconds (Lambda's `Timeout`, 1–900). A call still running after it, in
   * execution time, fails the task with `Sandbox.Timedout` as Lambda reports a timed-out function.
   * Without it, a call may run as long as the state allows.
   */
  timeoutSeconds?: number;
}

/** A handler typed by zod schemas: the input is parsed before the call and the output after it. */
export interface TypedTaskHandler<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType>
  extends LambdaFunctionSettings {
  input: I;
  output: O;
  handler: (input: z.output<I>, context: TaskHandlerContext) => z.input<O> | Promise<z.input<O>>;
}

/**
 * Any handler with its Lambda function settings, e.g.
 * `{ handler: handlerFor(deployTask, deploy), timeoutSeconds: 60 }`.
 */
export interface LambdaFunctionHandler extends LambdaFunctionSettings {
  handler: TaskHandler;
}

/** A handler as registered: a function, a zod-typed descriptor, or either with Lambda settings. */
export type TaskHandler = TaskHandlerFunction | TypedTaskHandler | LambdaFunctionHandler;

/**
 * Task handlers keyed by a resource ARN, a name (function/activity/service action), a
 * `${Placeholder}`, or a glob pattern with `*`.
 */
export type TaskHandlers = Record<string, TaskHandler>;

/** Declares a zod-typed handler with inference (`typedHandler({input, output, handler})`). */
export function typedHandler<I extends z.ZodType, O extends z.ZodType>(
  h: TypedTaskHandler<I, O>,
): TypedTaskHandler<I, O> {
  return h;
}
