import { z } from 'zod';

/**
 * The request CloudFormation sends a macro's Lambda function.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros-author.html
 */
export const MacroEventSchema = z.object({
  region: z.string().min(1),
  accountId: z.string().min(1),
  /** The whole template (minus `Transform`) for a template-level transform. */
  fragment: z.record(z.string(), z.unknown()),
  transformId: z.string().min(1),
  /** Parameters of an `Fn::Transform` call; empty for a template-level transform. */
  params: z.record(z.string(), z.unknown()).default({}),
  requestId: z.string().min(1),
  /** The template's parameters, already resolved by CloudFormation. */
  templateParameterValues: z.record(z.string(), z.unknown()).default({}),
});

/** A parsed macro request. */
export type MacroEvent = z.infer<typeof MacroEventSchema>;

/** The response CloudFormation expects; any status other than `success` fails the change set. */
export const MacroResponseSchema = z.object({
  requestId: z.string(),
  status: z.enum(['success', 'failure']),
  fragment: z.record(z.string(), z.unknown()),
  errorMessage: z.string().optional(),
});

/** A macro response. */
export type MacroResponse = z.infer<typeof MacroResponseSchema>;
