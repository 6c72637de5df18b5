import type { z } from 'zod';
import type { Diagnostic } from './diagnostic.js';
import { pointerOf, pointerTo } from './json-pointer.js';

const STATE_TYPES = "'Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel' or 'Map'";

/** Turns zod issues from `aslSchema` into SCHEMA_VALIDATION_FAILED diagnostics with JSON pointers. */
export function schemaDiagnostics(issues: readonly z.core.$ZodIssue[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    const location = pointerOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          code: 'SCHEMA_VALIDATION_FAILED',
          severity: 'ERROR',
          message: `field '${key}' is not supported here`,
          location: pointerTo(location, key),
        });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_union' && issue.path[issue.path.length - 1] === 'Type') {
      message = `Type must be ${STATE_TYPES}`;
    } else if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
      message = `field '${String(issue.path[issue.path.length - 1])}' is required`;
    } else {
      message = `${String(issue.path[issue.path.length - 1] ?? 'definition')}: ${issue.message}`;
    }
    out.push({ code: 'SCHEMA_VALIDATION_FAILED', severity: 'ERROR', message, location });
  }
  return out;
}
