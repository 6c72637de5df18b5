/**
 * Issue 14: the StackSets-lite machine and the examples use the DSL as users should — no cast or
 * suppression that switches its checking off. This keeps it true: every TypeScript file of
 * packages/stackset-workflow/src and examples/ is read, and any escape hatch fails the test, named
 * with its file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findEscapeHatches } from '../test-support/type-escape-hatches.js';

const root = fileURLToPath(new URL('../', import.meta.url));

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'out' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return /\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Files written with the DSL, where even a plain `x as T` would hide what the DSL checks. */
const DSL_FILES = [
  /^packages\/stackset-workflow\/src\/machine\/stackset-machine\.ts$/,
  /^examples\/machines\//,
];

function hatchesIn(dirs: readonly string[]): string[] {
  return dirs.flatMap((dir) =>
    typeScriptFiles(join(root, dir)).flatMap((file) => {
      const name = relative(root, file).replaceAll('\\', '/');
      const anyAssertion = DSL_FILES.some((pattern) => pattern.test(name));
      return findEscapeHatches(name, readFileSync(file, 'utf8'), { anyAssertion }).map(
        (h) => `${name}:${h.line}: ${h.kind}: ${h.text}`,
      );
    }),
  );
}

describe('no type escape hatches in the flagship machine and the examples', () => {
  it('finds none in packages/stackset-workflow/src and examples/', () => {
    const files = ['packages/stackset-workflow/src', 'examples'].flatMap((dir) =>
      typeScriptFiles(join(root, dir)),
    );
    expect(files.map((f) => relative(root, f).replaceAll('\\', '/'))).toContain(
      'packages/stackset-workflow/src/machine/stackset-machine.ts',
    );
    expect(hatchesIn(['packages/stackset-workflow/src', 'examples'])).toEqual([]);
  });

  it('recognises each escape hatch (and not its mention in a comment or string)', () => {
    const source = `
import { castRef, ref } from '@stackset-lite/asl-dsl';
import { z } from 'zod';
declare const m: { task(name: string, options: object): unknown };
const a = m as unknown as { x: number };
const b = m as any;
const c = (m) as never;
const d: any = 1;
// @ts-expect-error a deliberate mistake
const e: number = 'x';
/* @ts-ignore */ const f: number = 'y';
const g = castRef<string>(a);
const h = ref<{ backoff: unknown }>()((i) => i.backoff);
const i = z.custom<{ a: string }>(() => true);
const j = z.custom<{ a: string }>();
const k = z.custom<{ a: string }>(function () { return true; });
const fine = z.custom<{ a: string }>((v) => typeof v === 'object');
const alsoFine = [1, 2] as const;
const plain = a as { x: number };
// as unknown as, castRef and as any in a comment are not casts
const text = 'as never, @ts-ignore';
`;
    const kinds = findEscapeHatches('sample.ts', source).map((h) => `${h.line} ${h.kind}`);
    expect(kinds).toEqual([
      '5 as unknown as',
      '6 as any',
      '7 as never',
      '8 any type',
      '9 @ts-expect-error',
      '11 @ts-ignore',
      '12 castRef',
      '13 ref<T>()',
      '14 z.custom accepting every value',
      '15 z.custom accepting every value',
      '16 z.custom accepting every value',
    ]);
    // In the DSL files, a plain assertion is refused too; `as const` is not an assertion of a type.
    expect(
      findEscapeHatches('sample.ts', source, { anyAssertion: true })
        .filter((h) => h.kind === 'type assertion')
        .map((h) => h.line),
    ).toEqual([19]);
  });
});
