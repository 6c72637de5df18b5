import type {
  createDeployStackHandler,
  DeployStackEvent,
  DeployStackOutput,
  ListTargetsEvent,
  ListTargetsOutput,
  PollStackOutput,
  StackStatus,
  Target,
} from '@stackset-lite/tasks';
import { describe, expectTypeOf, it } from 'vitest';

// Type-level contract checks. They are enforced by the workspace type check (`tsc -p tsconfig.json`,
// which includes packages/*/test); kept out of vitest's *.test-d.ts typecheck pass, which re-checks the
// whole workspace and alone took ~40 s of this package's test time.

describe('handler contracts, as the state machine sees them', () => {
  it('deployStack answers with typed action and outcome', () => {
    expectTypeOf<DeployStackOutput['outcome']>().toEqualTypeOf<
      'STARTED' | 'CHANGE_SET_CREATED' | 'NO_CHANGES' | 'BUSY' | 'FAILED' | 'SKIPPED'
    >();
    expectTypeOf<DeployStackOutput['waitSeconds']>().toEqualTypeOf<number>();
    expectTypeOf<DeployStackOutput['action']>().toEqualTypeOf<
      'CREATE' | 'UPDATE' | 'DELETE' | 'CONTINUE_ROLLBACK' | 'NONE'
    >();
    expectTypeOf<ReturnType<ReturnType<typeof createDeployStackHandler>>>().toEqualTypeOf<
      Promise<DeployStackOutput>
    >();
  });

  it('events may leave defaulted fields out', () => {
    expectTypeOf<{
      operation: { name: string; executionId: string };
      target: { accountId: string; region: string };
      stack: { name: string; templateUrl: string };
      deployRole: { roleName: string };
    }>().toExtend<DeployStackEvent>();
    expectTypeOf<{
      operation: { name: string; executionId: string };
      managementAccount: { roleArn: string };
      regions: string[];
    }>().toExtend<ListTargetsEvent>();
  });

  it('listTargets output discriminates on storage', () => {
    type Inline = Extract<ListTargetsOutput, { storage: 'INLINE' }>;
    type InS3 = Extract<ListTargetsOutput, { storage: 'S3' }>;
    expectTypeOf<Inline['targets']>().toEqualTypeOf<Target[]>();
    expectTypeOf<InS3>().toHaveProperty('bucket');
    expectTypeOf<InS3>().not.toHaveProperty('targets');
    expectTypeOf<Target['status']>().toEqualTypeOf<'PENDING' | 'SKIPPED'>();
  });

  it('pollStack reports one of the 23 statuses (when it described the stack) and where the target stands', () => {
    expectTypeOf<PollStackOutput['stackStatus']>().toEqualTypeOf<StackStatus | undefined>();
    expectTypeOf<PollStackOutput['progress']>().toEqualTypeOf<
      'IN_PROGRESS' | 'REDEPLOY' | 'SUCCEEDED' | 'NO_CHANGES' | 'FAILED' | 'NEEDS_INTERVENTION' | 'SKIPPED'
    >();
    expectTypeOf<PollStackOutput['phase']>().toEqualTypeOf<'CHANGE_SET' | 'STACK' | 'BUSY'>();
  });
});
