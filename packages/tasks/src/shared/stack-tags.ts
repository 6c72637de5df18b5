/**
 * Tags a caller may put on a stack, checked before CreateChangeSet. Rules: CloudFormation API
 * reference, data type `Tag` (key 1-128, value 1-256 characters, at most 50 per stack), and "Tagging
 * best practices" / "Tag naming limits and requirements" (letters, digits, spaces and `_ . : / = + - @`;
 * the `aws:` prefix, in any case, is reserved for AWS). CloudFormation copies stack tags onto the
 * resources it creates, so a tag key is an attribute other policies may trust (ABAC): only the keys the
 * caller meant, never one AWS or stackset-lite itself sets.
 */
import { z } from 'zod';

/** The tag stackset-lite puts on every stack it manages; the deploy role's policies check it. */
export const MANAGED_BY_TAG = { key: 'ManagedBy', value: 'stackset-lite' } as const;
/** Tag naming the operation that last deployed the stack. */
export const OPERATION_TAG_KEY = 'stackset-lite:operation';
/** Keys with this prefix are stackset-lite's own. */
export const STACKSET_LITE_TAG_PREFIX = 'stackset-lite:';
/** CloudFormation's limit on tags per stack. */
export const MAX_STACK_TAGS = 50;
/** Tags stackset-lite adds itself (ManagedBy, stackset-lite:operation). */
const OWN_TAGS = 2;

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Why `key` cannot be a caller's stack tag key, or undefined. */
export function tagKeyProblem(key: string): string | undefined {
  const shown = JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key);
  if (key.length < 1 || key.length > 128) return `tag key ${shown} must be 1-128 characters`;
  if (!TAG_CHARS.test(key)) {
    return `tag key ${shown} may hold only letters, digits, spaces and _ . : / = + - @`;
  }
  if (key.toLowerCase().startsWith('aws:')) return `tag key ${shown} uses the prefix aws:, reserved for AWS`;
  if (key === MANAGED_BY_TAG.key || key.startsWith(STACKSET_LITE_TAG_PREFIX)) {
    return `tag key ${shown} is set by stackset-lite itself`;
  }
  return undefined;
}

/** Why `value` cannot be a stack tag value, or undefined. */
export function tagValueProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 256) return 'a tag value must be 1-256 characters';
  if (!TAG_CHARS.test(value)) return 'a tag value may hold only letters, digits, spaces and _ . : / = + - @';
  if (value.toLowerCase().startsWith('aws:')) return 'a tag value may not start with aws:';
  return undefined;
}

/** A caller's extra stack tags: valid keys and values, none of AWS's or stackset-lite's keys. */
export const StackTags = z.record(z.string(), z.string()).superRefine((tags, ctx) => {
  const entries = Object.entries(tags);
  if (entries.length > MAX_STACK_TAGS - OWN_TAGS) {
    ctx.addIssue({
      code: 'custom',
      message: `${entries.length} tags: a stack holds at most ${MAX_STACK_TAGS}, ${OWN_TAGS} of them stackset-lite's`,
    });
  }
  for (const [key, value] of entries) {
    const problem = tagKeyProblem(key) ?? tagValueProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
  }
});

/** A tag value stackset-lite writes itself (the operation name). */
export const TagValue = z.string().superRefine((value, ctx) => {
  const problem = tagValueProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
