import { z } from 'zod';
import { BucketName, KeyPrefix } from '../shared/s3-names.js';

/** CloudFormation capabilities a workflow stack may need; the macro itself needs CAPABILITY_AUTO_EXPAND. */
export const CapabilitySchema = z.enum(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);

/** Options of {@link publishWorkflow}. */
export const PublishWorkflowOptionsSchema = z.object({
  /** Name or ID of the stack built from a template that uses the injectWorkflow macro. */
  stackName: z.string().min(1).max(128),
  /** The Amazon States Language definition: JSON text or a parsed object. */
  definition: z.union([z.string(), z.record(z.string(), z.unknown())]),
  /** The workflow bucket the macro is allowed to read (S3's bucket naming rules). */
  bucket: BucketName,
  /**
   * Key prefix; the key ends `<stack>/<sha256 prefix>.json` so each version is kept and identical content
   * is a no-op. No `.`/`..`/empty segments: the macro refuses such keys.
   */
  keyPrefix: KeyPrefix.pipe(z.string().max(512)).default('workflows/'),
  /** The template parameter holding the `s3://` location. @default 'S3Key' */
  s3KeyParameter: z.string().min(1).default('S3Key'),
  /** Logical id of the state machine; defaults to the stack's `SMResource` parameter. */
  stateMachineLogicalId: z.string().min(1).optional(),
  /** Execute even when the change set changes resources other than the state machine. @default false */
  allowOtherChanges: z.boolean().default(false),
  /** Execute even when the state machine would be replaced (its ARN changes). @default false */
  allowReplacement: z.boolean().default(false),
  /** @default 5 */
  pollIntervalSeconds: z.number().positive().max(300).default(5),
  /** Gives up waiting for the change set or the stack after this long. @default 3600 */
  timeoutSeconds: z.number().positive().default(3600),
});

/** Options as the caller writes them. */
export type PublishWorkflowOptions = z.input<typeof PublishWorkflowOptionsSchema>;
/** Options after defaults. */
export type ResolvedPublishWorkflowOptions = z.output<typeof PublishWorkflowOptionsSchema>;
