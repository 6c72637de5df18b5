import type { ZodType } from 'zod';

/** What {@link resultAt} returns, to spread into `task()` options. */
export interface ResultAt<P, R> {
  readonly outputSchema: ZodType<R>;
  readonly resultPath: P;
}

/**
 * A task's result, typed by `schema`, placed at `path` in its input: `outputSchema` and `resultPath` in
 * one, spread into `task()` options — `...resultAt('$.deployment', Deployment)`. The states after it
 * see `input.deployment` typed by the schema, and handlers get the schema as the task's result schema.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
 */
export function resultAt<const P extends `$${string}`, R>(path: P, schema: ZodType<R>): ResultAt<P, R> {
  return { outputSchema: schema, resultPath: path };
}
