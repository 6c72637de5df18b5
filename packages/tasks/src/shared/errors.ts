/**
 * Errors whose `name` is the ASL error the state machine sees (Lambda reports `errorType` = name),
 * so Retry/Catch can match them.
 */

/** The event did not match the handler's input schema. */
export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** AWS throttled a call after the SDK's own retries: the state machine's Retry backs off. */
export class Throttled extends Error {
  override readonly name = 'Throttled';
}
