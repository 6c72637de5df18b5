/** Why a publish stopped; stable so a CLI or pipeline can branch on it. */
export type PublishWorkflowErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_DEFINITION'
  | 'STACK_NOT_FOUND'
  | 'STACK_BUSY'
  | 'STACK_NOT_UPDATABLE'
  | 'NOT_A_WORKFLOW_STACK'
  | 'CHANGE_SET_FAILED'
  | 'STATE_MACHINE_UNTOUCHED'
  | 'STATE_MACHINE_REPLACEMENT'
  | 'UNEXPECTED_CHANGES'
  | 'UPDATE_ROLLED_BACK'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'UPDATE_FAILED'
  | 'TIMEOUT';

/** A publish that did not reach UPDATE_COMPLETE (or "no changes"), with a stable code and a clear message. */
export class PublishWorkflowError extends Error {
  override readonly name = 'PublishWorkflowError';
  constructor(
    readonly code: PublishWorkflowErrorCode,
    message: string,
  ) {
    super(message);
  }
}
