import { describe, expect, it } from 'vitest';
import {
  classifyStackStatus,
  deployPolicy,
  isInProgress,
  STACK_STATUSES,
  type StackProgress,
  type StackStatus,
} from '../src/stack-status/stack-status.js';

// The expected class of every one of the 23 statuses, written out so a change to the table is a visible diff.
const DEPLOY: Record<StackStatus, StackProgress> = {
  CREATE_IN_PROGRESS: 'IN_PROGRESS',
  CREATE_FAILED: 'NEEDS_INTERVENTION',
  CREATE_COMPLETE: 'SUCCEEDED',
  ROLLBACK_IN_PROGRESS: 'IN_PROGRESS',
  ROLLBACK_FAILED: 'NEEDS_INTERVENTION',
  ROLLBACK_COMPLETE: 'NEEDS_INTERVENTION',
  DELETE_IN_PROGRESS: 'IN_PROGRESS',
  DELETE_FAILED: 'NEEDS_INTERVENTION',
  DELETE_COMPLETE: 'FAILED',
  UPDATE_IN_PROGRESS: 'IN_PROGRESS',
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: 'IN_PROGRESS',
  UPDATE_COMPLETE: 'SUCCEEDED',
  UPDATE_FAILED: 'NEEDS_INTERVENTION',
  UPDATE_ROLLBACK_IN_PROGRESS: 'IN_PROGRESS',
  UPDATE_ROLLBACK_FAILED: 'NEEDS_INTERVENTION',
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: 'IN_PROGRESS',
  UPDATE_ROLLBACK_COMPLETE: 'FAILED',
  REVIEW_IN_PROGRESS: 'NEEDS_INTERVENTION',
  IMPORT_IN_PROGRESS: 'IN_PROGRESS',
  IMPORT_COMPLETE: 'SUCCEEDED',
  IMPORT_ROLLBACK_IN_PROGRESS: 'IN_PROGRESS',
  IMPORT_ROLLBACK_FAILED: 'NEEDS_INTERVENTION',
  IMPORT_ROLLBACK_COMPLETE: 'FAILED',
};

describe('stack status classification', () => {
  it('knows exactly the 23 CloudFormation statuses', () => {
    expect(STACK_STATUSES).toHaveLength(23);
    expect(new Set(STACK_STATUSES)).toEqual(new Set(Object.keys(DEPLOY)));
  });

  it.each(STACK_STATUSES)('%s is classified for a deploy', (status) => {
    expect(classifyStackStatus(status, 'DEPLOY')).toBe(DEPLOY[status]);
  });

  it.each(STACK_STATUSES)('%s is classified for a delete', (status) => {
    const expected: StackProgress =
      status === 'DELETE_COMPLETE' ? 'SUCCEEDED' : DEPLOY[status] === 'SUCCEEDED' ? 'FAILED' : DEPLOY[status];
    expect(classifyStackStatus(status, 'DELETE')).toBe(expected);
  });

  it('treats exactly the nine *_IN_PROGRESS statuses CloudFormation leaves on its own as in progress', () => {
    const inProgress = STACK_STATUSES.filter(isInProgress);
    expect(inProgress).toHaveLength(9);
    expect(inProgress).not.toContain('REVIEW_IN_PROGRESS');
  });

  it('has a deploy policy for every status', () => {
    const kinds = Object.fromEntries(STACK_STATUSES.map((s) => [s, deployPolicy(s).kind]));
    expect(kinds).toMatchObject({
      ROLLBACK_COMPLETE: 'DELETE_THEN_CREATE',
      REVIEW_IN_PROGRESS: 'CREATE_OVER_REVIEW',
      UPDATE_ROLLBACK_FAILED: 'CONTINUE_ROLLBACK_THEN_UPDATE',
      DELETE_FAILED: 'INTERVENE',
      ROLLBACK_FAILED: 'INTERVENE',
      IMPORT_ROLLBACK_FAILED: 'INTERVENE',
      UPDATE_ROLLBACK_COMPLETE: 'UPDATE',
      CREATE_COMPLETE: 'UPDATE',
    });
    for (const status of STACK_STATUSES.filter(isInProgress)) expect(deployPolicy(status).kind).toBe('WAIT');
    const intervene = deployPolicy('DELETE_FAILED');
    expect(intervene.kind === 'INTERVENE' && intervene.reason).toMatch(/RetainResources/);
  });
});
