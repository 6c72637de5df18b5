/**
 * The error names Step Functions raises itself.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export const PredefinedErrors = {
  ALL: 'States.ALL',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  /** Not caught by States.ALL. */
  DataLimitExceeded: 'States.DataLimitExceeded',
  /** Not caught by States.ALL. */
  Runtime: 'States.Runtime',
} as const;

/** One of the error names Step Functions raises itself. */
export type PredefinedError = (typeof PredefinedErrors)[keyof typeof PredefinedErrors];

/** Errors that a Catch or Retry with States.ALL does not match. */
export const UNCATCHABLE_ERRORS: readonly string[] = [
  PredefinedErrors.DataLimitExceeded,
  PredefinedErrors.Runtime,
];
