import { PredefinedErrors, UNCATCHABLE_ERRORS } from '@stackset-lite/asl-dsl';
import { describe, expect, it } from 'vitest';

describe('model', () => {
  it('marks DataLimitExceeded and Runtime as uncatchable by States.ALL', () => {
    expect(UNCATCHABLE_ERRORS).toEqual([PredefinedErrors.DataLimitExceeded, PredefinedErrors.Runtime]);
  });
});
