import type { PathRef } from './refs/path-ref.js';

/**
 * A payload of some fields of a reference, each under its own name: `pick(input, 'stackName',
 * 'templateUrl')` is `{ stackName: input.stackName, templateUrl: input.templateUrl }` (JSONPath
 * `"stackName.$": "$.stackName"`, …). The names are checked against the reference's type and each
 * field keeps its type, so the payload is checked against the task's `inputSchema` as if written out;
 * spread it to add other fields: `({ ...pick(input, 'stackName'), region: 'us-east-1' })`.
 */
export function pick<R extends PathRef<unknown>, const K extends keyof R & string>(
  reference: R,
  ...fields: K[]
): Pick<R, K> {
  const payload = {} as Pick<R, K>;
  for (const field of fields) payload[field] = reference[field];
  return payload;
}
