import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import { z } from 'zod';
import type { TaskHandlers } from '../handlers/task-handler.js';

const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

const mockResponse = z.union([
  z.strictObject({ return: json }),
  z.strictObject({ throw: z.strictObject({ error: z.string().min(1), cause: z.string().optional() }) }),
]);

/**
 * The `--mocks` file: canned task responses keyed like handlers (resource ARN, name, `${Placeholder}`
 * or glob). A list answers successive calls in order and then repeats its last entry.
 *
 * @example
 * { "mocks": {
 *     "deploy": { "return": { "status": "OK" } },
 *     "arn:aws:states:::lambda:invoke": [ { "throw": { "error": "Lambda.TooManyRequestsException" } }, { "return": { "Payload": 1 } } ]
 * } }
 */
export const mocksFileSchema = z.strictObject({
  mocks: z.record(z.string(), z.union([mockResponse, z.array(mockResponse).min(1)])),
});

/** A parsed mocks file. */
export type MocksFile = z.infer<typeof mocksFileSchema>;

/** Turns a mocks file into task handlers (one call counter per key). */
export function handlersFromMocks(file: MocksFile): TaskHandlers {
  const handlers: TaskHandlers = {};
  for (const [key, spec] of Object.entries(file.mocks)) {
    const list = Array.isArray(spec) ? spec : [spec];
    let calls = 0;
    handlers[key] = () => {
      const r = list[Math.min(calls++, list.length - 1)] as z.infer<typeof mockResponse>;
      if ('throw' in r) throw Object.assign(new Error(r.throw.cause ?? ''), { name: r.throw.error });
      return r.return;
    };
  }
  return handlers;
}
