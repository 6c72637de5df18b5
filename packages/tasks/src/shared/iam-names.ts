/**
 * IAM role names as IAM defines them (IAM User Guide, "IAM and AWS STS quotas, name requirements":
 * a role name is 1-64 of `A-Za-z0-9+=,.@_-`; a path is `/` or `/…/` of printable ASCII, ≤ 512), and
 * the names StackSets-lite itself assumes.
 */
import { z } from 'zod';

const NAME = /^[\w+=,.@-]{1,64}$/;
const PATH_SEGMENT = /^[\w+=,.@-]+$/;

/**
 * The roles the orchestrator assumes are named `stackset-lite-…` (the role templates' defaults:
 * `stackset-lite-deploy`, `stackset-lite-target-lister`), so an event can never make it assume an
 * administrator role such as `OrganizationAccountAccessRole`.
 */
export const STACKSET_LITE_ROLE_PREFIX = 'stackset-lite-';

/**
 * Why `text` is not a role name, optionally with a path (`team/app/name`, no leading or trailing `/`),
 * or undefined when it is one.
 */
export function roleNameProblem(text: string): string | undefined {
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  if (text.length > 512 + 64) return `${shown} is longer than an IAM role path and name can be`;
  const segments = text.split('/');
  const name = segments.pop() ?? '';
  if (!NAME.test(name)) {
    return `${shown} is not an IAM role name (1-64 letters, digits and + = , . @ _ -)`;
  }
  if (segments.some((s) => !PATH_SEGMENT.test(s))) {
    return `${shown} has an invalid path (segments of letters, digits and + = , . @ _ -, no empty ones)`;
  }
  return undefined;
}

/** Like {@link roleNameProblem}, and the name must start with `stackset-lite-`. */
export function stacksetLiteRoleNameProblem(text: string): string | undefined {
  const problem = roleNameProblem(text);
  if (problem) return problem;
  const name = text.split('/').pop() ?? '';
  if (!name.startsWith(STACKSET_LITE_ROLE_PREFIX) || name.length === STACKSET_LITE_ROLE_PREFIX.length) {
    return `${JSON.stringify(name)} is not a stackset-lite role: the orchestrator only assumes roles named ${STACKSET_LITE_ROLE_PREFIX}… (the role templates' names)`;
  }
  return undefined;
}

/** An IAM role name, optionally with a path. */
export const RoleName = z.string().superRefine((text, ctx) => {
  const problem = roleNameProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A role the orchestrator may assume: an IAM role name starting with `stackset-lite-`. */
export const StacksetLiteRoleName = z.string().superRefine((text, ctx) => {
  const problem = stacksetLiteRoleNameProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * An `sts:ExternalId`: 2-1,224 of `A-Za-z0-9+=,.@:/_-` (STS API reference, AssumeRole, ExternalId).
 */
export const ExternalId = z
  .string()
  .min(2)
  .max(1224)
  .regex(/^[\w+=,.@:/-]+$/, 'expected an external ID: letters, digits and + = , . @ : / _ -');
