import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { CompileError } from './compile-error.js';

/** The first line of an error's message, without the stack: what the CLI shows. */
export function errorSummary(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
  return firstLine.trim();
}

/** Whether an error comes from the builder (checked by name: the user's module may load its own copy). */
export function isBuilderError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AslDslError';
}

/**
 * Loads a TypeScript or JavaScript module and returns its exports. TypeScript is compiled on the fly
 * by tsx, so users need no build step.
 * @param modulePath relative to `cwd` or absolute.
 * @throws CompileError `ModuleNotFound` when the file does not exist; `BuildFailed` when the module
 * threw an `AslDslError` while running; `ModuleLoadFailed` for any other failure.
 */
export async function loadMachineModule(
  modulePath: string,
  cwd: string = process.cwd(),
): Promise<Record<string, unknown>> {
  const absolute = resolve(cwd, modulePath);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new CompileError('ModuleNotFound', `${modulePath}: no such file (looked at ${absolute})`);
  }
  try {
    const namespace: unknown = await tsImport(pathToFileURL(absolute).href, import.meta.url);
    return namespace as Record<string, unknown>;
  } catch (error) {
    if (isBuilderError(error)) {
      throw new CompileError('BuildFailed', `${modulePath}: ${errorSummary(error)}`, { cause: error });
    }
    throw new CompileError('ModuleLoadFailed', `${modulePath}: failed to load: ${errorSummary(error)}`, {
      cause: error,
    });
  }
}
