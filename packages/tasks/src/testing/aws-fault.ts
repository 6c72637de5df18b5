/** An error shaped like an AWS SDK v3 service exception (`name` is the AWS error code). */
export class SimulatedAwsError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata = { httpStatusCode: 400 };
  constructor(name: string, message: string, fault: 'client' | 'server' = 'client') {
    super(message);
    this.name = name;
    this.$fault = fault;
  }
}

/** CloudFormation's error for most bad requests. */
export function validationError(message: string): SimulatedAwsError {
  return new SimulatedAwsError('ValidationError', message);
}
