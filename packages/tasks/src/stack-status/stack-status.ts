import { z } from 'zod';

/** All 23 CloudFormation `StackStatus` values. */
export const STACK_STATUSES = [
  'CREATE_IN_PROGRESS',
  'CREATE_FAILED',
  'CREATE_COMPLETE',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_FAILED',
  'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
  'DELETE_COMPLETE',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_COMPLETE',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE',
  'REVIEW_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_FAILED',
  'IMPORT_ROLLBACK_COMPLETE',
] as const;

/** A CloudFormation stack status. */
export const StackStatus = z.enum(STACK_STATUSES);
/** A CloudFormation stack status. */
export type StackStatus = z.infer<typeof StackStatus>;

/** What a stack operation is doing to a stack: deploying (create or update) or deleting it. */
export const StackOperationKind = z.enum(['DEPLOY', 'DELETE']);
/** What a stack operation is doing to a stack. */
export type StackOperationKind = z.infer<typeof StackOperationKind>;

/** Where a stack stands relative to the operation we started. */
export const StackProgress = z.enum(['IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'NEEDS_INTERVENTION']);
/** Where a stack stands relative to the operation we started. */
export type StackProgress = z.infer<typeof StackProgress>;

/** The nine statuses CloudFormation leaves on its own (REVIEW_IN_PROGRESS is not one: see below). */
const IN_PROGRESS_STATUSES = [
  'CREATE_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'DELETE_IN_PROGRESS',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
] as const satisfies readonly StackStatus[];

/** A status CloudFormation is still working in. */
export type InProgressStackStatus = (typeof IN_PROGRESS_STATUSES)[number];

const IN_PROGRESS: ReadonlySet<StackStatus> = new Set(IN_PROGRESS_STATUSES);

/** True while CloudFormation is working on the stack: any other operation is refused until it settles. */
export function isInProgress(status: StackStatus): status is InProgressStackStatus {
  return IN_PROGRESS.has(status);
}

/**
 * Classifies a status relative to the operation being polled.
 *
 * - IN_PROGRESS: the nine `*_IN_PROGRESS` statuses that CloudFormation will leave on its own.
 *   REVIEW_IN_PROGRESS is not among them: it is a stack whose CREATE change set was never executed, and it
 *   stays that way forever.
 * - SUCCEEDED: CREATE_COMPLETE, UPDATE_COMPLETE, IMPORT_COMPLETE when deploying; DELETE_COMPLETE when deleting.
 * - FAILED: the operation failed but the stack is usable for the next attempt (UPDATE_ROLLBACK_COMPLETE,
 *   IMPORT_ROLLBACK_COMPLETE); also any settled status a delete did not end in (other than the
 *   intervention states).
 * - NEEDS_INTERVENTION: a human or a repair action is needed before the stack can be deployed again.
 */
export function classifyStackStatus(status: StackStatus, operation: StackOperationKind): StackProgress {
  if (isInProgress(status)) return 'IN_PROGRESS';
  switch (status) {
    case 'CREATE_COMPLETE':
    case 'UPDATE_COMPLETE':
    case 'IMPORT_COMPLETE':
      return operation === 'DEPLOY' ? 'SUCCEEDED' : 'FAILED';
    case 'DELETE_COMPLETE':
      return operation === 'DELETE' ? 'SUCCEEDED' : 'FAILED';
    case 'UPDATE_ROLLBACK_COMPLETE':
    case 'IMPORT_ROLLBACK_COMPLETE':
      return 'FAILED';
    case 'ROLLBACK_COMPLETE':
    case 'ROLLBACK_FAILED':
    case 'DELETE_FAILED':
    case 'UPDATE_ROLLBACK_FAILED':
    case 'CREATE_FAILED':
    case 'UPDATE_FAILED':
    case 'IMPORT_ROLLBACK_FAILED':
    case 'REVIEW_IN_PROGRESS':
      return 'NEEDS_INTERVENTION';
    default:
      return assertNever(status);
  }
}

/** What deployStack does with an existing stack in a given status before (re)deploying it. */
export type DeployPolicy =
  /** CloudFormation is busy: report BUSY, the machine waits and calls again. */
  | { kind: 'WAIT' }
  /** The stack is usable: an UPDATE change set. */
  | { kind: 'UPDATE' }
  /** The stack can only be deleted (a failed create): delete, then create. */
  | { kind: 'DELETE_THEN_CREATE' }
  /**
   * A CREATE change set never executed (REVIEW_IN_PROGRESS: no resources, no tags): CreateStack takes the
   * stack over, keeping its id (AWS-recorded; LocalStack test_changesets.snapshot.json,
   * test_create_while_in_review) — when the change sets are stackset-lite's own.
   */
  | { kind: 'CREATE_OVER_REVIEW' }
  /** UPDATE_ROLLBACK_FAILED: ContinueUpdateRollback, then update once it settles. */
  | { kind: 'CONTINUE_ROLLBACK_THEN_UPDATE' }
  /** Nothing safe to do automatically; `reason` tells the operator what to do. */
  | { kind: 'INTERVENE'; reason: string };

/**
 * The per-status policy for deploying over an existing stack (all 23 statuses; DELETE_COMPLETE only shows
 * when a stack is looked up by id — by name a deleted stack does not exist, and we create it).
 */
export function deployPolicy(status: StackStatus): DeployPolicy {
  if (isInProgress(status)) return { kind: 'WAIT' };
  switch (status) {
    case 'CREATE_COMPLETE':
    case 'UPDATE_COMPLETE':
    case 'UPDATE_ROLLBACK_COMPLETE':
    case 'IMPORT_COMPLETE':
    case 'IMPORT_ROLLBACK_COMPLETE':
    // Rollback was disabled: CloudFormation accepts an update that retries the failed resources.
    case 'CREATE_FAILED':
    case 'UPDATE_FAILED':
      return { kind: 'UPDATE' };
    case 'ROLLBACK_COMPLETE':
    case 'DELETE_COMPLETE':
      return { kind: 'DELETE_THEN_CREATE' };
    case 'REVIEW_IN_PROGRESS':
      return { kind: 'CREATE_OVER_REVIEW' };
    case 'UPDATE_ROLLBACK_FAILED':
      return { kind: 'CONTINUE_ROLLBACK_THEN_UPDATE' };
    case 'ROLLBACK_FAILED':
      return {
        kind: 'INTERVENE',
        reason:
          'stack is ROLLBACK_FAILED (a failed create could not roll back): fix or remove the resources named in ' +
          'the stack events, delete the stack, then rerun; or rerun with repairs.forceDelete to delete and recreate it',
      };
    case 'DELETE_FAILED':
      return {
        kind: 'INTERVENE',
        reason:
          'stack is DELETE_FAILED: delete it with RetainResources for the resources that failed (or ' +
          'DeletionMode=FORCE_DELETE_STACK), then rerun; or rerun with repairs.forceDelete to do that and recreate it',
      };
    case 'IMPORT_ROLLBACK_FAILED':
      return {
        kind: 'INTERVENE',
        reason:
          'stack is IMPORT_ROLLBACK_FAILED: fix the resources named in the stack events and continue the rollback ' +
          'in the CloudFormation console, then rerun',
      };
    default:
      return assertNever(status);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled stack status ${String(value)}`);
}
