import { z } from 'zod';
import { CompileError } from './compile-error.js';

/** A module path with an optional export name, as written on the command line: `machines.ts#deploy`. */
export interface ModuleReference {
  /** The module path as given (relative to the working directory or absolute). */
  readonly modulePath: string;
  /** The export to compile; absent means the default export or the only machine export. */
  readonly exportName?: string;
}

const referenceText = z
  .string()
  .min(1, 'a module path is required')
  .refine((text) => !text.startsWith('#'), 'the module path before "#" is empty');

/**
 * Parses `path/to/module.ts[#export]`. The last `#` separates the export, so a path may contain `#`
 * only if an export name follows.
 */
export function parseModuleReference(text: string): ModuleReference {
  const parsed = referenceText.safeParse(text);
  if (!parsed.success) {
    throw new CompileError(
      'InvalidModuleReference',
      `invalid module reference "${text}": ${parsed.error.issues[0]?.message}`,
    );
  }
  const checked = parsed.data;
  const hash = checked.lastIndexOf('#');
  if (hash === -1) return { modulePath: checked };
  const exportName = checked.slice(hash + 1);
  const modulePath = checked.slice(0, hash);
  return exportName === '' ? { modulePath } : { modulePath, exportName };
}
