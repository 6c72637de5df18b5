import { Throttled } from './errors.js';

/** Error names and messages AWS uses for throttling across CloudFormation, Organizations, STS, S3 and SNS. */
const THROTTLING_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);

/** The fields of an AWS SDK v3 service exception this project reads. */
interface AwsErrorShape {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
}

function shape(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape) : {};
}

/** The AWS error code (SDK v3 puts it in `name`; some protocols also set `Code`). */
export function awsErrorName(error: unknown): string {
  const { name, Code } = shape(error);
  if (typeof name === 'string' && name !== 'Error') return name;
  if (typeof Code === 'string') return Code;
  return typeof name === 'string' ? name : 'UnknownError';
}

/** The error's message, or '' when it has none. */
export function awsErrorMessage(error: unknown): string {
  const { message } = shape(error);
  return typeof message === 'string' ? message : '';
}

/** True for any throttling error, whatever the service calls it ("Rate exceeded" included). */
export function isThrottling(error: unknown): boolean {
  return THROTTLING_NAMES.has(awsErrorName(error)) || /rate exceeded/i.test(awsErrorMessage(error));
}

/** True when the caller was refused (AccessDenied on AssumeRole, an SCP, a missing permission). */
export function isAccessDenied(error: unknown): boolean {
  const name = awsErrorName(error);
  return (
    name === 'AccessDenied' ||
    name === 'AccessDeniedException' ||
    name === 'UnauthorizedOperation' ||
    /not authorized to perform/i.test(awsErrorMessage(error))
  );
}

/** CloudFormation's answer for a stack name that does not exist (ValidationError "Stack with id X does not exist"). */
export function isStackMissing(error: unknown): boolean {
  return awsErrorName(error) === 'ValidationError' && /does not exist/i.test(awsErrorMessage(error));
}

/**
 * Runs an AWS call and turns throttling, which the SDK's adaptive retries could not absorb, into `Throttled`
 * so the state machine's Retry backs off. Every other error passes through unchanged.
 */
export async function callAws<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isThrottling(error)) {
      throw new Throttled(
        `${what} was throttled after SDK retries: ${awsErrorName(error)}: ${awsErrorMessage(error)}`,
      );
    }
    throw error;
  }
}
