/**
 * A Lambda function error reaches Step Functions with a Cause that is the function's error payload as JSON,
 * `{"errorType": …, "errorMessage": …}` (Step Functions developer guide, "Handling errors in Lambda tasks").
 * Readers want the message; a cause that is not such a payload is kept as it is.
 */
export function lambdaErrorMessage(cause: string): string {
  try {
    const payload: unknown = JSON.parse(cause);
    if (typeof payload === 'object' && payload !== null && 'errorMessage' in payload) {
      const { errorMessage } = payload;
      if (typeof errorMessage === 'string') return errorMessage;
    }
  } catch {
    // a plain-text cause is kept as it is
  }
  return cause;
}
