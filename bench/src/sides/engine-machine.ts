/**
 * What both engine sides run: a 10,000-item inline Map (Task with Retry and Catch → Choice → Pass;
 * 10% of items fail twice then succeed, 10% fail with an error only Catch handles).
 */

/** Items in the Map. */
export const ITEMS = 10_000;

/** The benchmark machine, plain ASL. */
export function benchDefinition(): Record<string, unknown> {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work',
              Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
              Catch: [{ ErrorEquals: ['Permanent'], ResultPath: '$.error', Next: 'Caught' }],
              Next: 'Check',
            },
            Check: {
              Type: 'Choice',
              Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }],
              Default: 'Caught',
            },
            // Short results keep the Map output under the 256 KiB payload quota (enforced by asl-local).
            Done: { Type: 'Pass', Result: 'done', End: true },
            Caught: { Type: 'Pass', Result: 'caught', End: true },
          },
        },
        End: true,
      },
    },
  };
}

/** Items in the warm-up execution each side runs (untimed) before the timed one. */
export const WARMUP_ITEMS = 1_000;

/** The execution input: `{ items: [{ id: 0 }, …] }`. */
export function benchInput(items = ITEMS): { items: { id: number }[] } {
  return { items: Array.from({ length: items }, (_, id) => ({ id })) };
}

/** A worker that fails twice for ids ≡ 1 (mod 10), always for ids ≡ 2 (mod 10). */
export function makeWorker(): (input: unknown) => Promise<unknown> {
  const attempts = new Map<number, number>();
  return async (input: unknown) => {
    const { id } = input as { id: number };
    if (id % 10 === 2) throw Object.assign(new Error(`item ${id} is broken`), { name: 'Permanent' });
    if (id % 10 === 1) {
      const n = attempts.get(id) ?? 0;
      attempts.set(id, n + 1);
      if (n < 2) throw Object.assign(new Error(`item ${id} busy`), { name: 'Transient' });
    }
    return { id, ok: true };
  };
}

/** Throws unless the output has one result per item and exactly the 10% caught ones. */
export function checkOutput(output: unknown, items = ITEMS): void {
  const out = output as string[];
  const caught = out.filter((x) => x === 'caught').length;
  if (out.length !== items || caught !== items / 10)
    throw new Error(`wrong result: ${out.length} items, ${caught} caught`);
}

/** Memory of this process, MiB: resident now and the peak since it started (what the OS charged). */
export function memoryMb(): { rss_mb: number; peak_rss_mb: number } {
  return {
    rss_mb: process.memoryUsage().rss / 2 ** 20,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}
