import { z } from 'zod';
import { CapabilitySchema, RolloutInputSchema } from '../input/rollout-input.js';
import { TargetStatusSchema } from '../report/target-result.js';
import type { AggregatedOutcome } from '../tasks/aggregate-results.js';
import type { PreparedOperation } from '../tasks/prepare-operation.js';

// The results of the two tasks whose TypeScript types have no schema, as schemas the machine's states
// are typed and checked by; `satisfies` holds each schema to the task's type (the schemas may be
// narrower: the capabilities are the enum the input was checked against).
const Operation = z.object({
  name: z.string(),
  executionId: z.string(),
  action: z.enum(['DEPLOY', 'DELETE']),
});
const Location = z.object({ bucket: z.string(), key: z.string() });

/** What prepareOperation returns: the checked input and every later task's request. */
export const PreparedOperationSchema = z.object({
  input: RolloutInputSchema,
  runId: z.string(),
  bucket: z.string(),
  operation: Operation,
  deployRole: z.object({ roleName: z.string(), externalId: z.string().optional() }),
  stack: z.object({
    name: z.string(),
    templateUrl: z.string().optional(),
    parameters: z.record(z.string(), z.string()),
    capabilities: z.array(CapabilitySchema),
    serviceRoleName: z.string(),
  }),
  listTargets: z.object({
    operation: Operation,
    managementAccount: z.object({ roleArn: z.string(), externalId: z.string().optional() }),
    targets: z.object({
      accounts: z.array(z.string()).optional(),
      organizationalUnitIds: z.array(z.string()).optional(),
      accountFilterType: z.string().optional(),
    }),
    regions: z.array(z.string()),
    includeManagementAccount: z.boolean(),
    parameterOverrides: z.record(z.string(), z.record(z.string(), z.string())),
    inlineLimit: z.number(),
    targetListBucket: z.string(),
    targetListKeyPrefix: z.string(),
  }),
  notify: z.object({ topicArn: z.string(), reportBucket: z.string() }),
}) satisfies z.ZodType<PreparedOperation>;

/** What aggregateResults returns: the outcome, the counts, and notify's request. */
export const AggregatedOutcomeSchema = z.object({
  status: z.enum(['SUCCEEDED', 'FAILED', 'STOPPED']),
  cause: z.string(),
  summary: z.record(TargetStatusSchema, z.number()),
  targetCount: z.number(),
  report: Location,
  notifyRequest: z.object({
    operation: Operation,
    resultsLocation: Location,
    topicArn: z.string(),
    reportBucket: z.string(),
    reportKeyPrefix: z.string(),
  }),
}) satisfies z.ZodType<AggregatedOutcome>;
