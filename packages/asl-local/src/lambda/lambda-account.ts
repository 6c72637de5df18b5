import { StatesError } from '../errors/states-error.js';

/** AWS's default concurrent-executions quota of an account in a Region (Lambda quotas page). */
export const DEFAULT_LAMBDA_CONCURRENCY = 1000;

const LAMBDA_INVOCATION =
  /^arn:aws[a-z-]*:(lambda:[^:]*:[^:]*:function:|states:::lambda:invoke(\.waitForTaskToken)?$)/;

/** Whether a Task Resource invokes a Lambda function (a function ARN or the `lambda:invoke` integration). */
export function isLambdaInvocation(resource: string): boolean {
  return LAMBDA_INVOCATION.test(resource);
}

/** What the Lambda side of an execution saw. */
export interface LambdaStats {
  /** Most function calls running at the same moment. */
  peakConcurrentExecutions: number;
  /** Invocations refused with `Lambda.TooManyRequestsException`. */
  throttledInvocations: number;
  /** Calls ended by their function's timeout (`Sandbox.Timedout`). */
  timedOutInvocations: number;
}

/**
 * The Lambda service of one account as the execution's tasks see it: calls in flight count
 * against the account's concurrent-executions limit; one call beyond it is throttled.
 */
export class LambdaAccount {
  private inFlight = 0;
  readonly stats: LambdaStats = {
    peakConcurrentExecutions: 0,
    throttledInvocations: 0,
    timedOutInvocations: 0,
  };

  constructor(
    /** The concurrent-executions limit, or null for none. */
    readonly concurrencyLimit: number | null,
    private readonly requestId: () => string,
  ) {}

  /**
   * Starts one function call (end it with {@link endCall}, once). Past the limit it throws
   * `Lambda.TooManyRequestsException` as Step Functions reports Lambda's 429.
   */
  startCall(): void {
    if (this.concurrencyLimit !== null && this.inFlight >= this.concurrencyLimit) {
      this.stats.throttledInvocations++;
      throw tooManyRequests(this.requestId());
    }
    this.inFlight++;
    if (this.inFlight > this.stats.peakConcurrentExecutions)
      this.stats.peakConcurrentExecutions = this.inFlight;
  }

  /** Ends a call started by {@link startCall}. */
  endCall(): void {
    this.inFlight--;
  }

  /** The error of a call that ran past its function's timeout (counted). */
  timedOut(timeoutSeconds: number): StatesError {
    this.stats.timedOutInvocations++;
    return sandboxTimedOut(this.requestId(), timeoutSeconds);
  }
}

/**
 * Lambda answers a timed-out call with the function error `Sandbox.Timedout`; Step Functions makes
 * its `errorType` the error and the compact error payload the cause.
 */
export function sandboxTimedOut(requestId: string, timeoutSeconds: number): StatesError {
  const payload = {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
  const se = new StatesError('Sandbox.Timedout', JSON.stringify(payload));
  se.raisedByWorkflow = true;
  return se;
}

/** Lambda's 429 for a call beyond the concurrency limit, worded as Step Functions reports service errors. */
export function tooManyRequests(requestId: string): StatesError {
  const se = new StatesError(
    'Lambda.TooManyRequestsException',
    `Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: ${requestId}; Proxy: null)`,
  );
  se.raisedByWorkflow = true;
  return se;
}
