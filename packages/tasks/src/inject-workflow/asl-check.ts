import * as aslDsl from '@stackset-lite/asl-dsl';
import { z } from 'zod';

/** One problem found in a state machine definition, located by JSON pointer. */
export interface AslDiagnostic {
  /** JSON pointer into the definition, e.g. `/States/Deploy/Next`. */
  readonly path: string;
  readonly message: string;
  readonly code?: string;
}

/** Checks a parsed definition and returns its errors (warnings are not returned). */
export type AslCheck = (definition: unknown) => readonly AslDiagnostic[];

const STATE_TYPES = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointer(...segments: string[]): string {
  return segments.map((s) => `/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function checkGraph(graph: unknown, at: string, out: AslDiagnostic[]): void {
  if (!isObject(graph)) {
    out.push({ path: at || '/', code: 'SCHEMA_VALIDATION_FAILED', message: 'must be a JSON object' });
    return;
  }
  const states = graph.States;
  if (typeof graph.StartAt !== 'string') {
    out.push({
      path: `${at}/StartAt`,
      code: 'SCHEMA_VALIDATION_FAILED',
      message: 'StartAt must be a string',
    });
  }
  if (!isObject(states) || Object.keys(states).length === 0) {
    out.push({
      path: `${at}/States`,
      code: 'SCHEMA_VALIDATION_FAILED',
      message: 'States must be a non-empty object',
    });
    return;
  }
  if (typeof graph.StartAt === 'string' && !(graph.StartAt in states)) {
    out.push({
      path: `${at}/StartAt`,
      code: 'MISSING_TRANSITION_TARGET',
      message: `StartAt "${graph.StartAt}" is not a state`,
    });
  }
  for (const [name, state] of Object.entries(states)) {
    const here = `${at}${pointer('States', name)}`;
    if (!isObject(state) || typeof state.Type !== 'string' || !STATE_TYPES.has(state.Type)) {
      out.push({
        path: `${here}/Type`,
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `state "${name}" has no valid Type (one of ${[...STATE_TYPES].join(', ')})`,
      });
      continue;
    }
    if (typeof state.Next === 'string' && !(state.Next in states)) {
      out.push({
        path: `${here}/Next`,
        code: 'MISSING_TRANSITION_TARGET',
        message: `state "${name}" goes Next to "${state.Next}", which is not a state`,
      });
    }
    if (Array.isArray(state.Branches)) {
      state.Branches.forEach((branch, i) => {
        checkGraph(branch, `${here}/Branches/${i}`, out);
      });
    }
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor !== undefined) {
      checkGraph(processor, `${here}/${state.ItemProcessor ? 'ItemProcessor' : 'Iterator'}`, out);
    }
  }
}

/**
 * A structural check used until `@stackset-lite/asl-dsl` exports its full validator: StartAt, States,
 * state Types and Next targets, recursively through Parallel branches and Map processors.
 */
export const basicAslCheck: AslCheck = (definition) => {
  const out: AslDiagnostic[] = [];
  checkGraph(definition, '', out);
  return out;
};

// The asl-dsl validator is written concurrently by another team; read its result defensively (zod at
// the boundary) so either an array of diagnostics or a `{ diagnostics }` report works.
const ValidatorDiagnosticSchema = z.looseObject({
  message: z.string(),
  path: z.string().optional(),
  location: z.string().optional(),
  pointer: z.string().optional(),
  code: z.string().optional(),
  severity: z.string().optional(),
});
const DiagnosticListSchema = z.array(ValidatorDiagnosticSchema);
const ValidatorResultSchema = z.union([
  DiagnosticListSchema,
  z.object({ diagnostics: DiagnosticListSchema }).transform((r) => r.diagnostics),
  z.object({ errors: DiagnosticListSchema }).transform((r) => r.errors),
]);

/**
 * Adapts the asl-dsl `validate` export when present; falls back to {@link basicAslCheck} otherwise.
 */
export function defaultAslCheck(): AslCheck {
  const validate: unknown = (aslDsl as Record<string, unknown>).validate;
  if (typeof validate !== 'function') return basicAslCheck;
  return (definition) => {
    const parsed = ValidatorResultSchema.safeParse(validate(definition));
    if (!parsed.success) return basicAslCheck(definition);
    const list = parsed.data;
    return list
      .filter((d) => d.severity === undefined || d.severity.toLowerCase() === 'error')
      .map((d) => ({
        path: d.path ?? d.location ?? d.pointer ?? '/',
        message: d.message,
        ...(d.code ? { code: d.code } : {}),
      }));
  };
}
