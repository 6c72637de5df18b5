import { resources } from './resources.js';
import type { ErrorName, RetryOptions } from './retry-catch.js';
import type { Target } from './state-handle.js';

/**
 * The errors Step Functions reports for a Lambda task besides the function's own: the transient
 * service errors AWS recommends retrying, the account's concurrency limit (`TooManyRequestsException`)
 * and an unhandled function error (`Lambda.Unknown`: out of memory, timeout).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
export const LambdaErrors = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
] as const;

/** An error name of {@link LambdaErrors}. */
export type LambdaError = (typeof LambdaErrors)[number];

/**
 * AWS's recommended retrier for Lambda's transient service errors: 2 s, doubling, 6 attempts — the
 * one AWS CDK's `LambdaInvoke` adds unless `retryOnServiceExceptions: false`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
export const lambdaServiceRetry = {
  errors: LambdaErrors.slice(0, 4) as readonly LambdaError[],
  intervalSeconds: 2,
  maxAttempts: 6,
  backoffRate: 2,
} as const satisfies RetryOptions<LambdaError>;

/** A Catch a preset can carry: it names errors, a target and where the error output goes, nothing read from the input. */
export interface PresetCatch<E extends string> {
  readonly errors: readonly ErrorName<E>[];
  readonly next: Target;
  /** Where the error output goes in the state input; `null` discards it. @default "$" */
  readonly resultPath?: `$${string}` | null;
  readonly comment?: string;
}

/** Options of {@link lambdaTask}. */
export interface LambdaTaskOptions<E extends string, C> {
  /** The function's own error names (its `errorType`s), for Retry and Catch besides {@link LambdaErrors}. */
  readonly errors?: readonly E[];
  /** Retriers after the service retrier, matched in order. */
  readonly retry?: readonly RetryOptions<NoInfer<E> | LambdaError>[];
  /**
   * Changes to {@link lambdaServiceRetry} (e.g. `{ jitterStrategy: 'FULL' }` when thousands of tasks may
   * retry together), or `false` for none. @default lambdaServiceRetry as it is
   */
  readonly serviceRetry?: Omit<RetryOptions<never>, 'errors'> | false;
  /**
   * Fallbacks, matched in order after retries. A Catch with `output` / `assign` callbacks over the
   * state's input goes on the task itself, where that input is typed.
   */
  readonly catch?: C;
}

/** What {@link lambdaTask} returns, to spread into `task()` options. */
export type LambdaTaskPreset<E extends string, C> = {
  readonly resource: string;
  readonly errors: readonly (E | LambdaError)[];
  readonly retry: readonly RetryOptions<E | LambdaError>[];
} & ([C] extends [undefined] ? unknown : { readonly catch: C });

/**
 * The options of a task that invokes a Lambda function by its ARN (the result is the function's
 * return value), with Lambda's errors declared and retried as AWS recommends — spread it into
 * `task()` beside the payload and result options:
 * ```ts
 * machine.task('Deploy', {
 *   ...lambdaTask(machine.placeholder('DeployFunctionArn'), { errors: ['Throttled'], retry: [throttled] }),
 *   outputSchema: Deployment,
 *   parameters: ({ input }) => ({ stackName: input.stackName }),
 * });
 * ```
 * The service retrier comes first, so a `States.ALL` retrier of yours can stay last.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
export function lambdaTask<
  const E extends string = never,
  const C extends readonly PresetCatch<NoInfer<E> | LambdaError>[] | undefined = undefined,
>(functionArn: string, options: LambdaTaskOptions<E, C> = {}): LambdaTaskPreset<E, C> {
  const service = options.serviceRetry === false ? [] : [{ ...lambdaServiceRetry, ...options.serviceRetry }];
  return {
    resource: resources.lambdaFunction(functionArn),
    errors: [...LambdaErrors, ...(options.errors ?? [])],
    retry: [...service, ...(options.retry ?? [])],
    ...(options.catch === undefined ? {} : { catch: options.catch }),
  } as LambdaTaskPreset<E, C>;
}
